"""PDF parsing: reading order, tables, headings and page numbers, and every way a PDF can be unreadable."""

from __future__ import annotations

import pytest

from ingest.errors import CorruptFile, EncryptedFile, NoTextLayer
from ingest.parse import OcrConfig, parse_bytes
from tests.ingest.parse.factories import (
    assert_consistent,
    canvas_pdf,
    image_pdf,
    long_acta_pdf,
    side_by_side_pdf,
    texts,
    tight_words_pdf,
    two_column_pdf,
    two_page_pdf,
)


@pytest.fixture(scope="module")
def acta():
    return parse_bytes(two_page_pdf(), "acta.pdf")


def test_blocks_come_in_reading_order_with_pages(acta) -> None:
    assert acta.format == "pdf"
    assert acta.pages == 2
    assert_consistent(acta)
    summary = [(b.kind, b.page, b.text[:20]) for b in acta.blocks]
    assert summary == [
        ("heading", 1, "Acta de la Sesión Or"),
        ("paragraph", 1, "En la ciudad de Torr"),
        ("paragraph", 1, "Se aprobó el orden d"),
        ("table", 1, "Acuerdo\tEstatus\nJD-1"),
        ("paragraph", 1, "Texto posterior a la"),
        ("heading", 2, "Asuntos generales"),
        ("paragraph", 2, "No hubo asuntos gene"),
    ]


def test_wrapped_lines_join_into_one_paragraph(acta) -> None:
    first = texts(acta, "paragraph")[0]
    assert first.startswith("En la ciudad de Torreón")
    assert first.endswith("Instituto Municipal de Planeación.")


def test_table_rows_are_cells_and_not_repeated_as_text(acta) -> None:
    (table,) = [b for b in acta.blocks if b.kind == "table"]
    assert table.rows == (
        ("Acuerdo", "Estatus"),
        ("JD-1. Aprobar el acta anterior", "Cumplido"),
        ("JD-2. Revisar presupuesto", "En proceso"),
    )
    assert acta.text.count("JD-1. Aprobar el acta anterior") == 1


def test_larger_fonts_are_headings_ranked_by_size(acta) -> None:
    headings = [(b.text, b.level) for b in acta.blocks if b.kind == "heading"]
    assert headings == [("Acta de la Sesión Ordinaria", 1), ("Asuntos generales", 2)]
    assert acta.title == "Acta de la Sesión Ordinaria"


def test_page_at_maps_offsets_to_pages(acta) -> None:
    assert acta.page_at(acta.text.index("Asuntos generales")) == 2
    assert acta.page_at(acta.text.index("Se aprobó")) == 1


def test_page_number_footers_are_dropped() -> None:
    pages = [[f"Contenido de la página {n} del informe anual."] for n in range(1, 4)]
    doc = parse_bytes(canvas_pdf(pages, footer=True), "informe.pdf")
    assert "Página" not in doc.text
    assert [b.page for b in doc.blocks] == [1, 2, 3]


def test_long_acta_bullets_bold_heading_and_a_table_across_pages() -> None:
    doc = parse_bytes(long_acta_pdf(), "acta-larga.pdf")
    assert_consistent(doc)
    assert doc.pages >= 3
    assert "IMPLAN Torreón — Acta" not in doc.text  # running header on every page
    assert "(cid:" not in doc.text
    kinds = [(b.kind, b.text[:30]) for b in doc.blocks]
    assert kinds[:4] == [
        ("heading", "ORDEN DEL DÍA"),
        ("list_item", "Pase de lista."),
        ("list_item", "Lectura del acta anterior."),
        ("paragraph", "Se desahogaron los puntos del "),
    ]
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert table.page == 1
    assert table.rows[0] == ("Acuerdo", "Responsable")
    assert [r[0] for r in table.rows[1:]] == [f"JD-{i}. Acuerdo número {i}" for i in range(1, 81)]
    assert doc.blocks[-1].text == "Sin más asuntos se cerró la sesión."
    assert doc.blocks[-1].page == doc.pages


def test_two_columns_are_read_one_after_the_other() -> None:
    doc = parse_bytes(two_column_pdf(), "gaceta.pdf")
    assert doc.blocks[0].kind == "heading"
    articles = texts(doc, "paragraph")
    assert [a.split(".")[0] for a in articles] == [f"Artículo {i}" for i in range(1, 9)]
    assert all(a.endswith("con las observaciones de la comisión.") for a in articles)


def test_names_beside_positions_stay_on_one_line() -> None:
    pairs = [(f"{i}. Lic. Nombre Apellido{i}", f"Coordinador del Consejo {i}") for i in range(1, 31)]
    doc = parse_bytes(side_by_side_pdf(pairs), "lista.pdf")
    assert texts(doc)[:2] == [
        "1. Lic. Nombre Apellido1 Coordinador del Consejo 1",
        "2. Lic. Nombre Apellido2 Coordinador del Consejo 2",
    ]


def test_words_without_space_characters_stay_apart() -> None:
    words = ["Se", "aprobó", "el", "programa", "parcial", "por", "unanimidad."]
    doc = parse_bytes(tight_words_pdf(words), "apretado.pdf")
    assert doc.text == " ".join(words)


def test_encrypted_pdf_needs_a_password() -> None:
    data = canvas_pdf([["Acta reservada"]], encrypt="secret")
    with pytest.raises(EncryptedFile) as err:
        parse_bytes(data, "reservada.pdf")
    assert err.value.reason == "encrypted PDF; a password is needed"
    assert err.value.file == "reservada.pdf"


def test_truncated_pdf_is_corrupt() -> None:
    data = two_page_pdf()
    with pytest.raises(CorruptFile) as err:
        parse_bytes(data[: len(data) // 2], "cortado.pdf")
    assert "truncated" in err.value.reason


def test_garbage_after_the_header_is_corrupt() -> None:
    with pytest.raises(CorruptFile) as err:
        parse_bytes(b"%PDF-1.4\n" + b"esto no es un PDF\n" * 50 + b"%%EOF\n", "roto.pdf")
    assert "\n" not in err.value.reason


def test_scanned_pdf_without_words_says_ocr_found_no_text() -> None:
    with pytest.raises(NoTextLayer) as err:
        parse_bytes(image_pdf(pages=2), "escaneado.pdf")
    assert err.value.reason == "scanned PDF with no text layer (2 pages); OCR found no text in it"


def test_scanned_pdf_where_ocr_is_unavailable_names_what_to_install(tmp_path) -> None:
    # A real configuration pointing at a folder without Tesseract's Spanish model, as on a machine without it.
    missing = OcrConfig(tessdata=tmp_path / "tessdata")
    with pytest.raises(NoTextLayer) as err:
        parse_bytes(image_pdf(pages=2), "escaneado.pdf", ocr=missing)
    reason = err.value.reason
    assert reason.startswith("scanned PDF with no text layer (2 pages); OCR is not available: ")
    assert "apt-get install tesseract-ocr tesseract-ocr-spa" in reason
    assert str(tmp_path / "tessdata") in reason
    assert err.value.code == "no_text_layer"


def test_partly_scanned_pdf_without_ocr_keeps_its_text_and_warns(tmp_path) -> None:
    doc = parse_bytes(
        image_pdf(pages=2, text_on_first="Portada del programa parcial"),
        "mixto.pdf",
        ocr=OcrConfig(enabled=False),
    )
    assert doc.pages == 2
    assert texts(doc) == ["Portada del programa parcial"]
    assert any("2" in w and "no text layer" in w and "OCR is not available" in w for w in doc.warnings)
    assert [p.source for p in doc.page_sources] == ["text", "text"]
