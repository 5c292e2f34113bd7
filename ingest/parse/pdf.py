"""Read a PDF page by page: its text layer with pdfplumber, or OCR where a page has no usable text layer.

A page is recognised (rendered with pypdfium2, read by `ocr.OcrEngine`) when it
has no text, when most of its characters have no Unicode mapping, or when
images cover most of it and its text layer holds only a few words (a scanner's
stamp). One page is rendered and recognised at a time, so memory stays flat.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import CorruptFile, EncryptedFile, NoTextLayer
from ingest.parse.document import (
    BlockKind,
    CleanBuilder,
    DocumentBuilder,
    Format,
    PageOrigin,
    PageSource,
    ParsedDocument,
    heading_title,
)
from ingest.parse.ocr import OcrConfig, OcrEngine, OcrPage, OcrUnavailable
from ingest.parse.text import join_lines

_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(
    rf"^\s*(?:p[áa]g(?:ina)?\.?\s*)?-?\s*(?:\d{{1,4}}|{_ROMAN})\s*-?(?:\s*(?:de|/|of)\s*\d{{1,4}})?\s*$", re.I
)
_BULLET = re.compile(r"^\s*(?:[•·▪►◦\-–*]|\d{1,3}[.)]|[a-z][)])\s+\S")
_CID = re.compile(r"\(cid:\d+\)")
_GLYPH_BULLET = re.compile(r"^[•·▪►◦\-–*]\s+")
_MARGIN = 0.08  # share of the page height treated as header or footer band
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
# Word gaps relative to the font size: pdfplumber's fixed 3pt glues the words of
# tightly set PDFs that draw no space characters ("Permissionisgranted").
_TEXT_OPTIONS = {"x_tolerance_ratio": 0.15}
# A page mostly covered by images whose text layer holds fewer characters than this is a scan
# with a stamp or a page number on it: its words are in the image.
_SCAN_COVERAGE = 0.5
_SCAN_MAX_CHARS = 120

PageProgress = Callable[[int, int], None]


@dataclass
class _Line:
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


@dataclass
class _Page:
    number: int
    height: float
    width: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[tuple[int, float, list[list[str]]]] = field(default_factory=list)
    chars: int = 0
    unmapped: int = 0
    source: PageOrigin = "text"
    confidence: float | None = None


def page_from_ocr(number: int, result: OcrPage, dpi: float) -> _Page:
    """A page read by OCR, its lines placed in points as if they came from a text layer."""
    scale = 72.0 / dpi
    page = _Page(number, result.height * scale, result.width * scale, source="ocr", confidence=result.confidence)
    for line in result.lines:
        page.lines.append(
            _Line(
                top=line.top * scale,
                bottom=line.bottom * scale,
                x0=line.left * scale,
                x1=line.right * scale,
                text=line.text,
                size=(line.bottom - line.top) * scale,
                bold=False,
                para=line.para,
            )
        )
    page.chars = sum(len(line.text) for line in result.lines)
    return page


class _Ocr:
    """The OCR engine for one document, loaded on the first page that needs it."""

    def __init__(self, config: OcrConfig, data: bytes) -> None:
        self.config = config
        self.data = data
        self.engine: OcrEngine | None = None
        self.unavailable: str | None = None
        self._pdf = None

    def read(self, number: int) -> _Page | None:
        """The page recognised, or None when OCR cannot run here (`unavailable` says why)."""
        if self.unavailable is not None:
            return None
        if self.engine is None:
            try:
                self.engine = OcrEngine(self.config)
            except OcrUnavailable as exc:
                self.unavailable = str(exc)
                return None
        import pypdfium2

        if self._pdf is None:
            self._pdf = pypdfium2.PdfDocument(self.data)
        page = self._pdf[number - 1]
        try:
            image = page.render(scale=self.config.dpi / 72, grayscale=True).to_pil()
        finally:
            page.close()
        return page_from_ocr(number, self.engine.recognise(image, self.config.dpi), self.config.dpi)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
        if self._pdf is not None:
            self._pdf.close()


def parse_pdf(
    data: bytes, file: str, *, ocr: OcrConfig | None = None, on_page: PageProgress | None = None
) -> ParsedDocument:
    """Parse a PDF into blocks with 1-based page numbers; pages without a usable text layer are OCRed.

    `on_page(done, total)` hears each page as it is read."""
    truncated = b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-2048:]
    reader = _Ocr(ocr or OcrConfig(), data)
    try:
        pages, warnings = _read_pages(data, file, reader, on_page)
    except (EncryptedFile, NoTextLayer, CorruptFile):
        raise
    except PdfminerException as exc:
        raise _map_pdfminer(exc, file, truncated) from None
    except Exception as exc:
        raise CorruptFile(file, _corrupt_reason(exc, truncated)) from None
    finally:
        reader.close()
    if truncated:
        warnings.append("the PDF has no end-of-file marker; it may be truncated")
    count = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
    if not sum(p.chars for p in pages):
        if reader.unavailable:
            raise NoTextLayer(
                file, f"scanned PDF with no text layer ({count}); OCR is not available: {reader.unavailable}"
            )
        raise NoTextLayer(file, f"scanned PDF with no text layer ({count}); OCR found no text in it")
    blank = [p.number for p in pages if not p.chars and p.source == "text"]
    if blank and reader.unavailable:
        listed = ", ".join(map(str, blank))
        warnings.append(
            f"page(s) {listed} have no text layer (scanned images?); their text is missing: "
            f"OCR is not available: {reader.unavailable}"
        )
    return assemble_pages(pages, file, "pdf", warnings, reader.config.low_confidence)


def assemble_pages(
    pages: list[_Page], file: str, fmt: Format, warnings: list[str], low_confidence: float
) -> ParsedDocument:
    """Lay pages read from a text layer or by OCR out as one document, in page order."""
    low = [p for p in pages if p.source == "ocr" and p.confidence is not None and p.confidence < low_confidence]
    if low:
        listed = ", ".join(f"{p.number} ({p.confidence:.0f} %)" for p in low)
        warnings.append(f"page(s) {listed} were read by OCR with low confidence; check their text")
    garbled = [p.number for p in pages if p.unmapped >= 20]
    if garbled:
        listed = ", ".join(map(str, garbled))
        warnings.append(f"page(s) {listed} use fonts without a text mapping; some characters are missing")
    _drop_running_lines(pages)
    builder = CleanBuilder()
    _Layout(pages).emit(builder)
    sources = [PageSource(p.number, p.source, p.confidence) for p in pages]
    doc = builder.build(file, fmt, pages=len(pages), warnings=warnings, page_sources=sources)
    doc.title = heading_title(doc.blocks)
    return doc


def _map_pdfminer(exc: PdfminerException, file: str, truncated: bool) -> Exception:
    inner = exc.args[0] if exc.args else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return EncryptedFile(file, "encrypted PDF; a password is needed")
    if isinstance(inner, PDFEncryptionError):
        return EncryptedFile(file, "encrypted PDF with an unsupported protection scheme")
    return CorruptFile(file, _corrupt_reason(inner, truncated))


def _corrupt_reason(exc: object, truncated: bool) -> str:
    if truncated:
        return "truncated PDF: the end of the file is missing"
    detail = " ".join(str(exc).split())[:120] or type(exc).__name__
    return f"damaged PDF that cannot be read ({detail})"


def _read_pages(data: bytes, file: str, ocr: _Ocr, on_page: PageProgress | None) -> tuple[list[_Page], list[str]]:
    pages: list[_Page] = []
    warnings: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if not pdf.pages:
            raise CorruptFile(file, "damaged PDF: it has no pages")
        failed: list[int] = []
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            try:
                read = _read_page(page, number)
                scanned = _needs_ocr(page, read) and ocr.read(number)
                pages.append(scanned or read)
            except Exception:
                # One broken page should not cost the rest of the document.
                failed.append(number)
                pages.append(_Page(number, float(page.height or 0), float(page.width or 0)))
            finally:
                page.close()
            if on_page is not None:
                on_page(number, total)
        if failed and len(failed) == len(pages):
            raise CorruptFile(file, "damaged PDF: none of its pages can be read")
        if failed:
            warnings.append(f"page(s) {', '.join(map(str, failed))} could not be read and were skipped")
    return pages, warnings


def _needs_ocr(page: pdfplumber.page.Page, read: _Page) -> bool:
    """No usable text layer: no text, mostly unmapped glyphs, or a few words over a page-sized image."""
    if not read.chars:
        return True
    if read.unmapped >= 20 and read.unmapped >= 0.5 * read.chars:
        return True
    if read.chars >= _SCAN_MAX_CHARS:
        return False
    area = float(page.width) * float(page.height)
    covered = 0.0
    for image in page.images:
        width = min(float(image["x1"]), float(page.width)) - max(float(image["x0"]), 0.0)
        height = min(float(image["bottom"]), float(page.height)) - max(float(image["top"]), 0.0)
        covered += max(width, 0.0) * max(height, 0.0)
    return area > 0 and covered / area >= _SCAN_COVERAGE


def _read_page(page: pdfplumber.page.Page, number: int) -> _Page:
    chars = page.chars
    spots = {(c["text"], round(c["x0"]), round(c["top"])) for c in chars}
    if len(spots) < 0.95 * len(chars):
        # Text drawn twice at the same spot (a fake bold) would read "AAccttaa"; the
        # dedupe is slow, so it runs only when such doubles are there.
        page = page.dedupe_chars()
    result = _Page(number, float(page.height), float(page.width), chars=len(page.chars))
    if not result.chars:
        return result
    tables = []
    for table in page.find_tables():
        rows = [[_CID.sub("", cell or "") for cell in row] for row in table.extract(**_TEXT_OPTIONS)]
        filled = [r for r in rows if sum(1 for c in r if c.strip()) >= 1]
        if len(filled) >= 2 and max(sum(1 for c in r if c.strip()) for r in filled) >= 2:
            tables.append((tuple(float(v) for v in table.bbox), rows))
    boxes = [bbox for bbox, _ in tables]

    def outside_tables(obj: dict) -> bool:
        return obj.get("object_type") != "char" or not any(_holds(box, obj) for box in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    regions = _reading_regions(text_page)
    result.tables = [(_region_of(regions, (x0, top, x1, bottom)), top, rows) for (x0, top, x1, bottom), rows in tables]
    for index, region in enumerate(regions):
        region_page = text_page.filter(lambda obj, r=region: obj.get("object_type") != "char" or _holds(r, obj))
        for line in region_page.extract_text_lines(return_chars=True, strip=True, **_TEXT_OPTIONS):
            parsed = _line(line, index, result)
            if parsed is not None:
                result.lines.append(parsed)
    return result


def _line(line: dict, region: int, page: _Page) -> _Line | None:
    chars = [c for c in line["chars"] if c["text"].strip()]
    text = line["text"]
    if "(cid:" in text:
        # Glyphs whose font has no Unicode mapping come out as "(cid:N)": a
        # leading one is almost always a bullet; elsewhere the letter is lost.
        page.unmapped += len(_CID.findall(text))
        text = _CID.sub("•", text, count=1) if _CID.match(text) else text
        text = " ".join(_CID.sub("", text).split())
    if not chars or not text.strip():
        return None
    sizes = sorted(round(float(c["size"]) * 2) / 2 for c in chars)
    fonts = [str(c.get("fontname", "")).lower() for c in chars]
    return _Line(
        top=float(line["top"]),
        bottom=float(line["bottom"]),
        x0=float(line["x0"]),
        x1=float(line["x1"]),
        text=text,
        size=sizes[len(sizes) // 2],
        bold=all(any(w in f for w in ("bold", "black", "heavy", "semibold")) for f in fonts),
        region=region,
    )


def _holds(box: tuple[float, float, float, float], obj: dict) -> bool:
    x0, top, x1, bottom = box
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _region_of(regions: list[tuple[float, float, float, float]], bbox: tuple[float, float, float, float]) -> int:
    center = {"x0": bbox[0], "x1": bbox[2], "top": bbox[1], "bottom": bbox[3]}
    return next((i for i, r in enumerate(regions) if _holds(r, center)), 0)


def _reading_regions(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    """Areas of the page in reading order: the whole page, or bands split into two columns.

    Lines are read across the full width, so two columns of prose would interleave;
    when a clear gutter runs between two columns of full lines, each column is read
    on its own. Lists of names beside positions (short, ragged lines) stay rows.
    """
    whole = [(0.0, 0.0, float(page.width), float(page.height))]
    words = page.extract_words(**_TEXT_OPTIONS)
    if len(words) < 60:
        return whole
    gutter = _gutter(words)
    if gutter is None:
        return whole
    g0, g1 = gutter
    middle = (g0 + g1) / 2
    full: list[list[float]] = []
    for w in sorted((w for w in words if w["x0"] < g0 and w["x1"] > g1), key=lambda w: w["top"]):
        if full and w["top"] <= full[-1][1]:
            full[-1][1] = max(full[-1][1], w["bottom"])
        else:
            full.append([w["top"], w["bottom"]])
    regions: list[tuple[float, float, float, float]] = []
    cursor = 0.0
    width, height = float(page.width), float(page.height)
    for top, bottom in [*full, [height, height]]:
        if top > cursor:
            regions += [(0.0, cursor, middle, top), (middle, cursor, width, top)]
        if bottom > top:
            regions.append((0.0, top, width, bottom))
        cursor = bottom
    return regions


def _gutter(words: list[dict]) -> tuple[float, float] | None:
    left = min(w["x0"] for w in words)
    right = max(w["x1"] for w in words)
    span = right - left
    lo, hi = int(left + 0.3 * span), int(left + 0.7 * span)
    if hi - lo < 10:
        return None
    coverage = [0] * (hi - lo)
    for w in words:
        for x in range(max(lo, int(w["x0"])), min(hi, int(w["x1"]) + 1)):
            coverage[x - lo] += 1
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
    sides = ([w for w in words if w["x1"] <= g0], [w for w in words if w["x0"] >= g1])
    if any(len(side) < len(words) / 4 or not _prose(side) for side in sides):
        return None
    return float(g0), float(g1)


def _prose(words: list[dict]) -> bool:
    """Words that form lines filling a column, as running text does (not a ragged list)."""
    lines: dict[int, list[dict]] = {}
    for w in words:
        lines.setdefault(round(w["top"] / 3), []).append(w)
    if len(lines) < 8:
        return False
    ends = [max(w["x1"] for w in line) for line in lines.values()]
    starts = [min(w["x0"] for w in line) for line in lines.values()]
    width = max(ends) - min(starts)
    full = sum(1 for end in ends if end >= max(ends) - 0.15 * width)
    # Wrapped sentences continue on the next line in lower case; list entries do not.
    firsts = [min(line, key=lambda w: w["x0"])["text"][:1] for line in lines.values()]
    continued = sum(1 for ch in firsts if ch.islower())
    return width > 0 and full >= 0.6 * len(ends) and continued >= 0.4 * len(firsts)


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page numbers and headers/footers repeated in the page margins."""

    def in_margin(line: _Line, page: _Page) -> bool:
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


class _Layout:
    """Groups lines into paragraphs and headings and interleaves tables by position."""

    def __init__(self, pages: list[_Page]) -> None:
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

    def _ocr_groups(self, page: _Page) -> list[tuple[BlockKind, list[_Line], int | None]]:
        """Tesseract's paragraphs; a bullet starts a list item; a short line in capitals is a heading."""
        groups: list[tuple[BlockKind, list[_Line], int | None]] = []
        for line in page.lines:
            kind: BlockKind = "list_item" if _BULLET.match(line.text) else "paragraph"
            if groups and kind == "paragraph" and groups[-1][1][-1].para == line.para:
                groups[-1][1].append(line)
            else:
                groups.append((kind, [line], None))
        level = min(len(self.levels) + 1, 6)
        out: list[tuple[BlockKind, list[_Line], int | None]] = []
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

    def _groups(self, page: _Page) -> list[tuple[BlockKind, list[_Line], int | None]]:
        if page.source == "ocr":
            return self._ocr_groups(page)
        groups: list[tuple[BlockKind, list[_Line], int | None]] = []
        right: dict[int, float] = {}
        for ln in page.lines:
            right[ln.region] = max(right.get(ln.region, 0.0), ln.x1)
        previous: _Line | None = None
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

    def _classify(self, line: _Line) -> tuple[BlockKind, int | None]:
        if self._is_large(line.size) and len(line.text) <= 200:
            return "heading", self.levels.get(line.size)
        if _BULLET.match(line.text):
            return "list_item", None
        return "paragraph", None

    def _continues(
        self,
        prev: _Line,
        line: _Line,
        group: tuple[BlockKind, list[_Line], int | None],
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
