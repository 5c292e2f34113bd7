"""Read a Word .docx body in document order: headings, list items, paragraphs, tables and page breaks."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from lxml import etree

from ingest.errors import CorruptFile
from ingest.parse.document import BlockKind, CleanBuilder, ParsedDocument, heading_title

log = logging.getLogger(__name__)

_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_RENDERED_BREAK = qn("w:lastRenderedPageBreak")
_W_PPR, _W_SECTPR = qn("w:pPr"), qn("w:sectPr")
_W_VAL, _W_TYPE = qn("w:val"), qn("w:type")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Containers whose children are body content (content controls, custom XML, tracked insertions).
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:smartTag")}

_HEADING_STYLE = re.compile(r"^(?:heading|t[íi]tulo|encabezado)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|t[íi]tulo)$", re.I)
_LIST_STYLE = re.compile(r"list|lista|vi[ñn]eta|bullet|numera", re.I)


def parse_docx(data: bytes, file: str) -> ParsedDocument:
    """Parse a .docx file; pages are counted from explicit and last-rendered page breaks."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise CorruptFile(file, f"damaged Word document that cannot be opened ({_detail(exc)})") from None
    try:
        reader = _Reader(document)
        reader.body(document.element.body)
    except Exception as exc:
        # python-docx trusts the XML it is given; any surprise in it means a damaged file.
        log.warning("damaged docx", extra={"file": file}, exc_info=True)
        raise CorruptFile(file, f"damaged Word document ({_detail(exc)})") from None
    doc = reader.builder.build(file, "docx", pages=reader.page)
    core_title = (document.core_properties.title or "").strip()
    doc.title = heading_title(doc.blocks) or core_title or None
    return doc


def _detail(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


class _Reader:
    """Walks the body XML, tracking the current page as it meets page breaks."""

    def __init__(self, document: docx.document.Document) -> None:
        self.builder = CleanBuilder()
        self.page = 1
        self.text_on_page = False
        self.styles = {}
        for style in document.styles:
            self.styles[style.style_id] = style

    def body(self, element: etree._Element) -> None:
        for child in element.iterchildren():
            if child.tag == _W_P:
                self.paragraph(child)
            elif child.tag == _W_TBL:
                self.table(child)
            elif child.tag in _WRAPPERS:
                self.body(child)

    def page_break(self) -> None:
        # Word writes a rendered break right after a hard one; count a new page only
        # once text has appeared since the last break.
        if self.text_on_page:
            self.page += 1
            self.text_on_page = False

    def read_text(self, element: etree._Element) -> tuple[str, int | None]:
        """The text under `element` and the page its first character is on."""
        parts: list[str] = []
        first_page: int | None = None
        for node in _walk(element):
            tag = node.tag
            if tag == _W_T and node.text:
                parts.append(node.text)
                if node.text.strip():
                    if first_page is None:
                        first_page = self.page
                    self.text_on_page = True
            elif tag == _W_TAB:
                parts.append("\t")
            elif tag in (_W_BR, _W_CR):
                if node.get(_W_TYPE) == "page":
                    self.page_break()
                else:
                    parts.append("\n")
            elif tag == _W_RENDERED_BREAK:
                self.page_break()
            elif tag == _W_P:
                parts.append("\n")
        return "".join(parts), first_page

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(_W_PPR)
        if ppr is not None and _on(ppr.find(qn("w:pageBreakBefore"))):
            self.page_break()
        text, page = self.read_text(p)
        kind, level = self.classify(ppr)
        self.builder.add(kind, text, page=page, level=level)
        section = ppr.find(_W_SECTPR) if ppr is not None else None
        if section is not None:
            kind_el = section.find(qn("w:type"))
            if kind_el is None or kind_el.get(_W_VAL) != "continuous":
                self.page_break()

    def classify(self, ppr: etree._Element | None) -> tuple[BlockKind, int | None]:
        style = None
        if ppr is not None:
            style_el = ppr.find(qn("w:pStyle"))
            if style_el is not None:
                style = self.styles.get(style_el.get(_W_VAL))
        level = _heading_level(style, ppr)
        if level is not None:
            return "heading", level
        if ppr is not None and _has_numbering(ppr):
            return "list_item", None
        for s in _style_chain(style):
            if _LIST_STYLE.search(s.name or "") or _has_numbering(s.element.find(_W_PPR)):
                return "list_item", None
        return "paragraph", None

    def table(self, tbl: etree._Element) -> None:
        rows: list[list[str]] = []
        page: int | None = None
        for tr in _children(tbl, _W_TR):
            row = []
            for tc in _children(tr, _W_TC):
                text, cell_page = self.read_text(tc)
                row.append(text)
                page = page or cell_page
            rows.append(row)
        width = max((sum(1 for c in r if c.strip()) for r in rows), default=0)
        if width <= 1:
            # A one-column table is a framed box of text, not tabular data.
            for row in rows:
                for cell in row:
                    self.builder.add("paragraph", cell, page=page)
            return
        self.builder.add("table", "", page=page, rows=rows)


def _walk(element: etree._Element) -> Iterator[etree._Element]:
    """Descendants in document order, skipping the fallback copy of alternate content."""
    # Holding the elements (not their ids) keeps lxml's proxies alive, so identity holds.
    skipped = {n for fallback in element.iter(_MC_FALLBACK) for n in fallback.iter()}
    for node in element.iter():
        if node is element or not isinstance(node.tag, str) or node in skipped:
            continue
        yield node


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _on(flag: etree._Element | None) -> bool:
    return flag is not None and flag.get(_W_VAL) not in ("0", "false", "off")


def _has_numbering(ppr: etree._Element | None) -> bool:
    if ppr is None:
        return False
    num = ppr.find(qn("w:numPr"))
    if num is None:
        return False
    num_id = num.find(qn("w:numId"))
    return num_id is None or num_id.get(_W_VAL) != "0"


def _style_chain(style: object) -> Iterator:
    seen = 0
    while style is not None and seen < 5:
        yield style
        style = getattr(style, "base_style", None)
        seen += 1


def _heading_level(style: object, ppr: etree._Element | None) -> int | None:
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None and (outline.get(_W_VAL) or "").isdigit() and int(outline.get(_W_VAL)) < 9:
        return min(int(outline.get(_W_VAL)) + 1, 6)
    for s in _style_chain(style):
        name = (s.name or "").strip()
        match = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(s.style_id or "")
        if match:
            return min(max(int(match.group(1)), 1), 6)
        if _TITLE_STYLE.match(name):
            return 1
        style_ppr = s.element.find(_W_PPR)
        outline = style_ppr.find(qn("w:outlineLvl")) if style_ppr is not None else None
        if outline is not None and (outline.get(_W_VAL) or "").isdigit() and int(outline.get(_W_VAL)) < 9:
            return min(int(outline.get(_W_VAL)) + 1, 6)
    return None
