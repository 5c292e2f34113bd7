"""PDF parsing speed: Acervo's parser next to pypdfium2's raw text extraction, on the same PDFs, in one run.

Usage: python -m bench.bench_pdf [PDFS_OR_DIRS...] [--docs N] [--rounds N]

Without arguments the PDFs are: synthetic actas (bench/synthetic.py) written by a minimal PDF writer here
(one text object per line as simple generators write them: headings, agenda, prose, a running header and
page numbers, the agreements as a ruled table), the same actas typeset by reportlab when it is installed
(wrapped paragraphs, grid tables), and the PDFs of ../shared/corpus when it is present (skipped when absent).
Each round parses every PDF with Acervo (`parse_bytes`, OCR off: text layers only) and extracts every page's
text with pypdfium2 (open, then each page's text page and its whole text), one right after the other, so
that other work on a shared machine falls on both alike. Reported: pages/s of each (median round) per group
of PDFs and in all, and their ratio; the target is Acervo at >= 0.25x of pypdfium2.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import textwrap
import time
import zlib
from pathlib import Path

from bench.synthetic import FULL, acta, pdf_file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
TARGET = 0.25
_WIDTH, _HEIGHT, _MARGIN = 595.0, 842.0, 72.0


def raw_pdfium(data: bytes) -> int:
    """pypdfium2's text extraction of every page; the number of pages."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    count = len(document)
    for page in document:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()
    return count


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class _Pages:
    """Content streams of A4 pages, filled top to bottom; a header and a page number on each."""

    def __init__(self, header: str) -> None:
        self.header = header
        self.streams: list[list[bytes]] = []
        self.y = 0.0

    def need(self, height: float) -> None:
        if not self.streams or self.y - height < _MARGIN:
            self.streams.append([])
            number = len(self.streams)
            self.text(self.header, 8, _MARGIN, _HEIGHT - 40)
            self.text(f"Página {number}", 8, _WIDTH - 110, 36)
            self.y = _HEIGHT - _MARGIN

    def text(self, line: str, size: float, x: float, y: float, bold: bool = False) -> None:
        font = b"/F2" if bold else b"/F1"
        self.streams[-1].append(b"BT %s %g Tf %g %g Td (%s) Tj ET" % (font, size, x, y, _escape(line)))

    def lines(self, lines: list[str], size: float, bold: bool = False, gap: float = 6) -> None:
        for line in lines:
            self.need(size * 1.3)
            self.y -= size * 1.3
            self.text(line, size, _MARGIN, self.y, bold)
        self.y -= gap

    def table(self, rows: list[list[str]], widths: list[float]) -> None:
        wrapped = [
            [textwrap.wrap(cell, int(width / 5.6)) or [""] for cell, width in zip(row, widths, strict=True)]
            for row in rows
        ]
        self.need(sum(13 * max(len(c) for c in cells) + 6 for cells in wrapped))  # the table on one page
        for row, cells in zip(rows, wrapped, strict=True):
            height = 13 * max(len(c) for c in cells) + 6
            x = _MARGIN
            for cell, width in zip(cells, widths, strict=True):
                self.streams[-1].append(b"%g %g %g %g re S" % (x, self.y - height, width, height))
                for k, line in enumerate(cell):
                    self.text(line, 10, x + 4, self.y - 13 * (k + 1), bold=row is rows[0])
                x += width
            self.y -= height
        self.y -= 8


def minimal_pdf(markdown: str) -> bytes:
    """A PDF of a synthetic acta as a simple generator writes one: Helvetica, a text object per line,
    cells drawn as rectangles."""
    pages = _Pages("Instituto Municipal de Planeación — Actas del Consejo")
    table: list[list[str]] = []
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block.startswith("|"):
            table = [[c.strip() for c in line.strip("|").split("|")] for line in block.splitlines()]
            pages.table([r for r in table if not set("".join(r)) <= set("-")], [231, 110, 110])
        elif block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            pages.lines(textwrap.wrap(block.lstrip("# "), 60), 16 if level == 1 else 13, bold=True)
        elif block.startswith("**"):
            pages.lines(textwrap.wrap(block.strip("*"), 80), 11, bold=True)
        else:
            for item in block.splitlines():
                pages.lines(textwrap.wrap(item, 84), 11, gap=2)
            pages.y -= 4
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for stream in pages.streams:
        content = zlib.compress(b"\n".join(stream))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (_WIDTH, _HEIGHT, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return pdf_file(objects)


def reportlab_pdf(markdown: str) -> bytes | None:
    """The same acta typeset by reportlab (platypus), or None when reportlab is not installed."""
    try:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    except ImportError:
        return None
    from xml.sax.saxutils import escape

    styles = getSampleStyleSheet()
    story = []
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block.startswith("|"):
            rows = [[c.strip() for c in line.strip("|").split("|")] for line in block.splitlines()]
            rows = [r for r in rows if not set("".join(r)) <= set("-")]  # the Markdown rule under the header
            cells = [[Paragraph(escape(c), styles["BodyText"]) for c in r] for r in rows]
            grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
            story.append(Table(cells, colWidths=[231, 110, 110], style=grid))
        elif block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            story.append(Paragraph(escape(block.lstrip("# ")), styles[f"Heading{level}"]))
        elif block:
            for item in block.splitlines():
                story.append(Paragraph(escape(item.strip("*")), styles["BodyText"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def sources(paths: list[str], docs: int) -> dict[str, list[tuple[str, bytes]]]:
    """Groups of (name, PDF bytes) to measure."""
    if paths:
        from ingest.pipeline import iter_files

        return {"given": [(p.name, p.read_bytes()) for p in iter_files(map(Path, paths)) if p.suffix == ".pdf"]}
    rng = random.Random(17)
    actas = [acta(rng, i, FULL, 2015, 10, 4) for i in range(docs)]
    groups = {"minimal writer": [(f"acta-{i:03d}.pdf", minimal_pdf(text)) for i, text in enumerate(actas)]}
    typeset = [(f"acta-{i:03d}.pdf", reportlab_pdf(text)) for i, text in enumerate(actas)]
    if all(data is not None for _, data in typeset):
        groups["reportlab"] = typeset  # type: ignore[assignment]
    else:
        print("(reportlab is not installed: its group is skipped)")
    shared = sorted(SHARED.glob("*/docs/*.pdf")) + sorted(SHARED.glob("seeds/*.pdf"))
    if shared:
        groups["../shared/corpus"] = [(p.name, p.read_bytes()) for p in shared]
    else:
        print(f"({SHARED} is absent: its group is skipped)")
    return groups


def measure(groups: dict[str, list[tuple[str, bytes]]], rounds: int) -> dict[str, dict[str, float]]:
    from ingest.parse import OcrConfig, parse_bytes

    text_only = OcrConfig(enabled=False)
    for files in groups.values():  # warm both up outside the timings (imports, pdfium's first load)
        for name, data in files[:1]:
            parse_bytes(data, name, ocr=text_only)
            raw_pdfium(data)
    times: dict[str, tuple[list[float], list[float]]] = {g: ([], []) for g in groups}
    pages = {g: sum(raw_pdfium(data) for _, data in files) for g, files in groups.items()}
    for _ in range(rounds):
        for group, files in groups.items():
            acervo = raw = 0.0
            for name, data in files:
                began = time.perf_counter()
                parse_bytes(data, name, ocr=text_only)
                middle = time.perf_counter()
                raw_pdfium(data)
                acervo += middle - began
                raw += time.perf_counter() - middle
            times[group][0].append(acervo)
            times[group][1].append(raw)
    out = {}
    for group, (acervo_s, raw_s) in times.items():
        out[group] = {"files": len(groups[group]), "pages": pages[group], "acervo_s": statistics.median(acervo_s),
                      "raw_s": statistics.median(raw_s)}
    out["all"] = {
        "files": sum(r["files"] for r in out.values()),
        "pages": sum(r["pages"] for r in out.values()),
        "acervo_s": statistics.median([sum(t[0][i] for t in times.values()) for i in range(rounds)]),
        "raw_s": statistics.median([sum(t[1][i] for t in times.values()) for i in range(rounds)]),
    }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="PDFs or folders to measure instead of the default set")
    ap.add_argument("--docs", type=int, default=12, help="synthetic actas per writer")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    groups = {g: files for g, files in sources(args.paths, args.docs).items() if files}
    if not groups:
        print("skipped: no PDFs to measure")
        return 0
    results = measure(groups, args.rounds)
    print("| PDFs | files | pages | Acervo pages/s | pypdfium2 raw pages/s | Acervo / raw |")
    print("|---|---|---|---|---|---|")
    for group, r in results.items():
        print(f"| {group} | {r['files']} | {r['pages']} | {r['pages'] / r['acervo_s']:.1f} |"
              f" {r['pages'] / r['raw_s']:.1f} | {r['raw_s'] / r['acervo_s']:.2f} |")
    ratio = results["all"]["raw_s"] / results["all"]["acervo_s"]
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"Acervo's PDF parser at {ratio:.2f}x pypdfium2's raw text extraction (target >= {TARGET}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
