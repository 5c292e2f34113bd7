"""Read a PDF page by page: its text layer and rulings with pdfium, or OCR where a page has no usable
text layer.

pdfium reads every page's words (`pdf_text`) and the lines its paths draw (`pdf_objects`), where
pdfplumber's table finder looks for ruled tables (`pdf_tables`); pdfminer only reads the fonts of pages
with glyphs pdfium cannot map (`pdf_fonts`), never lays a page out. A page is recognised
(rendered with pdfium, read by `ocr.OcrEngine`) when it has no text, when most of its characters have no
Unicode mapping, or when images cover most of it and its text layer holds only a few words (a scanner's
stamp). One page is rendered and recognised at a time, so memory stays flat.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pypdfium2
import pypdfium2.raw as pdfium

from ingest.errors import CorruptFile, EncryptedFile, NoTextLayer
from ingest.parse.document import CleanBuilder, Format, PageSource, ParsedDocument, heading_title
from ingest.parse.ocr import OcrConfig, OcrEngine, OcrPage, OcrUnavailable
from ingest.parse.pdf_fonts import FontReader
from ingest.parse.pdf_layout import Layout, Line, Page, drop_running_lines, holds, reading_regions, region_of
from ingest.parse.pdf_objects import image_coverage, ruling_edges
from ingest.parse.pdf_tables import find_tables
from ingest.parse.pdf_text import TextLayer, read_words, text_lines

# A page mostly covered by images whose text layer holds fewer characters than this is a scan
# with a stamp or a page number on it: its words are in the image.
_SCAN_COVERAGE = 0.5
_SCAN_MAX_CHARS = 120
# pdfium is not thread-safe, not even across documents: one thread in it at a time, in this process.
_PDFIUM = threading.Lock()

PageProgress = Callable[[int, int], None]


def page_from_ocr(number: int, result: OcrPage, dpi: float) -> Page:
    """A page read by OCR, its lines placed in points as if they came from a text layer."""
    scale = 72.0 / dpi
    page = Page(number, result.height * scale, result.width * scale, source="ocr", confidence=result.confidence)
    for line in result.lines:
        page.lines.append(
            Line(
                top=line.top * scale,
                bottom=line.bottom * scale,
                x0=line.left * scale,
                x1=line.right * scale,
                text=line.text,
                size=(line.bottom - line.top) * scale,
                bold=False,
                para=line.para,
            )
        )
    page.chars = sum(len(line.text) for line in result.lines)
    return page


class _Ocr:
    """The OCR engine for one document, loaded on the first page that needs it."""

    def __init__(self, config: OcrConfig) -> None:
        self.config = config
        self.engine: OcrEngine | None = None
        self.unavailable: str | None = None

    def render(self, page: pypdfium2.PdfPage):
        """The page as a grey image for recognition, or None when OCR cannot run here (`unavailable` says why)."""
        if self.unavailable is not None:
            return None
        if self.engine is None:
            try:
                self.engine = OcrEngine(self.config)
            except OcrUnavailable as exc:
                self.unavailable = str(exc)
                return None
        return page.render(scale=self.config.dpi / 72, grayscale=True).to_pil()

    def read(self, number: int, image) -> Page:
        assert self.engine is not None
        return page_from_ocr(number, self.engine.recognise(image, self.config.dpi), self.config.dpi)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


def parse_pdf(
    data: bytes, file: str, *, ocr: OcrConfig | None = None, on_page: PageProgress | None = None
) -> ParsedDocument:
    """Parse a PDF into blocks with 1-based page numbers; pages without a usable text layer are OCRed.

    `on_page(done, total)` hears each page as it is read."""
    truncated = b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-2048:]
    reader = _Ocr(ocr or OcrConfig())
    fonts = FontReader(data)
    try:
        pages, warnings = _read_pages(data, file, reader, fonts, on_page, truncated)
    except (EncryptedFile, NoTextLayer, CorruptFile):
        raise
    except Exception as exc:
        raise CorruptFile(file, _corrupt_reason(exc, truncated)) from None
    finally:
        reader.close()
    if truncated:
        warnings.append("the PDF has no end-of-file marker; it may be truncated")
    count = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
    if not sum(p.chars for p in pages):
        if reader.unavailable:
            raise NoTextLayer(
                file, f"scanned PDF with no text layer ({count}); OCR is not available: {reader.unavailable}"
            )
        raise NoTextLayer(file, f"scanned PDF with no text layer ({count}); OCR found no text in it")
    blank = [p.number for p in pages if not p.chars and p.source == "text"]
    if blank and reader.unavailable:
        listed = ", ".join(map(str, blank))
        warnings.append(
            f"page(s) {listed} have no text layer (scanned images?); their text is missing: "
            f"OCR is not available: {reader.unavailable}"
        )
    return assemble_pages(pages, file, "pdf", warnings, reader.config.low_confidence)


def assemble_pages(
    pages: list[Page], file: str, fmt: Format, warnings: list[str], low_confidence: float
) -> ParsedDocument:
    """Lay pages read from a text layer or by OCR out as one document, in page order."""
    low = [p for p in pages if p.source == "ocr" and p.confidence is not None and p.confidence < low_confidence]
    if low:
        listed = ", ".join(f"{p.number} ({p.confidence:.0f} %)" for p in low)
        warnings.append(f"page(s) {listed} were read by OCR with low confidence; check their text")
    garbled = [p.number for p in pages if p.unmapped >= 20]
    if garbled:
        listed = ", ".join(map(str, garbled))
        warnings.append(f"page(s) {listed} use fonts without a text mapping; some characters are missing")
    drop_running_lines(pages)
    builder = CleanBuilder()
    Layout(pages).emit(builder)
    sources = [PageSource(p.number, p.source, p.confidence) for p in pages]
    doc = builder.build(file, fmt, pages=len(pages), warnings=warnings, page_sources=sources)
    doc.title = heading_title(doc.blocks)
    return doc


def _open(data: bytes, file: str, truncated: bool) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code == pdfium.FPDF_ERR_PASSWORD:
            raise EncryptedFile(file, "encrypted PDF; a password is needed") from None
        if exc.err_code == pdfium.FPDF_ERR_SECURITY:
            raise EncryptedFile(file, "encrypted PDF with an unsupported protection scheme") from None
        raise CorruptFile(file, _corrupt_reason(exc, truncated)) from None


def _corrupt_reason(exc: object, truncated: bool) -> str:
    if truncated:
        return "truncated PDF: the end of the file is missing"
    detail = " ".join(str(exc).split())[:120] or type(exc).__name__
    return f"damaged PDF that cannot be read ({detail})"


def _read_pages(
    data: bytes, file: str, ocr: _Ocr, fonts: FontReader, on_page: PageProgress | None, truncated: bool
) -> tuple[list[Page], list[str]]:
    pages: list[Page] = []
    warnings: list[str] = []
    with _PDFIUM:
        pdf = _open(data, file, truncated)
    try:
        with _PDFIUM:
            total = len(pdf)
        if not total:
            raise CorruptFile(file, "damaged PDF: it has no pages")
        failed: list[int] = []
        for number in range(1, total + 1):
            try:
                pages.append(_read_page(pdf, number, ocr, fonts))
            except Exception:
                # One broken page should not cost the rest of the document.
                failed.append(number)
                pages.append(Page(number, 0.0, 0.0))
            if on_page is not None:
                on_page(number, total)
        if len(failed) == len(pages):
            raise CorruptFile(file, "damaged PDF: none of its pages can be read")
        if failed:
            warnings.append(f"page(s) {', '.join(map(str, failed))} could not be read and were skipped")
    finally:
        with _PDFIUM:
            pdf.close()
    return pages, warnings


def _read_page(pdf: pypdfium2.PdfDocument, number: int, ocr: _Ocr, fonts: FontReader) -> Page:
    with _PDFIUM:
        page = pdf[number - 1]
        try:
            left, bottom, right, top = page.get_mediabox()
            width, height = right - left, top - bottom
            textpage = page.get_textpage()
            try:
                layer = read_words(textpage, left, top)
            finally:
                textpage.close()
            # Only a page with few characters can be a scan with a stamp on it.
            covered = image_coverage(page.raw, width, height, left, bottom) if layer.chars < _SCAN_MAX_CHARS else 0
            edges = ruling_edges(page.raw, left, top) if layer.chars else []
        finally:
            page.close()
    if layer.lost:
        layer.recover(fonts.glyphs(number - 1, [glyph for _, glyphs in layer.lost for glyph in glyphs]))
    if _needs_ocr(layer, covered):
        with _PDFIUM:
            page = pdf[number - 1]
            try:
                image = ocr.render(page)
            finally:
                page.close()
        if image is not None:
            return ocr.read(number, image)
    result = Page(number, height, width, chars=layer.chars)
    if not layer.chars:
        return result
    found = find_tables(edges, layer.words)
    boxes = [box for box, _ in found]
    words = layer.words
    if boxes:
        words = [w for w in words if not any(holds(b, w.x0, w.top, w.x1, w.bottom) for b in boxes)]
    regions = reading_regions(words, width, height)
    result.tables = [(region_of(regions, box), box[1], rows) for box, rows in found]
    text_lines(layer, regions, boxes, result)
    return result


def _needs_ocr(layer: TextLayer, covered: float) -> bool:
    """No usable text layer: no text, mostly unmapped glyphs, or a few words over a page-sized image."""
    if not layer.chars:
        return True
    if layer.unmapped >= 20 and layer.unmapped >= 0.5 * layer.chars:
        return True
    return layer.chars < _SCAN_MAX_CHARS and covered >= _SCAN_COVERAGE
