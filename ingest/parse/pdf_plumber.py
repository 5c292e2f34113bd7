"""What pdfplumber (pdfminer) still reads on a PDF page: ruled tables, and glyphs pdfium cannot map.

pdfminer lays a page out a hundred times slower than pdfium reads its text, so a page goes to it only
when its rulings could form a table (`pdf_objects.has_rulings`) or when pdfium found glyphs without a
Unicode mapping: pdfminer also reads the encoding inside embedded fonts, where ligatures such as "fi"
often are. The text around the tables comes from pdfium; boxes are returned in its coordinates.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable

from ingest.parse.pdf_layout import Box

log = logging.getLogger(__name__)

_CID = re.compile(r"\(cid:\d+\)")
# Word gaps relative to the font size: pdfplumber's fixed 3pt glues the words of
# tightly set PDFs that draw no space characters ("Permissionisgranted").
_TEXT_OPTIONS = {"x_tolerance_ratio": 0.15}
_NEAR = 3.0  # points: how far a pdfminer character's centre may be from pdfium's box of the same glyph

Table = tuple[Box, list[list[str]]]


class Plumber:
    """pdfplumber over one document, opened on the first page that needs it; one page laid out at a time."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._pdf = None
        self._broken = False
        self._page = None
        self._index = -1

    def _open(self, index: int):
        if self._broken:
            return None
        if self._index == index:
            return self._page
        self._release()
        try:
            if self._pdf is None:
                import pdfplumber

                self._pdf = pdfplumber.open(io.BytesIO(self.data))
            self._page, self._index = self._pdf.pages[index], index
        except Exception as exc:
            # pdfium read the text; a PDF pdfminer cannot open loses its tables' structure, not its text.
            log.warning("pdfminer cannot read the PDF", extra={"error": f"{type(exc).__name__}: {exc}"})
            self._broken = True
            return None
        return self._page

    def tables(self, index: int, left: float, top: float) -> list[Table]:
        """The tables of page `index` (0-based) with two filled rows or more, one with two cells or more;
        boxes in points from the corner (`left`, `top`) of the page's media box."""
        page = self._open(index)
        if page is None:
            return []
        place = _placer(page, left, top)
        return [(place(*bbox), rows) for bbox, rows in _read(page)]

    def glyphs(self, index: int, boxes: list[Box], left: float, top: float) -> list[str | None]:
        """The text pdfminer reads for the glyph in each box (pdfium's boxes, same coordinates), or None."""
        page = self._open(index)
        if page is None:
            return [None] * len(boxes)
        place = _placer(page, left, top)
        chars = []
        for c in page.chars:
            x0, y0, x1, y1 = place(c["x0"], c["top"], c["x1"], c["bottom"])
            chars.append(((x0 + x1) / 2, (y0 + y1) / 2, c["text"]))
        found: list[str | None] = []
        for x0, y0, x1, y1 in boxes:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            near = min(chars, key=lambda c: abs(c[0] - cx) + abs(c[1] - cy), default=None)
            ok = near is not None and abs(near[0] - cx) <= _NEAR + (x1 - x0) / 2 and abs(near[1] - cy) <= _NEAR
            found.append(near[2] if ok and not _CID.search(near[2]) else None)
        return found

    def _release(self) -> None:
        if self._page is not None:
            self._page.close()
        self._page, self._index = None, -1

    def close(self) -> None:
        self._release()
        if self._pdf is not None:
            self._pdf.close()


def _read(page) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    chars = page.chars
    spots = {(c["text"], round(c["x0"]), round(c["top"])) for c in chars}
    if len(spots) < 0.95 * len(chars):
        # Text drawn twice at the same spot (a fake bold) would read "AAccttaa"; the
        # dedupe is slow, so it runs only when such doubles are there.
        page = page.dedupe_chars()
    found = []
    for table in page.find_tables():
        rows = [[_CID.sub("", cell or "") for cell in row] for row in table.extract(**_TEXT_OPTIONS)]
        filled = [r for r in rows if sum(1 for c in r if c.strip()) >= 1]
        if len(filled) >= 2 and max(sum(1 for c in r if c.strip()) for r in filled) >= 2:
            found.append((tuple(float(v) for v in table.bbox), rows))
    return found


def _placer(page, left: float, top: float) -> Callable[[float, float, float, float], Box]:
    """pdfplumber's boxes (turned as the page is shown, shifted by its media box) in the text layer's
    coordinates: PDF user space from the media box's top left, as pdfium reads it."""
    ux0, uy0, ux1, uy1 = (float(v) for v in page.page_obj.mediabox)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)
    rotation = page.rotation

    def user(x_pl: float, top_pl: float) -> tuple[float, float]:
        # Undo pdfplumber's shift, then pdfminer's turn of the page (its interpreter's initial matrix).
        X, Y = x_pl - mb_x0, height - top_pl + mb_top
        if rotation == 90:
            return ux1 - Y, X + uy0
        if rotation == 180:
            return ux1 - X, uy1 - Y
        if rotation == 270:
            return Y + ux0, uy1 - X
        return X + ux0, Y + uy0

    def place(x0: float, top0: float, x1: float, bottom0: float) -> Box:
        (ax, ay), (bx, by) = user(x0, top0), user(x1, bottom0)
        return min(ax, bx) - left, top - max(ay, by), max(ax, bx) - left, top - min(ay, by)

    return place
