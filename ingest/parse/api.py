"""The entry points: detect a file's format from its bytes and parse it into a ParsedDocument."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ingest.errors import CorruptFile, EncryptedFile, NoText
from ingest.parse.detect import detect_format, sniff
from ingest.parse.document import ParsedDocument
from ingest.parse.docx import parse_docx
from ingest.parse.html import parse_html
from ingest.parse.image import parse_image
from ingest.parse.limits import ParseLimits, check_pdf, check_zip
from ingest.parse.markdown import parse_markdown
from ingest.parse.ocr import OcrConfig
from ingest.parse.pdf import PageProgress, parse_pdf
from ingest.parse.text import parse_text

__all__ = ["detect_format", "parse_bytes", "parse_file"]

log = logging.getLogger(__name__)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NO_TEXT = {
    "pdf": "the PDF has a text layer but no readable text in it",
    "docx": "the Word document has no text",
    "html": "the HTML page has no readable text once navigation and scripts are removed",
    "markdown": "the Markdown file has no readable text",
    "text": "the text file has no readable text",
    "image": "OCR found no text in the image",
}


_WORD = re.compile(r"[^\W\d_]{2,}")
# A text format or Word file at least this large whose text is under 1/COLLAPSE of its size is flagged.
COLLAPSE_MIN_BYTES = 64 * 1024
COLLAPSE = 200


def parse_bytes(
    data: bytes,
    file: str,
    *,
    ocr: OcrConfig | None = None,
    on_page: PageProgress | None = None,
    limits: ParseLimits | None = None,
) -> ParsedDocument:
    """Parse a file's bytes; `file` is only a display name used in errors and never opened.

    `ocr` says how scanned pages and images are read (the default finds Tesseract's Spanish data
    in the system folders); `on_page(done, total)` hears each page of a PDF or image as it is read.
    A Word file or PDF whose compressed parts inflate beyond `limits.max_expanded_bytes` is refused before
    it is parsed; markup nested deeper than `limits.max_nesting`, or a text of fewer than `limits.min_words`
    words, is refused too (the defaults of ParseLimits when None)."""
    limits = limits or ParseLimits()
    if data.startswith(_OLE_MAGIC) and "EncryptionInfo".encode("utf-16-le") in data:
        # Password-protected .docx files are stored inside an OLE container.
        raise EncryptedFile(file, "encrypted Office document; a password is needed")
    sniffed = sniff(data, file, limits.max_nesting)
    if sniffed.format == "docx":
        check_zip(data, file, limits.max_expanded_bytes)
    elif sniffed.format == "pdf":
        data = data[sniffed.offset :]
        check_pdf(data, file, limits.max_expanded_bytes)
    try:
        if sniffed.format == "pdf":
            doc = parse_pdf(data, file, ocr=ocr, on_page=on_page)
        elif sniffed.format == "image":
            doc = parse_image(data, file, sniffed.kind or "image", ocr=ocr, on_page=on_page)
        else:
            doc = _parse(sniffed.format, data, sniffed.text or "", sniffed.encoding, file)
    except RecursionError:
        log.warning("nested too deeply", extra={"file": file, "format": sniffed.format})
        # Pathologically nested markup; report it like any unreadable file.
        raise CorruptFile(file, f"{sniffed.format} file is nested too deeply to read") from None
    if not doc.text.strip():
        raise NoText(file, _NO_TEXT[sniffed.format])
    words = len(_WORD.findall(doc.text))
    if words < limits.min_words:
        raise NoText(file, f"almost no text ({len(doc.text.strip())} characters, {words} word(s)); not a document")
    if sniffed.offset:
        doc.warnings.append(f"{sniffed.offset} bytes before the PDF header were skipped")
    textual = sniffed.format not in ("pdf", "image")
    if textual and len(data) >= COLLAPSE_MIN_BYTES and len(doc.text) * COLLAPSE < len(data):
        doc.warnings.append(
            f"its text collapses to {len(doc.text)} characters from {len(data) / 1024:.0f} KB"
            " (mostly markup, scripts or empty elements); check that it is the document you meant"
        )
    return doc


def parse_file(path: Path, *, ocr: OcrConfig | None = None) -> ParsedDocument:
    """Read `path` and parse its bytes, naming the document after the file."""
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name, ocr=ocr)


def _parse(fmt: str, data: bytes, text: str, encoding: str | None, file: str) -> ParsedDocument:
    if fmt == "docx":
        return parse_docx(data, file)
    if fmt == "html":
        return parse_html(text, file, encoding)
    if fmt == "markdown":
        return parse_markdown(text, file, encoding)
    return parse_text(text, file, encoding)
