"""What a PDF page draws besides text, read with pdfium: how much of it images cover (a scan), and whether
it has ruling lines that can form a table (only then is the slow table finder run on it).

Objects inside form XObjects count too, placed on the page through their forms' matrices.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2.raw as pdfium

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_DEPTH = 8  # forms nested deeper than this are not looked into
# Past this many path segments (a map, a chart) the table finder decides.
_MAX_SEGMENTS = 20_000
_SNAP = 3.0  # points: rulings this close are one (pdfplumber's snap tolerance)
_THIN = 2.0  # points: a path thinner than this is a line


def _matrix(obj: object) -> Matrix:
    m = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` applied first, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _objects(page: object) -> Iterator[tuple[int, object, Matrix]]:
    """Every object on the page with its type and the matrix from its parent's space to the page."""
    stack: list[tuple[object, Matrix, int]] = [(page, _IDENTITY, 0)]
    while stack:
        holder, outer, depth = stack.pop()
        if depth == 0:
            count, get = pdfium.FPDFPage_CountObjects(holder), pdfium.FPDFPage_GetObject
        else:
            count, get = pdfium.FPDFFormObj_CountObjects(holder), pdfium.FPDFFormObj_GetObject
        for i in range(max(count, 0)):
            obj = get(holder, i)
            kind = pdfium.FPDFPageObj_GetType(obj)
            if kind == pdfium.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
                stack.append((obj, _then(_matrix(obj), outer), depth + 1))
            elif kind in (pdfium.FPDF_PAGEOBJ_IMAGE, pdfium.FPDF_PAGEOBJ_PATH):
                yield kind, obj, outer


def _bounds(obj: object, outer: Matrix) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    corners = [_apply(outer, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def image_coverage(page: object, width: float, height: float, left: float = 0.0, bottom: float = 0.0) -> float:
    """The share of the page (`width` by `height` from (`left`, `bottom`)) that images cover, summed."""
    area = width * height
    if area <= 0:
        return 0.0
    covered = 0.0
    for kind, obj, outer in _objects(page):
        if kind != pdfium.FPDF_PAGEOBJ_IMAGE:
            continue
        x0, y0, x1, y1 = _bounds(obj, outer)
        w = min(x1, left + width) - max(x0, left)
        h = min(y1, bottom + height) - max(y0, bottom)
        covered += max(w, 0.0) * max(h, 0.0)
    return covered / area


def has_rulings(page: object) -> bool:
    """Whether the page's paths hold at least three horizontal and three vertical rulings apart, the least
    a table of two rows, one with two cells, needs. A page where this is false has no ruled table."""
    rows: list[float] = []
    columns: list[float] = []
    segments = paths = 0
    for kind, obj, outer in _objects(page):
        if kind != pdfium.FPDF_PAGEOBJ_PATH:
            continue
        count = pdfium.FPDFPath_CountSegments(obj)
        if count <= 5:
            # A line or a rectangle (a cell's border, often drawn as a thin filled box): its bounds say it.
            if not _curved(obj, count):
                _box_rulings(_bounds(obj, outer), rows, columns)
        else:
            segments += _segment_rulings(obj, _then(_matrix(obj), outer), count, rows, columns)
            if segments > _MAX_SEGMENTS:
                return True
        paths += 1
        if paths % 64 == 0 and _distinct(rows) >= 3 and _distinct(columns) >= 3:
            return True
    return _distinct(rows) >= 3 and _distinct(columns) >= 3


def _curved(path: object, count: int) -> bool:
    return any(
        pdfium.FPDFPathSegment_GetType(pdfium.FPDFPath_GetPathSegment(path, i)) == pdfium.FPDF_SEGMENT_BEZIERTO
        for i in range(count)
    )


def _box_rulings(box: tuple[float, float, float, float], rows: list[float], columns: list[float]) -> None:
    x0, y0, x1, y1 = box
    if y1 - y0 < _THIN and x1 - x0 < _THIN:
        return  # a dot
    if y1 - y0 < _THIN:
        rows.append((y0 + y1) / 2)
    elif x1 - x0 < _THIN:
        columns.append((x0 + x1) / 2)
    else:
        rows += [y0, y1]
        columns += [x0, x1]


def _segment_rulings(path: object, matrix: Matrix, count: int, rows: list[float], columns: list[float]) -> int:
    """The horizontal and vertical segments of a path of straight lines (a whole grid drawn as one path);
    nothing from a path with curves (a drawing: a logo, letters in outline). The segments looked at."""
    x, y = ctypes.c_float(), ctypes.c_float()
    found_rows: list[float] = []
    found_columns: list[float] = []
    start = previous = None
    for i in range(count):
        segment = pdfium.FPDFPath_GetPathSegment(path, i)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            return i + 1
        pdfium.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            start = point
        elif previous is not None:
            _add(previous, point, found_rows, found_columns)
            if pdfium.FPDFPathSegment_GetClose(segment) and start is not None:
                _add(point, start, found_rows, found_columns)
        previous = point
    rows += found_rows
    columns += found_columns
    return count


def _add(a: tuple[float, float], b: tuple[float, float], rows: list[float], columns: list[float]) -> None:
    if abs(a[1] - b[1]) < 1 and abs(a[0] - b[0]) >= 1:
        rows.append(a[1])
    elif abs(a[0] - b[0]) < 1 and abs(a[1] - b[1]) >= 1:
        columns.append(a[0])


def _distinct(values: list[float]) -> int:
    count, last = 0, None
    for value in sorted(values):
        if last is None or value - last > _SNAP:
            count += 1
        last = value
    return count
