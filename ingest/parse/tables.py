"""Find tab-separated tables in text sources and turn their lines into rows of clean cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.parse.html import html_to_text

_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_HTML_HINT = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")


@dataclass
class Segment:
    """A run of source lines: either ordinary text lines or the rows of one table."""

    kind: str  # "text" or "table"
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def split_tab_tables(lines: list[str]) -> list[Segment]:
    """Split lines into text runs and tables of consecutive tab-separated lines.

    A run of lines holding tabs is a table when one of its lines has at least two
    filled cells (three when the run is a single line, so one stray tab in a
    sentence stays text). A header line is just the first row.
    """
    segments: list[Segment] = []
    run: list[str] = []

    def add_text(chunk: list[str]) -> None:
        if segments and segments[-1].kind == "text":
            segments[-1].lines.extend(chunk)
        else:
            segments.append(Segment("text", list(chunk)))

    def flush_run() -> None:
        if not run:
            return
        rows = [_split_cells(line) for line in run]
        filled = [sum(1 for c in row if c) for row in rows]
        needed = 3 if len(run) == 1 else 2
        if max(filled) >= needed:
            table_rows = _normalise_rows(rows)
            if table_rows:
                segments.append(Segment("table", rows=table_rows))
            else:
                add_text(run)
        else:
            # Tabs used as indentation: leave the lines as they are (Markdown nesting).
            add_text(run)
        run.clear()

    for line in lines:
        if "\t" in line and line.strip():
            run.append(line)
            continue
        flush_run()
        add_text([line])
    flush_run()
    return segments


def _split_cells(line: str) -> list[str]:
    return [clean_cell(cell) for cell in line.rstrip("\r\n").split("\t")]


def clean_cell(cell: str) -> str:
    """One cell's text: HTML inside it read as text, whitespace collapsed."""
    if _HTML_HINT.search(cell):
        cell = html_to_text(cell)
    return " ".join(cell.split())


def _normalise_rows(rows: list[list[str]]) -> list[list[str]]:
    rows = [r for r in rows if any(r) and not all(_SEPARATOR_CELL.match(c) or not c for c in r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # Trailing tabs leave columns that are empty in every row; drop them.
    while width > 1 and not any(r[width - 1] for r in rows):
        width -= 1
    return [r[:width] for r in rows]
