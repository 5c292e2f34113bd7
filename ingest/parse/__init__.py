"""Parse any supported file into one `ParsedDocument`, whatever its format."""

from ingest.parse.api import detect_format, parse_bytes, parse_file
from ingest.parse.document import Block, PageSource, ParsedDocument
from ingest.parse.limits import ParseLimits
from ingest.parse.ocr import OcrConfig, ocr_unavailable_reason

__all__ = [
    "Block",
    "OcrConfig",
    "PageSource",
    "ParseLimits",
    "ParsedDocument",
    "detect_format",
    "ocr_unavailable_reason",
    "parse_bytes",
    "parse_file",
]
