"""OCR quality and speed: scanned renderings of real text PDFs, read back and compared with their text layer.

Usage: python -m bench.bench_ocr [PDFS_OR_DIRS...] [--variants 200,300,rotated,noisy] [--no-extraction]

Without arguments it reads the PDFs in ../shared/corpus/dev/docs and ../shared/corpus/dev2/docs and
typesets the seed texts of ../shared/corpus/seeds as PDFs; without ../shared it says so and exits 0.
Each PDF is rasterised with pypdfium2 and wrapped as an image-only PDF ("a scan"):
  200, 300  clean renderings at 200 and 300 dpi
  rotated   300 dpi, the page turned a quarter turn and skewed 1.5 degrees
  noisy     300 dpi with grain, speckles and a slight blur
then parsed by Acervo (which OCRs it). The reference is Acervo's text-layer parse of the same page.
Printed: CER per variant (edit distance / reference characters, whitespace collapsed; budget <= 3 % at 300 dpi
clean), participants and dates F1 of extraction on the text layer and on the 300 dpi scan against the gold
files (budget: within 0.05), and pages/s of text-layer parsing, of pypdfium2's raw text extraction and of OCR.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bench.bench_pdf import raw_pdfium
from ingest.parse import OcrConfig, ParsedDocument, parse_bytes
from ingest.pipeline import iter_files

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CORPUS_PDFS = [SHARED / "corpus" / "dev" / "docs", SHARED / "corpus" / "dev2" / "docs"]
SEEDS = SHARED / "corpus" / "seeds"
GOLD = [
    SHARED / "eval" / "seeds.gold.jsonl",
    SHARED / "corpus" / "dev" / "gold.jsonl",
    SHARED / "corpus" / "dev2" / "gold.jsonl",
]
SCORER = SHARED / "eval" / "score_extraction.py"
VARIANTS = ("200", "300", "rotated", "noisy")
CER_BUDGET = 0.03
F1_BUDGET = 0.05


@dataclass
class Source:
    """A text PDF to scan: its name (matching the gold file) and bytes."""

    name: str
    data: bytes


@dataclass
class Tally:
    edits: int = 0
    chars: int = 0
    pages: int = 0
    seconds: float = 0.0
    worst: list[tuple[float, str]] = field(default_factory=list)

    @property
    def cer(self) -> float:
        return self.edits / self.chars if self.chars else 0.0


def typeset(text: str) -> bytes:
    """A seed text as a plain A4 PDF, one paragraph per blank-line-separated block, its lines kept."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    story = []
    for block in text.split("\n\n"):
        lines = [" ".join(line.split()) for line in block.strip().split("\n") if line.strip()]
        if lines:
            story.append(Paragraph("<br/>".join(escape(line) for line in lines), style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def default_sources() -> list[Source]:
    sources = [Source(p.name, p.read_bytes()) for d in CORPUS_PDFS if d.is_dir() for p in sorted(d.glob("*.pdf"))]
    if SEEDS.is_dir():
        sources += [Source(p.name, typeset(p.read_text(encoding="utf-8"))) for p in sorted(SEEDS.glob("*.txt"))]
    return sources


def scan(data: bytes, variant: str) -> bytes:
    """An image-only PDF of `data` as the variant's scanner would make it."""
    import numpy as np
    import pypdfium2
    from PIL import Image, ImageFilter

    dpi = 200 if variant == "200" else 300
    rng = np.random.default_rng(16)
    pages = []
    document = pypdfium2.PdfDocument(data)
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
        if variant == "rotated":
            image = image.rotate(90, expand=True, fillcolor=255).rotate(1.5, expand=True, fillcolor=255)
        elif variant == "noisy":
            pixels = np.asarray(image, dtype=np.float32)
            pixels += rng.normal(0, 30, pixels.shape)
            speckles = rng.random(pixels.shape)
            pixels[speckles < 0.002] = 0
            pixels[speckles > 0.998] = 255
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))
        pages.append(image)
    document.close()
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buffer.getvalue()


def page_texts(doc: ParsedDocument) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for block in doc.blocks:
        out.setdefault(block.page or 1, []).append(block.text)
    return {page: " ".join(" ".join(parts).split()) for page, parts in out.items()}


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


FIELDS = ("participants", "dates")


def extract_all(docs: dict[str, ParsedDocument], gold: dict[str, str]) -> dict[str, dict]:
    from ingest.extract import Extractor

    extractor = Extractor()
    return {name: extractor.extract(doc).to_schema() for name, doc in docs.items() if name in gold}


def extraction_f1(predicted: dict[str, dict], gold: dict[str, str]) -> dict[str, float]:
    """F1 per field from the shared scorer, over the documents that have gold."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_path.write_text("".join(gold[n] for n in predicted), encoding="utf-8")
        with pred_path.open("w", encoding="utf-8") as out:
            for name, schema in predicted.items():
                out.write(json.dumps({**schema, "file": name}, ensure_ascii=False) + "\n")
        run = subprocess.run(
            [sys.executable, str(SCORER), str(gold_path), str(pred_path), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    scores = json.loads(run.stdout)
    return {f: scores.get(f, {}).get("f", 0.0) for f in FIELDS}


def load_gold() -> dict[str, str]:
    gold: dict[str, str] = {}
    for path in GOLD:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    gold[json.loads(line)["file"]] = line + "\n"
    return gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--no-extraction", action="store_true", help="skip the extraction F1 comparison")
    args = ap.parse_args(argv)
    if args.paths:
        sources = [Source(p.name, p.read_bytes()) for p in iter_files(map(Path, args.paths)) if p.suffix == ".pdf"]
    elif not SHARED.is_dir():
        print(f"skipped: {SHARED.resolve()} is absent (no corpus to benchmark)")
        return 0
    else:
        sources = default_sources()
    if not sources:
        print("skipped: no PDFs to benchmark")
        return 0
    variants = [v for v in args.variants.split(",") if v]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        ap.error(f"unknown variants: {', '.join(sorted(unknown))}")
    text_only = OcrConfig(enabled=False)
    ocr = OcrConfig()

    # Text layer: Acervo's parser, and pypdfium2's raw extraction, on the same files (best of 3).
    reference: dict[str, ParsedDocument] = {}
    layer_pages = layer_s = raw_s = 0.0
    for source in sources:
        seconds, doc = timed(lambda s=source: parse_bytes(s.data, s.name, ocr=text_only))
        raw, _ = timed(lambda s=source: raw_pdfium(s.data))
        reference[source.name] = doc
        layer_pages += doc.pages or 0
        layer_s += seconds
        raw_s += raw
    print(f"documents: {len(sources)}  pages: {layer_pages:.0f}")
    print(f"text layer, Acervo's parser:   {layer_pages / layer_s:7.1f} pages/s")
    print(f"text layer, pypdfium2 raw:     {layer_pages / raw_s:7.1f} pages/s  (Acervo at {raw_s / layer_s:.2f}x)")

    tallies: dict[str, Tally] = {}
    scanned300: dict[str, ParsedDocument] = {}
    for variant in variants:
        tally = tallies[variant] = Tally()
        for source in sources:
            ref_pages = {p.page for p in reference[source.name].page_sources if p.source == "text"}
            expected = {k: v for k, v in page_texts(reference[source.name]).items() if k in ref_pages}
            image_pdf = scan(source.data, variant)
            t0 = time.perf_counter()
            doc = parse_bytes(image_pdf, source.name, ocr=ocr)
            tally.seconds += time.perf_counter() - t0
            tally.pages += doc.pages or 0
            if variant == "300":
                scanned300[source.name] = doc
            got = page_texts(doc)
            for page, text in expected.items():
                edits = Levenshtein.distance(text, got.get(page, ""))
                tally.edits += edits
                tally.chars += len(text)
                tally.worst.append((edits / max(len(text), 1), f"{source.name} p.{page}"))
        print(
            f"OCR {variant:>7}: CER {tally.cer:6.2%}  ({tally.edits} edits / {tally.chars} chars)"
            f"  {tally.pages / tally.seconds:5.2f} pages/s  worst: "
            + ", ".join(f"{name} {cer:.1%}" for cer, name in sorted(tally.worst, reverse=True)[:2])
        )
    ok = True
    if "300" in tallies:
        cer = tallies["300"].cer
        ok = cer <= CER_BUDGET
        print(f"CER at 300 dpi clean: {cer:.2%}  (budget <= {CER_BUDGET:.0%}: {'OK' if ok else 'OVER'})")
        seconds = tallies["300"].seconds / max(tallies["300"].pages, 1)
        print(f"OCR at 300 dpi: {seconds:.2f} s/page -> a 100-page scanned acta in about {100 * seconds:.0f} s")

    gold = load_gold()
    if not args.no_extraction and scanned300 and gold and SCORER.is_file():
        on_text = extract_all({n: reference[n] for n in scanned300}, gold)
        on_scan = extract_all(scanned300, gold)
        text_f1, scan_f1 = extraction_f1(on_text, gold), extraction_f1(on_scan, gold)
        scored = len(on_scan)
        for name in text_f1:
            gap = text_f1[name] - scan_f1[name]
            within = abs(gap) <= F1_BUDGET
            ok = ok and within
            print(
                f"extraction F1 {name:<12} text layer {text_f1[name]:.3f}  300 dpi scan {scan_f1[name]:.3f}"
                f"  gap {gap:+.3f}  ({scored} documents with gold; budget <= {F1_BUDGET}: {'OK' if within else 'OVER'})"
            )
        # Where the two differ, say what: a scan also reads text the PDF holds only as a picture.
        for name in on_scan:
            for field_name in FIELDS:
                a, b = _values(on_text[name], field_name), _values(on_scan[name], field_name)
                if a != b:
                    only_text, only_scan = sorted(a - b), sorted(b - a)
                    print(f"  {name} {field_name}: only on the text layer {only_text}, only on the scan {only_scan}")
    return 0 if ok else 1


def _values(schema: dict, field_name: str) -> set[str]:
    items = schema.get(field_name) or []
    return {item["name"] if isinstance(item, dict) else str(item) for item in items}


if __name__ == "__main__":
    raise SystemExit(main())
