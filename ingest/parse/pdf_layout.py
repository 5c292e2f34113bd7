"""Lay the lines of PDF pages out as blocks: reading regions, running headers and footers, paragraphs,
headings, list items and tables in page order.

The lines come from a text layer (`pdf_text`) or from OCR; nothing here reads a PDF.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.parse.document import BlockKind, DocumentBuilder, PageOrigin
from ingest.parse.text import join_lines

_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(
    rf"^\s*(?:p[áa]g(?:ina)?\.?\s*)?-?\s*(?:\d{{1,4}}|{_ROMAN})\s*-?(?:\s*(?:de|/|of)\s*\d{{1,4}})?\s*$", re.I
)
_BULLET = re.compile(r"^\s*(?:[•·▪►◦\-–*]|\d{1,3}[.)]|[a-z][)])\s+\S")
_GLYPH_BULLET = re.compile(r"^[•·▪►◦\-–*]\s+")
_MARGIN = 0.08  # share of the page height treated as header or footer band
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_LINE_TOLERANCE = 3.0  # points: words whose tops differ by less sit on one line (pdfplumber's y_tolerance)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left
_TOP = operator.attrgetter("top")
_X0 = operator.attrgetter("x0")


@dataclass(slots=True)
class Word:
    """A word of a text layer, its box in points from the page's top left."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    bold: bool


@dataclass
class Line:
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    region: int = 0
    para: int | None = None  # OCR lines: Tesseract's paragraph on the page


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[Line] = field(default_factory=list)
    tables: list[tuple[int, float, list[list[str]]]] = field(default_factory=list)
    chars: int = 0
    unmapped: int = 0
    source: PageOrigin = "text"
    confidence: float | None = None


@dataclass
class _Item:
    kind: BlockKind
    text: str
    page: int
    level: int | None
    rows: list[list[str]] | None
    last_page: int = 0  # a table continued over several pages ends on this one


def _continues_table(last: _Item, first: _Item) -> bool:
    """A table that opens a page right after a table that closed the previous one, with as many columns."""
    return (
        last.kind == first.kind == "table"
        and first.page == max(last.page, last.last_page) + 1
        and last.rows is not None
        and first.rows is not None
        and len(last.rows[0]) == len(first.rows[0])
    )


def _without_repeated_header(rows: list[list[str]], more: list[list[str]] | None) -> list[list[str]]:
    more = more or []
    if more and rows and [c.strip() for c in more[0]] == [c.strip() for c in rows[0]]:
        return more[1:]
    return more


def cluster_lines(words: list[Word]) -> list[list[Word]]:
    """Words on one line, left to right: tops chained within a tolerance, as pdfplumber clusters them
    (a bullet or a superscript sits a little off its line's top)."""
    lines: list[list[Word]] = []
    last = -math.inf
    for word in sorted(words, key=_TOP):
        if word.top - last <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
        last = word.top
    for line in lines:
        line.sort(key=_X0)
    return lines


def holds(box: Box, x0: float, top: float, x1: float, bottom: float) -> bool:
    """Whether the centre of (x0, top, x1, bottom) lies in `box`."""
    cx = (x0 + x1) / 2
    cy = (top + bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def region_of(regions: list[Box], bbox: Box) -> int:
    return next((i for i, r in enumerate(regions) if holds(r, *bbox)), 0)


def reading_regions(words: list[Word], width: float, height: float) -> list[Box]:
    """Areas of the page in reading order: the whole page, or bands split into two columns.

    Lines are read across the full width, so two columns of prose would interleave;
    when a clear gutter runs between two columns of full lines, each column is read
    on its own. Lists of names beside positions (short, ragged lines) stay rows.
    """
    whole = [(0.0, 0.0, width, height)]
    if len(words) < 60:
        return whole
    gutter = _gutter(words)
    if gutter is None:
        return whole
    g0, g1 = gutter
    middle = (g0 + g1) / 2
    full: list[list[float]] = []
    for w in sorted((w for w in words if w.x0 < g0 and w.x1 > g1), key=lambda w: w.top):
        if full and w.top <= full[-1][1]:
            full[-1][1] = max(full[-1][1], w.bottom)
        else:
            full.append([w.top, w.bottom])
    regions: list[Box] = []
    cursor = 0.0
    for top, bottom in [*full, [height, height]]:
        if top > cursor:
            regions += [(0.0, cursor, middle, top), (middle, cursor, width, top)]
        if bottom > top:
            regions.append((0.0, top, width, bottom))
        cursor = bottom
    return regions


def _gutter(words: list[Word]) -> tuple[float, float] | None:
    left = min(w.x0 for w in words)
    right = max(w.x1 for w in words)
    span = right - left
    lo, hi = int(left + 0.3 * span), int(left + 0.7 * span)
    if hi - lo < 10:
        return None
    # How many words cover each point between 30 % and 70 % of the text's width (a running sum of starts
    # and ends, not a count per point per word).
    steps = [0] * (hi - lo + 1)
    for w in words:
        first, last = max(lo, int(w.x0)), min(hi, int(w.x1) + 1)
        if first < last:
            steps[first - lo] += 1
            steps[last - lo] -= 1
    coverage = list(itertools.accumulate(steps[:-1]))
    tolerance = max(1, len(words) // 100)
    best: tuple[int, int] | None = None
    start = None
    for i, count in enumerate([*coverage, tolerance + 1]):
        if count <= tolerance and start is None:
            start = i
        elif count > tolerance and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < 8:
        return None
    g0, g1 = lo + best[0], lo + best[1]
    sides = ([w for w in words if w.x1 <= g0], [w for w in words if w.x0 >= g1])
    if any(len(side) < len(words) / 4 or not _prose(side) for side in sides):
        return None
    return float(g0), float(g1)


def _prose(words: list[Word]) -> bool:
    """Words that form lines filling a column, as running text does (not a ragged list)."""
    lines = cluster_lines(words)
    if len(lines) < 8:
        return False
    ends = [line[-1].x1 for line in lines]
    starts = [line[0].x0 for line in lines]
    width = max(ends) - min(starts)
    full = sum(1 for end in ends if end >= max(ends) - 0.15 * width)
    # Wrapped sentences continue on the next line in lower case; list entries do not.
    firsts = [line[0].text[:1] for line in lines]
    continued = sum(1 for ch in firsts if ch.islower())
    return width > 0 and full >= 0.6 * len(ends) and continued >= 0.4 * len(firsts)


def drop_running_lines(pages: list[Page]) -> None:
    """Remove page numbers and headers/footers repeated in the page margins."""

    def in_margin(line: Line, page: Page) -> bool:
        return page.height > 0 and (line.bottom < page.height * _MARGIN or line.top > page.height * (1 - _MARGIN))

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", " ".join(text.lower().split()))

    # Count pages, not lines: a header is one line on each of many pages.
    counts = Counter(k for page in pages for k in {key(line.text) for line in page.lines if in_margin(line, page)})
    # Three pages are enough: chapter running heads change along the document.
    repeated = {k for k, n in counts.items() if n >= 3}
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (in_margin(line, page) and (_PAGE_NUMBER.match(line.text) or key(line.text) in repeated))
        ]


class Layout:
    """Groups lines into paragraphs and headings and interleaves tables by position."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        sizes: Counter[float] = Counter()
        for page in pages:
            if page.source == "ocr":
                continue  # line boxes of a scan are not font sizes
            for line in page.lines:
                sizes[line.size] += len(line.text)
        self.body = sizes.most_common(1)[0][0] if sizes else 0.0
        heading_sizes = sorted({s for s in sizes if self._is_large(s)}, reverse=True)
        self.levels = {s: min(i + 1, 6) for i, s in enumerate(heading_sizes)}

    def _is_large(self, size: float) -> bool:
        return self.body > 0 and size >= self.body * _HEADING_RATIO

    def emit(self, builder: DocumentBuilder) -> None:
        blocks: list[_Item] = []
        for page in self.pages:
            items: list[tuple[tuple[int, float, int], _Item]] = []
            for region, top, rows in page.tables:
                items.append(((region, top, 1), _Item("table", "", page.number, None, rows)))
            for kind, lines, level in self._groups(page):
                text = join_lines([ln.text for ln in lines])
                if kind == "list_item":
                    text = _GLYPH_BULLET.sub("", text)
                items.append(((lines[0].region, lines[0].top, 0), _Item(kind, text, page.number, level, None)))
            ordered = [item for _, item in sorted(items, key=lambda it: it[0])]
            if ordered and blocks and _continues_table(blocks[-1], ordered[0]):
                continued = ordered.pop(0)
                blocks[-1].rows.extend(_without_repeated_header(blocks[-1].rows, continued.rows))
                blocks[-1].last_page = continued.page
            blocks.extend(ordered)
        for item in blocks:
            builder.add(item.kind, item.text, page=item.page, level=item.level, rows=item.rows)

    def _ocr_groups(self, page: Page) -> list[tuple[BlockKind, list[Line], int | None]]:
        """Tesseract's paragraphs; a bullet starts a list item; a short line in capitals is a heading."""
        groups: list[tuple[BlockKind, list[Line], int | None]] = []
        for line in page.lines:
            kind: BlockKind = "list_item" if _BULLET.match(line.text) else "paragraph"
            if groups and kind == "paragraph" and groups[-1][1][-1].para == line.para:
                groups[-1][1].append(line)
            else:
                groups.append((kind, [line], None))
        level = min(len(self.levels) + 1, 6)
        out: list[tuple[BlockKind, list[Line], int | None]] = []
        for kind, lines, _ in groups:
            text = lines[0].text
            letters = [ch for ch in text if ch.isalpha()]
            if (
                kind == "paragraph"
                and len(lines) == 1
                and len(letters) >= 4
                and all(ch.isupper() for ch in letters)
                and len(text) <= 100
                and text.rstrip()[-1:] not in ".,;"
            ):
                out.append(("heading", lines, level))
            else:
                out.append((kind, lines, None))
        return out

    def _groups(self, page: Page) -> list[tuple[BlockKind, list[Line], int | None]]:
        if page.source == "ocr":
            return self._ocr_groups(page)
        groups: list[tuple[BlockKind, list[Line], int | None]] = []
        right: dict[int, float] = {}
        for ln in page.lines:
            right[ln.region] = max(right.get(ln.region, 0.0), ln.x1)
        previous: Line | None = None
        for line in page.lines:
            kind, level = self._classify(line)
            edge = right[line.region]
            if previous is not None and groups and self._continues(previous, line, groups[-1], kind, level, edge):
                groups[-1][1].append(line)
            else:
                groups.append((kind, [line], level))
            previous = line
        # A lone all-bold short line in body size reads as a heading below the sized ones.
        bold_level = min(len(self.levels) + 1, 6)
        out = []
        for kind, lines, level in groups:
            text = " ".join(ln.text for ln in lines)
            if (
                kind == "paragraph"
                and len(lines) == 1
                and lines[0].bold
                and len(text) <= 100
                and text.rstrip()[-1:] not in ".,;"
            ):
                kind, level = "heading", bold_level
            out.append((kind, lines, level))
        return out

    def _classify(self, line: Line) -> tuple[BlockKind, int | None]:
        if self._is_large(line.size) and len(line.text) <= 200:
            return "heading", self.levels.get(line.size)
        if _BULLET.match(line.text):
            return "list_item", None
        return "paragraph", None

    def _continues(
        self,
        prev: Line,
        line: Line,
        group: tuple[BlockKind, list[Line], int | None],
        kind: BlockKind,
        level: int | None,
        right: float,
    ) -> bool:
        group_kind, _, group_level = group
        if line.region != prev.region:
            return False
        size = max(prev.size, line.size, 1.0)
        gap = line.top - prev.bottom
        if gap > 0.6 * size or gap < -size:
            return False
        if kind == "heading" or group_kind == "heading":
            return kind == group_kind and level == group_level
        if kind == "list_item":
            return False
        if abs(line.size - prev.size) > 0.6:
            return False
        if prev.bold != line.bold:
            return False  # a bold line above body text is a heading or a lead-in
        if group_kind == "list_item":
            if line.x0 < group[1][0].x0 - 1:
                return False  # back to the left of the item's marker: the list is over
        elif line.x0 > prev.x0 + 2 * size:
            return False  # first-line indent starts a new paragraph
        ended = prev.text.rstrip()[-1:] in ".:!?"
        return not (ended and prev.x1 < right - 3 * size)
