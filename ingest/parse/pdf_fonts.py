"""Glyphs pdfium cannot map to text, read from the font as pdfminer reads it.

pdfium leaves a glyph unmapped when its font has no ToUnicode entry for it and its encoding names it in a
way pdfium does not know ("f_i", the ligature, in a /Differences array). pdfminer follows the Adobe glyph
list further and reads the encodings inside embedded Type 1 fonts. Only the fonts of a page that has such
glyphs are read, never its content: no page is laid out here.
"""

from __future__ import annotations

import io
import logging
import re

log = logging.getLogger(__name__)

_SUBSET = re.compile(r"^[A-Z]{6}\+")  # "ABCDEF+Arial": a subset's tag, which pdfium leaves out
_MAX_DEPTH = 8  # form XObjects nested deeper than this are not looked into


def font_key(name: str) -> str:
    return _SUBSET.sub("", name)


class FontReader:
    """pdfminer over one document, opened on the first page with an unmapped glyph."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._document = None
        self._pages: list = []
        self._broken = False

    def glyphs(self, index: int, wanted: list[tuple[str, int]]) -> list[str | None]:
        """The text of each (font name as pdfium gives it, character code) on page `index` (0-based), or None."""
        fonts = self._fonts(index)
        found: list[str | None] = []
        for name, code in wanted:
            text = None
            for font in fonts.get(font_key(name), []):
                try:
                    text = font.to_unichr(code)
                    break
                except Exception:  # pdfminer's PDFUnicodeNotDefined, or a font it cannot read
                    continue
            found.append(text or None)
        return found

    def _fonts(self, index: int) -> dict[str, list]:
        page = self._page(index)
        if page is None:
            return {}
        from pdfminer.pdfinterp import PDFResourceManager

        manager = PDFResourceManager(caching=True)
        fonts: dict[str, list] = {}
        try:
            for objid, spec in _font_specs(page.resources, 0):
                name = spec.get("BaseFont")
                key = font_key(getattr(name, "name", str(name or "")))
                fonts.setdefault(key, []).append(manager.get_font(objid, spec))
        except Exception as exc:
            log.warning("fonts unreadable", extra={"error": f"{type(exc).__name__}: {exc}"})
        return fonts

    def _page(self, index: int):
        if self._broken:
            return None
        try:
            if self._document is None:
                from pdfminer.pdfdocument import PDFDocument
                from pdfminer.pdfpage import PDFPage
                from pdfminer.pdfparser import PDFParser

                self._document = PDFDocument(PDFParser(io.BytesIO(self.data)))
                self._iter = PDFPage.create_pages(self._document)
            while len(self._pages) <= index:
                self._pages.append(next(self._iter))
        except Exception as exc:
            # pdfium read the text; a PDF pdfminer cannot open only keeps those glyphs unmapped.
            log.warning("pdfminer cannot read the PDF", extra={"error": f"{type(exc).__name__}: {exc}"})
            self._broken = True
            return None
        return self._pages[index]


def _font_specs(resources: object, depth: int):
    """(object id, font dictionary) of every font in the resources and in their forms' resources."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return
    for ref in (resolve1(resources.get("Font")) or {}).values():
        spec = resolve1(ref)
        if isinstance(spec, dict):
            yield (ref.objid if isinstance(ref, PDFObjRef) else None), spec
    if depth >= _MAX_DEPTH:
        return
    for ref in (resolve1(resources.get("XObject")) or {}).values():
        xobject = resolve1(ref)
        if isinstance(xobject, PDFStream) and "Resources" in xobject.attrs:
            yield from _font_specs(xobject.attrs["Resources"], depth + 1)
