"""The one shape every parser returns: blocks of text with page numbers and offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]
Format = Literal["pdf", "docx", "html", "markdown", "text", "image"]
PageOrigin = Literal["text", "ocr"]

# Blocks are joined by a blank line so sentence splitters and regexes never run
# one block into the next.
BLOCK_SEPARATOR = "\n\n"

_ITEM_NUMBER = re.compile(r"^\d{1,3}[.)]\s+")


@dataclass(frozen=True)
class Block:
    """One structural unit of a document.

    `text` is what the block reads as; for a table it is its rows, one per line,
    cells separated by a tab, so the table still reads row by row. `start` and
    `end` are offsets of `text` inside `ParsedDocument.text`.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    page: int | None = None
    level: int | None = None
    rows: tuple[tuple[str, ...], ...] | None = None

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end, "page": self.page}
        if self.level is not None:
            out["level"] = self.level
        if self.rows is not None:
            out["rows"] = [list(r) for r in self.rows]
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Block:
        rows = data.get("rows")
        return cls(
            kind=data["kind"],
            text=data["text"],
            start=data["start"],
            end=data["end"],
            page=data.get("page"),
            level=data.get("level"),
            rows=tuple(tuple(r) for r in rows) if rows is not None else None,
        )


@dataclass(frozen=True)
class PageSource:
    """Where one page's text came from: the file's text layer, or OCR with Tesseract's mean confidence (0-100)."""

    page: int
    source: PageOrigin
    confidence: float | None = None

    def to_dict(self) -> dict:
        return {"page": self.page, "source": self.source, "confidence": self.confidence}


@dataclass
class ParsedDocument:
    """A parsed file: its text, and the blocks that text is made of, in reading order."""

    file: str
    format: Format
    text: str
    blocks: list[Block]
    pages: int | None = None
    title: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    # One entry per page for paged formats (PDF, images); empty for the others.
    page_sources: list[PageSource] = field(default_factory=list)

    @property
    def ocr_pages(self) -> list[PageSource]:
        return [p for p in self.page_sources if p.source == "ocr"]

    def page_at(self, offset: int) -> int | None:
        """The page of the block that holds `offset` (None for formats without pages)."""
        for block in self.blocks:
            if block.start <= offset < block.end + len(BLOCK_SEPARATOR):
                return block.page
        return self.blocks[-1].page if self.blocks else None


class DocumentBuilder:
    """Collects blocks in reading order and lays out the document text with offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._blocks: list[Block] = []
        self._length = 0

    def add(
        self,
        kind: BlockKind,
        text: str,
        *,
        page: int | None = None,
        level: int | None = None,
        rows: list[list[str]] | None = None,
    ) -> None:
        if rows is not None:
            clean_rows = [[" ".join(c.split()) for c in row] for row in rows]
            clean_rows = [r for r in clean_rows if any(r)]
            if not clean_rows:
                return
            text = "\n".join("\t".join(r) for r in clean_rows)
            frozen_rows: tuple[tuple[str, ...], ...] | None = tuple(tuple(r) for r in clean_rows)
        else:
            text = " ".join(text.split())
            frozen_rows = None
        if not text:
            return
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self._blocks.append(Block(kind, text, start, self._length, page, level, frozen_rows))

    def build(self, file: str, fmt: Format, **meta: object) -> ParsedDocument:
        return ParsedDocument(file=file, format=fmt, text="".join(self._parts), blocks=self._blocks, **meta)  # type: ignore[arg-type]


class CleanBuilder(DocumentBuilder):
    """A builder that skips junk blocks: ones with no letter or digit, and garbled repeats.

    A block identical to the one before it is dropped. Garbled exports also repeat
    one list item under successive numbers ("1. X", "2. X", "3. X"...); a run of
    three or more such items keeps only the first, while two stay (they may be real).
    """

    def __init__(self) -> None:
        super().__init__()
        self._run: list[tuple[tuple, dict]] = []

    def add(
        self,
        kind: BlockKind,
        text: str,
        *,
        page: int | None = None,
        level: int | None = None,
        rows: list[list[str]] | None = None,
    ) -> None:
        if rows is None and not any(ch.isalnum() for ch in text):
            return
        words = " ".join(text.split())
        exact = (kind, words, tuple(tuple(" ".join(c.split()) for c in r) for r in rows or ()))
        if self._run and self._run[-1][0] == exact:
            return
        if self._run and _loose(self._run[0][0]) != _loose(exact):
            self._flush_run()
        self._run.append((exact, {"kind": kind, "text": text, "page": page, "level": level, "rows": rows}))

    def _flush_run(self) -> None:
        run = self._run if len(self._run) < 3 else self._run[:1]
        self._run = []
        for _, block in run:
            super().add(**block)

    def build(self, file: str, fmt: Format, **meta: object) -> ParsedDocument:
        self._flush_run()
        return super().build(file, fmt, **meta)


def _loose(key: tuple) -> tuple:
    kind, words, rows = key
    return (kind, _ITEM_NUMBER.sub("", words) if kind == "list_item" else words, rows)


def heading_title(blocks: list[Block]) -> str | None:
    """A title from headings: the first h1, else a heading that opens the document.

    A heading further down without any h1 above it names a section, not the document.
    """
    first_h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    if first_h1:
        return first_h1
    return next((b.text for b in blocks[:2] if b.kind == "heading"), None)
