"""What a PDF page draws besides text, read with pdfium: how much of it images cover (a scan), and the
ruling lines its paths draw (where tables are found).

Objects inside form XObjects count too, placed on the page through their forms' matrices.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2.raw as pdfium

Matrix = tuple[float, float, float, float, float, float]
Edge = dict[str, object]  # pdfplumber's edge: orientation, x0, x1, top, bottom, width, height
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_DEPTH = 8  # forms nested deeper than this are not looked into
# A page drawing more path segments than this is a map or a chart: its rulings are not read past them.
_MAX_SEGMENTS = 20_000
_MAX_CURVED = 16  # segments: a curved path longer than this is a drawing (rounded cell borders are shorter)
_SNAP = 3.0  # points: rulings this close are one (pdfplumber's snap tolerance)
_STRAIGHT = 0.01  # points: a segment whose ends differ less than this across its length is straight


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


def ruling_edges(page: object, left: float, top: float) -> list[Edge]:
    """The horizontal and vertical segments the page's paths draw, as pdfplumber's table finder takes them
    (consecutive points of each subpath, closing included), in points from the corner (`left`, `top`)
    of the media box. Long curved paths are drawings (a logo, letters in outline) and are left out."""
    edges: list[Edge] = []
    segments = 0
    for kind, obj, outer in _objects(page):
        if kind != pdfium.FPDF_PAGEOBJ_PATH:
            continue
        segments += _path_edges(obj, _then(_matrix(obj), outer), left, top, edges)
        if segments > _MAX_SEGMENTS:
            break
    return edges


def _path_edges(path: object, matrix: Matrix, left: float, top: float, edges: list[Edge]) -> int:
    """Add the path's edges to `edges`; the segments looked at."""
    count = pdfium.FPDFPath_CountSegments(path)
    x, y = ctypes.c_float(), ctypes.c_float()
    found: list[Edge] = []
    start = previous = None
    curve = 0  # a cubic Bezier is three segments: two control points, then its end point
    for i in range(count):
        segment = pdfium.FPDFPath_GetPathSegment(path, i)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            if count > _MAX_CURVED:
                return i + 1
            curve = (curve + 1) % 3
            if curve:
                continue
        pdfium.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = _apply(matrix, x.value, y.value)
        point = (px - left, top - py)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            start = point
        elif previous is not None:
            _edge(previous, point, found)
            if pdfium.FPDFPathSegment_GetClose(segment) and start is not None:
                _edge(point, start, found)
                point = start
        previous = point
    edges += found
    return max(count, 0)


def _edge(a: tuple[float, float], b: tuple[float, float], edges: list[Edge]) -> None:
    x0, x1 = min(a[0], b[0]), max(a[0], b[0])
    y0, y1 = min(a[1], b[1]), max(a[1], b[1])
    if y1 - y0 < _STRAIGHT and x1 - x0 >= 1:
        y0 = y1 = (y0 + y1) / 2
        orientation = "h"
    elif x1 - x0 < _STRAIGHT and y1 - y0 >= 1:
        x0 = x1 = (x0 + x1) / 2
        orientation = "v"
    else:
        return
    edges.append(
        {
            "object_type": "path_edge",
            "orientation": orientation,
            "x0": x0,
            "x1": x1,
            "top": y0,
            "bottom": y1,
            "width": x1 - x0,
            "height": y1 - y0,
        }
    )


def could_hold_table(edges: list[Edge]) -> bool:
    """At least three horizontal and three vertical rulings apart: the least a table of two rows, one with
    two cells, needs. A page where this is false has no ruled table."""
    rows = [e["top"] for e in edges if e["orientation"] == "h"]
    columns = [e["x0"] for e in edges if e["orientation"] == "v"]
    return _distinct(rows) >= 3 and _distinct(columns) >= 3


def _distinct(values: list[float]) -> int:
    count, last = 0, None
    for value in sorted(values):
        if last is None or value - last > _SNAP:
            count += 1
        last = value
    return count
