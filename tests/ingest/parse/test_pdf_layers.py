"""PDF text layers as pdfium draws them: tables from rulings (one path, inside forms, off-origin pages),
sizes set by matrices, lines drawn out of order, turned stamps, hyphens, unmapped glyphs, threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pypdfium2
import pytest

from ingest.parse import parse_bytes
from ingest.parse.pdf_objects import could_hold_table, ruling_edges
from tests.ingest.parse.factories import assert_consistent, grid, pdf_text, raw_pdf, texts, two_page_pdf

# The same kinds of minutes written the Spanish way (pleno, ayuntamiento) and the Mexican way (cabildo, IMPLAN).
CONVENTIONS = {
    "es": {
        "title": "Acta del Pleno del Ayuntamiento",
        "body": "Se abre la sesión ordinaria del Pleno en el salón de plenos de la Casa Consistorial.",
        "rows": [["Punto", "Votación"], ["Aprobación del acta anterior", "Unanimidad"], ["Ruegos y preguntas", "—"]],
        "lines": ["El concejal de Urbanismo presenta la modificación", "puntual del plan general de ordenación."],
        "hyphen": (["Se aprueba el plan de desa-", "rrollo urbano sostenible del municipio."], "desarrollo urbano"),
        "stamp": "Documento firmado electrónicamente por la Secretaría General del Ayuntamiento",
        "ligature": ("Publicado en el Boletín O\x1fcial de la Provincia", "Boletín Oficial de la Provincia"),
    },
    "mx": {
        "title": "Acta de Cabildo del H. Ayuntamiento",
        "body": "En la Sala de Cabildo se reunieron los regidores y el IMPLAN para la sesión ordinaria.",
        "rows": [["Acuerdo", "Estatus"], ["Aprobar el programa del IMPLAN", "Cumplido"], ["Convenio", "En proceso"]],
        "lines": ["La Dirección del IMPLAN expone el avance", "del programa municipal de desarrollo urbano."],
        "hyphen": (["El Cabildo aprueba el regla-", "mento de obras por mayoría."], "reglamento de obras"),
        "stamp": "Sello digital del Secretario del H. Ayuntamiento cadena original",
        "ligature": ("Con la \x1frma del Presidente Municipal y del Síndico", "firma del Presidente Municipal"),
    },
}


@pytest.fixture(params=sorted(CONVENTIONS))
def words(request) -> dict:
    return CONVENTIONS[request.param]


def _table(doc) -> list[tuple[str, ...]]:
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    return [tuple(row) for row in table.rows]


def test_grid_drawn_as_one_path_is_a_table(words) -> None:
    page = pdf_text(72, 720, words["body"]) + b"\n" + grid(72, 690, [250, 150], words["rows"])
    doc = parse_bytes(raw_pdf([page]), "acta.pdf")
    assert_consistent(doc)
    assert _table(doc) == [tuple(r) for r in words["rows"]]
    assert texts(doc, "paragraph") == [words["body"]]  # the cells' words are not repeated as text


def test_table_inside_a_form_is_placed_through_the_form_matrix(words) -> None:
    # The form draws at its own origin; its matrix halves it and moves it onto the page.
    form = grid(0, 600, [500, 300], words["rows"], height=40)
    form = form.replace(b" 10 Tf", b" 20 Tf")
    page = pdf_text(72, 720, words["body"]) + b"\nq /Fm1 Do Q"
    doc = parse_bytes(raw_pdf([page], forms={"Fm1": (form, (0.5, 0, 0, 0.5, 72, 300))}), "acta.pdf")
    assert _table(doc) == [tuple(r) for r in words["rows"]]
    assert texts(doc, "paragraph") == [words["body"]]


def test_page_whose_media_box_is_off_the_origin(words) -> None:
    left, bottom = 200, 300
    table = grid(left + 72, bottom + 690, [250, 150], words["rows"])
    page = pdf_text(left + 72, bottom + 720, words["body"]) + b"\n" + table
    doc = parse_bytes(raw_pdf([page], mediabox=(left, bottom, left + 612, bottom + 792)), "acta.pdf")
    assert _table(doc) == [tuple(r) for r in words["rows"]]
    assert texts(doc, "paragraph") == [words["body"]]


def test_turned_page_keeps_its_table(words) -> None:
    page = pdf_text(72, 720, words["body"]) + b"\n" + grid(72, 690, [250, 150], words["rows"])
    doc = parse_bytes(raw_pdf([page], rotate=90), "acta.pdf")
    assert _table(doc) == [tuple(r) for r in words["rows"]]


def test_page_frame_and_letterhead_rule_cannot_hold_a_table(words) -> None:
    page = b"36 36 540 720 re S 72 700 m 540 700 l S\n" + pdf_text(72, 710, words["title"])
    document = pypdfium2.PdfDocument(raw_pdf([page]))
    try:
        assert not could_hold_table(ruling_edges(document[0].raw, 0, 792))  # three rows of rulings, two columns
    finally:
        document.close()


def test_rulings_around_text_that_form_no_table_leave_it_text(words) -> None:
    # A page frame, a rule under the letterhead and one beside the margin cross into "cells" holding one text each.
    drawing = b"36 36 540 720 re S 72 700 m 540 700 l S 60 100 m 60 680 l S"
    page = drawing + b"\n" + pdf_text(72, 710, words["title"]) + b"\n" + pdf_text(72, 650, words["body"])
    doc = parse_bytes(raw_pdf([page]), "acta.pdf")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
    assert texts(doc) == [words["title"], words["body"]]


def test_a_curved_drawing_is_no_table(words) -> None:
    # A seal drawn with many curves (and straight strokes inside it) beside the text.
    arcs = b" ".join(b"%d 500 %d 520 %d 540 c" % (300 + i, 310 + i, 320 + i) for i in range(0, 40, 2))
    seal = b"300 480 m " + arcs + b" 300 480 l 300 560 l 340 560 l 340 480 l h S"
    page = seal + b"\n" + pdf_text(72, 700, words["body"])
    doc = parse_bytes(raw_pdf([page]), "acta.pdf")
    assert texts(doc) == [words["body"]]


def test_text_sized_by_its_matrix_is_a_heading(words) -> None:
    # Font size 1 scaled 18 times by the text matrix, as design tools write titles.
    title = pdf_text(0, 0, words["title"], size=1).replace(b"0 0 Td", b"18 0 0 18 72 700 Tm")
    body = b"\n".join(pdf_text(72, 660 - 14 * i, line) for i, line in enumerate(words["lines"]))
    doc = parse_bytes(raw_pdf([title + b"\n" + body]), "acta.pdf")
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 1), ("paragraph", None)]
    assert doc.title == words["title"]


def test_lines_drawn_bottom_up_read_top_down(words) -> None:
    lines = [words["title"], *words["lines"]]
    ops = [pdf_text(72, 700 - 14 * i, line, font="F2" if i == 0 else "F1") for i, line in enumerate(lines)]
    doc = parse_bytes(raw_pdf([b"\n".join(reversed(ops))]), "acta.pdf")
    assert texts(doc) == [words["title"], " ".join(words["lines"])]


def test_turned_stamp_in_the_margin_stays_one_line(words) -> None:
    stamp = pdf_text(0, 0, words["stamp"], size=7).replace(b"0 0 Td", b"0 1 -1 0 30 150 Tm")
    body = b"\n".join(pdf_text(72, 700 - 14 * i, line) for i, line in enumerate(words["lines"]))
    doc = parse_bytes(raw_pdf([body + b"\n" + stamp]), "acta.pdf")
    assert words["stamp"] in texts(doc)
    assert " ".join(words["lines"]) in texts(doc)


def test_word_hyphenated_at_a_line_end_is_mended(words) -> None:
    lines, mended = words["hyphen"]
    page = b"\n".join(pdf_text(72, 700 - 14 * i, line) for i, line in enumerate(lines))
    doc = parse_bytes(raw_pdf([page]), "acta.pdf")
    assert mended in doc.text
    assert "-" not in doc.text


def test_glyph_named_only_in_the_encoding_is_read(words) -> None:
    # Code 31 named "f_i" in the font's /Differences: pdfium has no text for it, the glyph list has "fi".
    line, expected = words["ligature"]
    doc = parse_bytes(raw_pdf([pdf_text(72, 700, line, font="F3")], differences=[31, "f_i"]), "acta.pdf")
    assert expected in doc.text
    assert not doc.warnings


def test_pdfs_read_from_threads_read_alike() -> None:
    # pdfium is not thread-safe: parsers running in threads (the API's thread pool) take turns in it.
    data = two_page_pdf()
    expected = [(b.kind, b.text, b.rows) for b in parse_bytes(data, "acta.pdf").blocks]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: parse_bytes(data, "acta.pdf"), range(16)))
    assert all([(b.kind, b.text, b.rows) for b in doc.blocks] == expected for doc in results)
