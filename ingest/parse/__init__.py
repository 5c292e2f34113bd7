"""Parse any supported file into one `ParsedDocument`, whatever its format."""

from ingest.parse.api import detect_format, parse_bytes, parse_file
from ingest.parse.document import Block, ParsedDocument

__all__ = ["Block", "ParsedDocument", "detect_format", "parse_bytes", "parse_file"]
