"""Cut a parsed document into search passages that follow its structure.

A heading starts a section and is carried as the chunk's `section` (the
indexer prefixes it to the text it embeds; the displayed text stays clean).
A numbered agenda point that follows discussion starts a new chunk, while a
bare numbered list (an orden del día) stays together. A table is its own
chunk, split by rows with its header row repeated when it is too long. Small
consecutive paragraphs are merged up to the budget; an over-long paragraph is
split at sentence boundaries (at word boundaries for a sentence that is itself
too long). Every chunk knows its page, its character span in `doc.text` and
its ordinal, and no chunk is longer than `max_tokens` by `count_tokens`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ingest.parse.document import Block, ParsedDocument

CountTokens = Callable[[str], int]

# "3. Punto", "3) Punto", "IV. Punto": a top-level agenda point ("5.1." is a sub-point and continues it).
_AGENDA_POINT = re.compile(r"^\s*(?P<n>\d{1,2}|[IVX]{1,5})[.)](?!\d)\s")
# A sentence ends at . ! ? … followed by space and an upper-case letter, digit, quote or opening mark.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“«¿¡(A-ZÁÉÍÓÚÑ0-9])")
SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Chunk:
    """A passage: `text` as shown, `section` as context, `page` and span as provenance."""

    ordinal: int
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None
    kind: str = "text"  # "text" or "table"

    def embedding_text(self, title: str | None = None) -> str:
        """What the models read: the document title and the section before the passage."""
        context = [part for part in (title, self.section) if part and part not in self.text[:200]]
        return ". ".join([*context, self.text]) if context else self.text


@dataclass
class _Part:
    text: str
    start: int
    end: int
    page: int | None
    tokens: int


@dataclass
class _Buffer:
    parts: list[_Part] = field(default_factory=list)
    tokens: int = 0
    has_point: bool = False
    last_point: int | None = None
    # Whether something other than a numbered point has been added since the last point.
    has_body: bool = False

    def add(self, part: _Part) -> None:
        self.parts.append(part)
        self.tokens += part.tokens


def chunk(doc: ParsedDocument, *, max_tokens: int, count_tokens: CountTokens) -> list[Chunk]:
    """The document's chunks in reading order; `max_tokens` bounds each chunk's text plus its section."""
    if max_tokens < 16:
        raise ValueError("max_tokens must leave room for a passage")
    return _Chunker(doc, max_tokens, count_tokens).run()


class _Chunker:
    def __init__(self, doc: ParsedDocument, max_tokens: int, count_tokens: CountTokens) -> None:
        self.doc = doc
        self.max_tokens = max_tokens
        self.count = count_tokens
        self.chunks: list[Chunk] = []
        self.headings: list[tuple[int, str, Block]] = []
        self.section_emitted = True
        self.buffer = _Buffer()

    @property
    def section(self) -> str | None:
        return SECTION_SEPARATOR.join(text for _, text, _ in self.headings) or None

    def budget(self) -> int:
        # Room for the section prefix, counted once per chunk, plus a little slack because
        # the tokens of joined parts can exceed the sum of their separate counts by one or two.
        section = self.section
        overhead = self.count(section) + 2 if section else 0
        return max(8, self.max_tokens - overhead - 2)

    def run(self) -> list[Chunk]:
        for block in self.doc.blocks:
            if block.kind == "heading":
                self.flush()
                self.open_section(block)
            elif block.kind == "table":
                self.flush()
                self.add_table(block)
            else:
                self.add_text_block(block)
        self.flush()
        self.close_section()
        return self.chunks

    def open_section(self, block: Block) -> None:
        self.close_section()
        level = block.level or 1
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, block.text, block))
        self.section_emitted = False

    def close_section(self) -> None:
        # A heading with nothing under it still deserves to be found: keep it as a chunk of its own.
        if self.section_emitted or not self.headings:
            return
        _, text, block = self.headings[-1]
        self.headings.pop()
        for piece in self.split_text(text, block.start, block.page, self.budget()):
            self.emit([piece])
        self.section_emitted = True

    def add_text_block(self, block: Block) -> None:
        point = _AGENDA_POINT.match(block.text) if block.kind == "list_item" else None
        is_point = point is not None
        number = int(point["n"]) if point and point["n"].isdigit() else None
        budget = self.budget()
        if is_point and self.starts_new_point(budget, number):
            self.flush()
        tokens = self.count(block.text)
        if tokens > budget:
            self.flush()
            for piece in self.split_text(block.text, block.start, block.page, budget):
                self.emit([piece])
            return
        if self.buffer.tokens + tokens + 1 > budget:
            self.flush()
        self.buffer.add(_Part(block.text, block.start, block.end, block.page, tokens + 1))
        self.buffer.has_point = self.buffer.has_point or is_point
        self.buffer.has_body = not is_point
        if number is not None:
            self.buffer.last_point = number

    def starts_new_point(self, budget: int, number: int | None) -> bool:
        """A numbered point opens a chunk after a point that had discussion, when the numbering starts
        again (the agenda listed, then each point discussed), or after a long preamble; consecutive bare
        points are one list (an orden del día) and stay together."""
        buffer = self.buffer
        if buffer.has_point:
            restarts = number is not None and buffer.last_point is not None and number <= buffer.last_point
            return buffer.has_body or restarts
        return buffer.tokens >= budget // 3

    def add_table(self, block: Block) -> None:
        rows = [list(r) for r in block.rows] if block.rows else [line.split("\t") for line in block.text.split("\n")]
        budget = self.budget()
        if self.count(block.text) <= budget or len(rows) < 2:
            for piece in self.split_text(block.text, block.start, block.page, budget):
                self.emit([piece], kind="table")
            return
        header = "\t".join(rows[0])
        header_tokens = self.count(header) + 1
        lines = block.text.split("\n")
        offsets = _line_offsets(block.text, block.start)
        group: list[int] = []
        group_tokens = header_tokens
        for index in range(1, len(lines)):
            tokens = self.count(lines[index]) + 1
            if group and group_tokens + tokens > budget:
                self.emit_table_rows(header, lines, offsets, group, block.page)
                group, group_tokens = [], header_tokens
            if header_tokens + tokens > budget:
                # One row longer than the budget: it becomes text pieces of its own.
                start, _ = offsets[index]
                for piece in self.split_text(lines[index], start, block.page, budget - header_tokens):
                    self.emit([_Part(f"{header}\n{piece.text}", piece.start, piece.end, piece.page, 0)], kind="table")
                continue
            group.append(index)
            group_tokens += tokens
        if group:
            self.emit_table_rows(header, lines, offsets, group, block.page)

    def emit_table_rows(
        self, header: str, lines: list[str], offsets: list[tuple[int, int]], group: list[int], page: int | None
    ) -> None:
        start, end = offsets[group[0]][0], offsets[group[-1]][1]
        if group[0] == 1:
            start = offsets[0][0]  # the first group holds the header as written
        text = "\n".join([header, *(lines[i] for i in group)])
        self.emit([_Part(text, start, end, page, 0)], kind="table")

    def split_text(self, text: str, start: int, page: int | None, budget: int) -> Iterator[_Part]:
        """Pieces of one block's text, each within the budget, cut at sentences, then at words."""
        units = list(_units(text, start, _SENTENCE_END))
        piece: list[tuple[str, int, int]] = []
        tokens = 0
        for unit_text, unit_start, unit_end in units:
            unit_tokens = self.count(unit_text) + 1
            if unit_tokens > budget:
                if piece:
                    yield _join(piece, page, text, start)
                    piece, tokens = [], 0
                yield from self._split_words(unit_text, unit_start, page, budget)
                continue
            if piece and tokens + unit_tokens > budget:
                yield _join(piece, page, text, start)
                piece, tokens = [], 0
            piece.append((unit_text, unit_start, unit_end))
            tokens += unit_tokens
        if piece:
            yield _join(piece, page, text, start)

    def _split_words(self, text: str, start: int, page: int | None, budget: int) -> Iterator[_Part]:
        words = list(_units(text, start, re.compile(r"\s+")))
        piece: list[tuple[str, int, int]] = []
        tokens = 0
        for word in words:
            word_tokens = self.count(word[0])
            if piece and tokens + word_tokens > budget:
                yield _join(piece, page, text, start)
                piece, tokens = [], 0
            if word_tokens > budget:
                # A "word" past the budget (a URL, a run of digits): cut it by characters.
                yield from _split_chars(word, page, budget, self.count)
                continue
            piece.append(word)
            tokens += word_tokens
        if piece:
            yield _join(piece, page, text, start)

    def flush(self) -> None:
        if self.buffer.parts:
            self.emit(self.buffer.parts)
        self.buffer = _Buffer()

    def emit(self, parts: list[_Part], kind: str = "text") -> None:
        first, last = parts[0], parts[-1]
        # Several blocks read as they stand in the document, separators included.
        text = first.text if len(parts) == 1 else self.doc.text[first.start : last.end]
        self.chunks.append(
            Chunk(
                ordinal=len(self.chunks),
                text=text,
                start=first.start,
                end=last.end,
                page=first.page,
                section=self.section,
                kind=kind,
            )
        )
        self.section_emitted = True


def _units(text: str, start: int, separator: re.Pattern[str]) -> Iterator[tuple[str, int, int]]:
    """Pieces of `text` between matches of `separator`, with absolute offsets."""
    position = 0
    for match in separator.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], start + position, start + match.start()
        position = match.end()
    if position < len(text):
        yield text[position:], start + position, start + len(text)


def _join(units: list[tuple[str, int, int]], page: int | None, text: str, start: int) -> _Part:
    first, last = units[0], units[-1]
    return _Part(text[first[1] - start : last[2] - start], first[1], last[2], page, 0)


def _split_chars(word: tuple[str, int, int], page: int | None, budget: int, count: CountTokens) -> Iterator[_Part]:
    text, start, _ = word
    size = max(1, len(text) * budget // max(1, count(text)))
    position = 0
    while position < len(text):
        cut = min(len(text), position + size)
        while cut > position + 1 and count(text[position:cut]) > budget:
            cut = position + max(1, (cut - position) * 3 // 4)
        yield _Part(text[position:cut], start + position, start + cut, page, 0)
        position = cut


def _line_offsets(text: str, start: int) -> list[tuple[int, int]]:
    offsets = []
    position = 0
    for line in text.split("\n"):
        offsets.append((start + position, start + position + len(line)))
        position += len(line) + 1
    return offsets
