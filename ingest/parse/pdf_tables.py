"""Ruled tables of a PDF page: pdfplumber's table finder over the rulings pdfium reads, cells filled with
pdfium's words.

pdfplumber finds the cells where ruling lines cross (snapping, joining and intersecting them); it is given
the lines (`pdf_objects.ruling_edges`) rather than the page, so no page is laid out by pdfminer, a hundred
times slower than pdfium. A cell's text is its words, line by line, as pdfplumber would extract it.
"""

from __future__ import annotations

from pdfplumber.table import TableFinder

from ingest.parse.pdf_layout import Box, Word, cluster_lines
from ingest.parse.pdf_objects import Edge, could_hold_table
from ingest.parse.pdf_text import UNMAPPED

# Past this many rulings the page is a drawing (a map, a chart); intersecting them all would take minutes.
_MAX_EDGES = 3000

Table = tuple[Box, list[list[str]]]


def find_tables(edges: list[Edge], words: list[Word]) -> list[Table]:
    """Tables with two filled rows or more, one of them with two cells or more, and their boxes."""
    if len(edges) > _MAX_EDGES or not could_hold_table(edges):
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [e for e in edges if e["orientation"] == "v"],
        "explicit_horizontal_lines": [e for e in edges if e["orientation"] == "h"],
    }
    # Explicit lines only: the finder never looks at a page, so none is given.
    found: list[Table] = []
    for table in TableFinder(None, settings).tables:  # type: ignore[arg-type]
        rows = _cells(table, words)
        filled = [r for r in rows if sum(1 for c in r if c.strip()) >= 1]
        if len(filled) >= 2 and max(sum(1 for c in r if c.strip()) for r in filled) >= 2:
            found.append((tuple(float(v) for v in table.bbox), rows))  # type: ignore[misc]
    return found


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    # pdfplumber's test for a character in a cell: its centre, the right and bottom edges excluded.
    x = (word.x0 + word.x1) / 2
    y = (word.top + word.bottom) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _cells(table, words: list[Word]) -> list[list[str]]:
    rows = []
    for row in table.rows:
        in_row = [w for w in words if _inside(w, row.bbox)]
        cells = []
        for cell in row.cells:
            inside = [w for w in in_row if _inside(w, cell)] if cell is not None else []
            lines = (" ".join(w.text for w in line) for line in cluster_lines(inside))
            cells.append("\n".join(lines).replace(UNMAPPED, ""))
        rows.append(cells)
    return rows
