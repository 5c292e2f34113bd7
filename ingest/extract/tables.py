"""Tables with cell offsets, whatever form they came in.

Three sources, in this order: table blocks from the parser (`Block.rows`, cells joined by tabs), markdown pipe
tables written in the text ("| a | b |"), and tab-separated lines. HTML cells (`<p>...</p>`) are read through the
clean text, so their markup is gone but their offsets stay those of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.normalize import squash
from models.text import fold


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class Table:
    rows: list[list[Cell]]
    start: int
    end: int
    header: list[str] = field(default_factory=list)  # folded header cells, if the first row is a header

    def column(self, *names: str) -> int | None:
        """Index of the first header cell that starts with one of `names` (folded)."""
        for i, h in enumerate(self.header):
            if any(h.startswith(n) for n in names):
                return i
        return None


_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_HEADER_WORDS = (
    "nombre", "cargo", "puesto", "asistencia", "acuerdo", "estatus", "estado", "status", "seguimiento",
    "responsable", "fecha", "avance", "situacion", "cumplimiento", "observaciones", "no.", "num", "#", "evento",
    "tema", "integrante", "dependencia", "institucion", "firma", "participante", "asistente", "compromiso",
)


def _is_header(cells: list[str]) -> bool:
    folded = [fold(squash(c)) for c in cells if squash(c)]
    if not folded:
        return False
    hits = sum(1 for c in folded if len(c) <= 30 and any(c.startswith(w) for w in _HEADER_WORDS))
    return hits >= max(1, (len(folded) + 1) // 2)


def _finish(rows: list[list[Cell]]) -> Table | None:
    rows = [r for r in rows if any(c.text for c in r)]
    if not rows:
        return None
    start = min(c.start for r in rows for c in r)
    end = max(c.end for r in rows for c in r)
    table = Table(rows=rows, start=start, end=end)
    if _is_header([c.text for c in rows[0]]):
        table.header = [fold(c.text) for c in rows[0]]
        table.rows = rows[1:]
    return table


def _cells_from_line(raw: str, clean: str, line_start: int, sep: str) -> list[Cell]:
    cells = []
    pos = 0
    parts = raw.split(sep)
    for part in parts:
        s = line_start + pos
        e = s + len(part)
        cells.append(Cell(squash(clean[s:e]), s, e))
        pos += len(part) + len(sep)
    return cells


def tables_from_blocks(blocks, clean: str) -> list[Table]:
    out = []
    for block in blocks:
        if block.kind != "table" or not block.rows:
            continue
        rows = []
        pos = block.start
        for row in block.rows:
            cells = []
            for cell in row:
                cells.append(Cell(squash(clean[pos : pos + len(cell)]) or squash(cell), pos, pos + len(cell)))
                pos += len(cell) + 1  # the tab or the newline
            rows.append(cells)
        table = _finish(rows)
        if table:
            out.append(table)
    return out


def tables_from_text(raw: str, clean: str, covered: list[tuple[int, int]] | None = None) -> list[Table]:
    """Pipe tables and tab-separated lines found in the raw text (outside spans already `covered`)."""
    covered = covered or []
    out: list[Table] = []
    lines = []
    pos = 0
    for line in raw.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1

    def kind(line: str) -> str | None:
        body = line.strip()
        if body.count("|") >= 2 and re.search(r"\|\s*\S", body):
            return "pipe"
        if "\t" in body and len([c for c in body.split("\t") if c.strip()]) >= 2:
            return "tab"
        return None

    i = 0
    while i < len(lines):
        k = kind(lines[i][1])
        if not k:
            i += 1
            continue
        j = i
        group = []
        while j < len(lines):
            kj = kind(lines[j][1])
            if kj == k:
                group.append(lines[j])
                j += 1
            elif not lines[j][1].strip() and j + 1 < len(lines) and kind(lines[j + 1][1]) == k and k == "tab":
                j += 1  # tab tables written with blank lines between rows
            else:
                break
        start = group[0][0]
        if len(group) >= 2 or k == "pipe":
            rows = []
            for line_start, line in group:
                if k == "pipe":
                    lead = re.match(r"^\s*(?:[-*+]\s+)?\|?", line).end()
                    body = line[lead:]
                    trail = len(body) - len(body.rstrip().rstrip("|"))
                    body = body[: len(body) - trail] if trail else body
                    cells = _cells_from_line(body, clean, line_start + lead, "|")
                    if all(_SEPARATOR_CELL.match(c.text) or not c.text for c in cells):
                        continue
                else:
                    cells = _cells_from_line(line, clean, line_start, "\t")
                rows.append(cells)
            if not any(s <= start < e for s, e in covered):
                table = _finish(rows)
                if table:
                    out.append(table)
        i = max(j, i + 1)
    return out


def find_tables(raw: str, clean: str, blocks) -> list[Table]:
    tables = tables_from_blocks(blocks, clean)
    covered = [(t.start, t.end) for t in tables]
    tables += tables_from_text(raw, clean, covered)
    tables.sort(key=lambda t: t.start)
    return tables
