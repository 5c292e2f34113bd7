"""A long scanned acta through the ingest pipeline: time against the job timeout, and memory page by page.

Usage: python -m bench.bench_ocr_long [--pages 100] [--dpi 200]

Typesets an invented acta of N pages, rasterises it into an image-only PDF (a scan), and ingests it as a
worker does (parse with OCR, extract, chunk-free store) into a throwaway SQLite store. Prints the seconds
against ACERVO_JOB_TIMEOUT_S's default (600) and the resident memory after every tenth page: it must stay
flat, as pages are rendered and recognised one at a time.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from ingest.extract import Extractor
from ingest.pipeline import Ingestor
from models.settings import Settings
from models.store import Store, sqlite_url

PARAGRAPH = (
    "En el punto {n} del orden del día, el Secretario Técnico presentó el avance del programa de "
    "pavimentación de la colonia {n}, con un presupuesto ejercido de {n}0 mil pesos; los consejeros "
    "solicitaron el informe de obra para la siguiente sesión y se aprobó por unanimidad el acuerdo JD-{n}."
)


def long_acta(pages: int, dpi: int) -> bytes:
    import pypdfium2
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = [Paragraph("Acta de la Sesión Ordinaria del Consejo Directivo", styles["Heading1"])]
    for page in range(1, pages + 1):
        story += [Paragraph(PARAGRAPH.format(n=page * 10 + i), styles["BodyText"]) for i in range(6)]
        story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter).build(story[:-1])
    document = pypdfium2.PdfDocument(buffer.getvalue())
    images = []
    for page in document:
        images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
        page.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--dpi", type=int, default=200, help="resolution of the scan itself (OCR renders at 300)")
    args = ap.parse_args(argv)
    data = long_acta(args.pages, args.dpi)
    timeout = Settings.model_fields["job_timeout_s"].default
    memory: list[tuple[int, float]] = []

    def on_page(done: int, total: int) -> None:
        if done == 1 or done % 10 == 0:
            memory.append((done, rss_mb()))

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(sqlite_url(Path(tmp)))
        ingestor = Ingestor(store, Extractor(), max_file_bytes=len(data) + 1)
        start = time.perf_counter()
        outcome = ingestor.ingest_bytes(data, "acta-larga-escaneada.pdf", on_page=on_page)
        seconds = time.perf_counter() - start
        store.dispose()
    print(f"{args.pages}-page scan ({len(data) / 1e6:.1f} MB): {outcome.status}, {outcome.ocr_pages} pages by OCR")
    print(
        f"ingest time: {seconds:.0f} s ({args.pages / seconds:.2f} pages/s); job timeout {timeout} s: "
        f"{'OK' if seconds <= timeout else 'OVER'}"
    )
    print("resident memory (MB) by page: " + ", ".join(f"{page}: {mb:.0f}" for page, mb in memory))
    return 0 if outcome.status == "ingested" and seconds <= timeout else 1


if __name__ == "__main__":
    raise SystemExit(main())
