from __future__ import annotations

import pytest

from ingest.parse.document import DocumentBuilder, ParsedDocument


def build(*parts: str | list[list[str]], file: str = "snippet.txt") -> ParsedDocument:
    """A ParsedDocument from paragraphs (strings) and tables (lists of rows)."""
    b = DocumentBuilder()
    for part in parts:
        if isinstance(part, str):
            kind = "heading" if part.startswith("# ") else "paragraph"
            b.add(kind, part.removeprefix("# "))
        else:
            b.add("table", "", rows=part)
    return b.build(file, "text")


@pytest.fixture
def make_doc():
    return build
