"""Read plain text as paragraphs, list items, simple headings and tab-separated tables."""

from __future__ import annotations

import re

from ingest.parse.document import BlockKind, CleanBuilder, DocumentBuilder, ParsedDocument, heading_title
from ingest.parse.tables import split_tab_tables

_BULLET = re.compile(r"^\s*(?:[-*•·–▪►◦]|\d{1,3}[.)-]|[a-zA-Z][)])\s+\S")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-ZÁÉÍÓÚÑÜ¿¡\"“]")
_RULE = re.compile(r"^\s*([-=_*~]\s*){3,}$")
_HYPHEN_END = re.compile(r"(?<=[a-záéíóúñü])-$")
# "Fecha: 21 de marzo", "Hora de inicio: 17:10", "C.c.p.: ...": a short capitalised label, a colon, a value.
_LABEL_LINE = re.compile(r"^\s*[A-ZÁÉÍÓÚÑÜ][\w.]*(?:[ \t]+[\w.]+){0,3}[ \t]*:(?!\d)(?:[ \t]+(?P<value>\S.*))?$")
_SENTENCE_END = re.compile(r"[.;:!?)]$")
# A line this short did not wrap: the next line starts something new if it is a field.
_SHORT_LINE = 50


def normalise_newlines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def collapse_repeated_lines(lines: list[str]) -> list[str]:
    """Keep one copy of a non-blank line repeated in a row (blank lines in between ignored)."""
    out: list[str] = []
    last: str | None = None
    for line in lines:
        key = line.strip()
        if not key:
            out.append(line)
            continue
        if key == last:
            # Drop the copy and the blank lines that separated it from the first one.
            while out and not out[-1].strip():
                out.pop()
            continue
        last = key
        out.append(line)
    return out


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines into one string, mending words hyphenated at a line end."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        # Only the end of what is joined so far is looked at: searching all of it made long paragraphs slow.
        if out.endswith("-") and _HYPHEN_END.search(out[-2:]) and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def heading_level(line: str) -> int | None:
    """The level of a line that reads as a section heading in plain text, else None."""
    text = line.strip()
    if not 3 <= len(text) <= 80 or text[-1] in ".,;:" or _RULE.match(text):
        return None
    letters = [c for c in text if c.isalpha()]
    numbered = _NUMBERED_HEADING.match(text)
    if numbered and len(text) <= 60 and len(text.split()) >= 2:
        return min(numbered.group(1).count(".") + 1, 6)
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(text.split()) <= 12:
        return 1
    return None


def parse_text(text: str, file: str, encoding: str | None = None) -> ParsedDocument:
    """Parse plain text: blank lines split paragraphs, tab-separated lines form tables."""
    builder = CleanBuilder()
    lines = collapse_repeated_lines(normalise_newlines(text).split("\n"))
    for segment in split_tab_tables(lines):
        if segment.kind == "table":
            builder.add("table", "", rows=segment.rows)
        else:
            for chunk in _chunks(segment.lines):
                _add_chunk(builder, chunk)
    doc = builder.build(file, "text", encoding=encoding)
    doc.title = heading_title(doc.blocks)
    return doc


def _chunks(lines: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip() and not _RULE.match(line):
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def label_line(line: str) -> bool:
    """A "Label: value" line of a form or a letterhead ("Fecha: 21 de marzo de 2024", "Lugar: Vía Zoom")."""
    m = _LABEL_LINE.match(line)
    return bool(m) and len(line.split(":", 1)[0].strip()) <= 30


def _add_chunk(builder: DocumentBuilder, chunk: list[str]) -> None:
    if len(chunk) == 1:
        level = heading_level(chunk[0])
        if level is not None:
            builder.add("heading", chunk[0], level=level)
            return
    kind: BlockKind = "paragraph"
    current: list[str] = []
    # whether `current` is a "Label: value" line (plus any lines that continue its value)
    labelled = False
    for line in chunk:
        if kind == "paragraph" and current and _starts_field(line, current, labelled):
            builder.add(kind, join_lines(current))
            current = []
        if _BULLET.match(line):
            if current:
                builder.add(kind, join_lines(current))
            kind, current = "list_item", [_strip_bullet(line)]
        elif kind == "list_item" and line[:1].isspace():
            current.append(line)
        else:
            if kind == "list_item" and current:
                builder.add(kind, join_lines(current))
                current = []
            if not current:
                labelled = label_line(line)
            kind = "paragraph"
            current.append(line)
    if current:
        builder.add(kind, join_lines(current))


def _starts_field(line: str, current: list[str], labelled: bool) -> bool:
    """Whether `line` opens a new paragraph after the paragraph lines in `current`.

    Consecutive "Fecha: ...", "Lugar: ..." lines are fields, not one wrapped sentence; a line after a field
    starts afresh unless it continues the field's value (lowercase, or after a long wrapped line).
    """
    last = current[-1].strip()
    ended = bool(_SENTENCE_END.search(last)) or len(last) < _SHORT_LINE
    if label_line(line):
        return labelled or ended
    value = _LABEL_LINE.match(current[0])
    return labelled and bool(value and value.group("value")) and ended and line.strip()[:1].isupper()


def _strip_bullet(line: str) -> str:
    stripped = line.strip()
    # Keep numbers and letters ("3.", "b)"): they are how the text refers to items.
    if stripped[:1] in "-*•·–▪►◦":
        return stripped[1:].strip()
    return stripped
