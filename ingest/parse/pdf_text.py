"""The text layer of a PDF page read with pdfium: words with their boxes, sizes and fonts, then lines.

pdfium gives the page's text in one call; boxes and fonts are asked for per word (first and last
character) and per text object, not per character, which is what keeps this close to pdfium's own speed.
Words are clustered into lines by their tops and ordered left to right, as pdfplumber did, so lines on
one baseline drawn apart (a name beside a position) stay one line and lines drawn out of order are sorted.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium

from ingest.parse.pdf_layout import Box, Line, Page, Word, cluster_lines, holds

_BOLD = ("bold", "black", "heavy", "semibold")
# Spaces between words. Not \s: it takes in the control characters (U+001C-U+001F) that pdfium gives for
# glyphs it cannot map, which belong to their word. pdfium writes U+FFFE for a hyphen that ends a line
# and joins the next line's text to it: the word ends there, its line does too.
_SPACE = " \t\n\r\f\v\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WORD = re.compile(f"[^{_SPACE}\ufffe]+\ufffe?|\ufffe")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # not the spaces among them
_EXPAND = str.maketrans(
    {"\ufffe": "-", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# A glyph without a Unicode mapping: counted, dropped, and read as a bullet when it opens a line.
UNMAPPED = "\x00"
# pypdfium2 returns text objects as ctypes pointers, which cannot key a dict; the same function typed
# to return the address can, and words of one object share its font.
_text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium.FPDFText_GetTextObject, ctypes.c_void_p).value
)


@dataclass(slots=True)
class _Font:
    name: str
    size: float
    bold: bool
    upright: bool
    unmapped: bool


@dataclass
class TextLayer:
    """A page's words: upright ones, rotated ones with their pdfium line, and counts for scan detection."""

    words: list[Word]
    rotated: list[tuple[int, Word]]
    chars: int
    unmapped: int
    # Words with unmapped glyphs, and each glyph's font (as pdfium names it) and character code.
    lost: list[tuple[Word, list[tuple[str, int]]]] = field(default_factory=list)

    def recover(self, glyphs: list[str | None]) -> None:
        """Put in the text read elsewhere for the unmapped glyphs, in the order of `lost`'s glyphs."""
        found = iter(glyphs)
        for word, lost in self.lost:
            parts = word.text.split(UNMAPPED)
            text = parts[0]
            for part, _ in zip(parts[1:], lost, strict=True):
                glyph = next(found)
                if glyph:
                    self.unmapped -= 1
                text += (glyph if glyph else UNMAPPED) + part
            word.text = text.translate(_EXPAND)
        self.lost = []


def _page_text(raw: object, count: int) -> str:
    """One character per pdfium character index (checked), from one call when the two views agree."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium.FPDFText_GetText(raw, 0, count, buffer)
    text = ctypes.string_at(buffer, max(written - 1, 0) * 2).decode("utf-16-le", errors="replace")
    probes = range(0, count, max(1, count // 8))
    if len(text) == count and all(ord(text[i]) == pdfium.FPDFText_GetUnicode(raw, i) for i in probes):
        return text
    # Characters left out of or added to the text (rare): ask for each one.
    return "".join(chr(pdfium.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(count))


class _Fonts:
    """The font of each text object of a page, asked for once per object."""

    def __init__(self, raw: object) -> None:
        self.raw = raw
        self.handle = ctypes.cast(raw, ctypes.c_void_p)
        self.known: dict[int | None, _Font] = {}
        self._matrix = pdfium.FS_MATRIX()
        self._name = ctypes.create_string_buffer(256)

    def key(self, index: int) -> int | None:
        """The text object of the character at `index`."""
        return _text_object(self.handle, index)

    def font(self, key: int | None, index: int) -> _Font:
        """The font of text object `key`, read at its character `index` the first time."""
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._read(index)
        return found

    def _read(self, index: int) -> _Font:
        raw, matrix = self.raw, self._matrix
        pdfium.FPDFText_GetMatrix(raw, index, matrix)
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        upright = a * d > 0 and b * c <= 0  # pdfminer's test: turned or mirrored text is not upright
        scale = abs(d) if upright else math.hypot(c, d)
        pdfium.FPDFText_GetFontInfo(raw, index, self._name, 256, None)
        name = self._name.value.decode("utf-8", errors="replace")
        return _Font(
            name=name,
            size=pdfium.FPDFText_GetFontSize(raw, index) * scale,
            bold=_bold(name),
            upright=upright,
            unmapped=bool(pdfium.FPDFText_HasUnicodeMapError(raw, index)),
        )


@functools.lru_cache(maxsize=256)
def _bold(name: str) -> bool:
    name = name.lower()
    return any(w in name for w in _BOLD)


def read_words(textpage: object, left: float, top: float) -> TextLayer:
    """The words of a pdfium text page, in points from the page's top left (`left`, `top`: its corner)."""
    raw = textpage.raw  # type: ignore[attr-defined]
    count = pdfium.FPDFText_CountChars(raw)
    layer = TextLayer([], [], 0, 0)
    if count <= 0:
        return layer
    text = _page_text(raw, count)
    fonts = _Fonts(raw)
    rect = pdfium.FS_RECTF()
    box = ctypes.byref(rect)
    char_box = pdfium.FPDFText_GetLooseCharBox
    controls = _CONTROL.search(text) is not None
    words = layer.words
    chars = start_of_line = 0
    for number, line_text in enumerate(text.split("\n")):
        matches = list(_WORD.finditer(text, start_of_line, start_of_line + len(line_text)))
        start_of_line += len(line_text) + 1
        if not matches:
            continue
        # pdfium lists a text object's characters together: when a line's first and last words are in one
        # object, so is every word between them, and one font serves the line.
        first = fonts.key(matches[0].start())
        same = first == fonts.key(matches[-1].start())
        for match in matches:
            start, end = match.span()
            chars += end - start
            font = fonts.font(first if same else fonts.key(start), start)
            word = match.group()
            lost: list[int] = []
            if font.unmapped or (controls and _CONTROL.search(word)):
                lost = [i for i in range(start, end) if pdfium.FPDFText_HasUnicodeMapError(raw, i)]
                word = _mark(word, start, lost)
                layer.unmapped += len(lost)
            if not word.isascii():
                word = word.translate(_EXPAND)
            char_box(raw, start, box)
            x0, x1, low, high = rect.left, rect.right, rect.bottom, rect.top
            if font.upright:
                if end - start > 1:
                    char_box(raw, end - 1, box)
                    x1 = rect.right
                # pdfminer's box: from the descent up one font size, whatever the font's ascent says.
                found = Word(x0 - left, x1 - left, top - low - font.size, top - low, word, font.size, font.bold)
                words.append(found)
            else:
                if end - start > 1:
                    char_box(raw, end - 1, box)
                    x0, x1 = min(x0, rect.left), max(x1, rect.right)
                    low, high = min(low, rect.bottom), max(high, rect.top)
                found = Word(x0 - left, x1 - left, top - high, top - low, word, font.size, font.bold)
                layer.rotated.append((number, found))
            if lost:
                # pdfium gives an unmapped glyph's character code as its text.
                layer.lost.append((found, [(font.name, ord(text[i])) for i in lost]))
    layer.chars = chars
    return layer


def _mark(word: str, start: int, lost: list[int]) -> str:
    if not lost:
        return word
    chars = list(word)
    for i in lost:
        chars[i - start] = UNMAPPED
    return "".join(chars)


def text_lines(layer: TextLayer, regions: list[Box], tables: list[Box], page: Page) -> None:
    """Fill `page.lines` with the layer's lines, region by region, leaving out the words inside tables."""
    by_region: list[list[Word]] = [[] for _ in regions]
    rotated: list[list[tuple[int, Word]]] = [[] for _ in regions]
    if len(regions) == 1 and not tables:
        # The usual page: one region, no table; only words off the page are left out.
        x0, y0, x1, y1 = regions[0]
        by_region[0] = [
            w for w in layer.words if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.top + w.bottom) / 2 <= y1
        ]
    else:
        for word in layer.words:
            index = _place(word, regions, tables)
            if index is not None:
                by_region[index].append(word)
    for number, word in layer.rotated:
        index = _place(word, regions, tables)
        if index is not None:
            rotated[index].append((number, word))
    for index in range(len(regions)):
        lines = [_line(group, index, page) for group in cluster_lines(by_region[index])]
        lines += [_line(group, index, page) for group in _runs(rotated[index])]
        page.lines += sorted((ln for ln in lines if ln is not None), key=lambda ln: ln.top)


def _place(word: Word, regions: list[Box], tables: list[Box]) -> int | None:
    box = (word.x0, word.top, word.x1, word.bottom)
    if any(holds(t, *box) for t in tables):
        return None
    return next((i for i, r in enumerate(regions) if holds(r, *box)), None)


def _runs(rotated: list[tuple[int, Word]]) -> list[list[Word]]:
    """Turned text (a margin stamp) as pdfium reads it: one line per pdfium line, in its order."""
    runs: dict[int, list[Word]] = {}
    for number, word in rotated:
        runs.setdefault(number, []).append(word)
    return list(runs.values())


def _line(words: list[Word], region: int, page: Page) -> Line | None:
    text = " ".join(w.text for w in words)
    if UNMAPPED in text:
        # A leading unmapped glyph is almost always a bullet; elsewhere the letter is lost.
        page.unmapped += text.count(UNMAPPED)
        if text.startswith(UNMAPPED):
            text = "•" + text[1:]
        text = " ".join(text.replace(UNMAPPED, "").split())
    if not text.strip():
        return None
    top, bottom, x0, x1 = words[0].top, words[0].bottom, words[0].x0, words[0].x1
    bold = True
    for w in words:
        if w.top < top:
            top = w.top
        if w.bottom > bottom:
            bottom = w.bottom
        if w.x0 < x0:
            x0 = w.x0
        if w.x1 > x1:
            x1 = w.x1
        bold = bold and w.bold
    return Line(top, bottom, x0, x1, text, _median_size(words), bold, region)


def _median_size(words: list[Word]) -> float:
    """The size of the line's median character, to the half point."""
    first = words[0].size
    if all(w.size == first for w in words):
        return round(first * 2) / 2
    sizes = sorted((round(w.size * 2) / 2, len(w.text)) for w in words)
    middle = sum(n for _, n in sizes) // 2
    for size, n in sizes:
        if middle < n:
            return size
        middle -= n
    return sizes[-1][0]
