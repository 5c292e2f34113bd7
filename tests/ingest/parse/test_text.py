"""Plain text: encodings, paragraphs, tab tables, simple headings and garbled repeats."""

from __future__ import annotations

import pytest

from ingest.errors import NoText
from ingest.parse import parse_bytes
from tests.ingest.parse.factories import assert_consistent, texts

SESION = "Sesión Ordinaria de la Junta Directiva, acordó año señalado"


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_western_encodings_are_detected(codec: str) -> None:
    doc = parse_bytes(f"{SESION}.\n".encode(codec), "sesion.txt")
    assert doc.text == f"{SESION}."
    assert doc.encoding in ("cp1252", "latin_1", "iso8859_15")


def test_cp1252_only_characters_pick_cp1252() -> None:
    data = "Acta “definitiva” — costo 5 € por año.\n".encode("cp1252")
    doc = parse_bytes(data, "acta.txt")
    assert doc.text == "Acta “definitiva” — costo 5 € por año."
    assert doc.encoding == "cp1252"


def test_utf8_with_bom() -> None:
    doc = parse_bytes("\ufeffAcuerdo de la sesión.\n".encode(), "bom.txt")
    assert doc.text == "Acuerdo de la sesión."
    assert doc.encoding == "utf-8-sig"


@pytest.mark.parametrize("data", ["Acta de sesión.\r\n".encode("utf-16"), "Acta de sesión.\r\n".encode("utf-16-le")])
def test_utf16_with_or_without_bom(data: bytes) -> None:
    doc = parse_bytes(data, "acta.txt")
    assert (doc.text, doc.encoding) == ("Acta de sesión.", "utf-16")


def test_text_starting_like_an_executable_is_still_text() -> None:
    doc = parse_bytes("MZ Arquitectos presentó el anteproyecto.".encode(), "mz.txt")
    assert doc.text == "MZ Arquitectos presentó el anteproyecto."


def test_plain_utf8_reports_utf8() -> None:
    assert parse_bytes(SESION.encode(), "s.txt").encoding == "utf-8"


def test_paragraphs_split_on_blank_lines_and_wrapped_lines_join() -> None:
    source = (
        "El Consejo Directivo revisó el plan de tra-\n"
        "bajo anual y los avances del\n"
        "programa parcial.\n"
        "\n\n"
        "Se levantó la sesión a las 12:00 horas.\n"
    )
    doc = parse_bytes(source.encode(), "minuta.txt")
    assert doc.format == "text"
    assert texts(doc) == [
        "El Consejo Directivo revisó el plan de trabajo anual y los avances del programa parcial.",
        "Se levantó la sesión a las 12:00 horas.",
    ]
    assert_consistent(doc)
    assert all(b.page is None for b in doc.blocks)


def test_tab_separated_lines_are_one_table_with_header() -> None:
    source = (
        "Calendario\n\n"
        "EVENTO\tTEMA\tFECHA\n"
        "Taller 1\tDIAGNÓSTICO - PRONÓSTICO\t2 Octubre 2014\n"
        "Taller 2\tPLANEACIÓN\t23 Octubre 2014\n"
        "\n"
        "Fin del calendario.\n"
    )
    doc = parse_bytes(source.encode(), "calendario.txt")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert doc.blocks[1].rows == (
        ("EVENTO", "TEMA", "FECHA"),
        ("Taller 1", "DIAGNÓSTICO - PRONÓSTICO", "2 Octubre 2014"),
        ("Taller 2", "PLANEACIÓN", "23 Octubre 2014"),
    )
    assert doc.blocks[1].text.split("\n")[0] == "EVENTO\tTEMA\tFECHA"


def test_table_cells_holding_html_are_read_as_text() -> None:
    source = "Acuerdo\tEstatus\n<p>JD-1. Publicar &amp; difundir.</p>\t<p>Cumplido</p>\n"
    doc = parse_bytes(source.encode(), "acuerdos.txt")
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert table.rows == (("Acuerdo", "Estatus"), ("JD-1. Publicar & difundir.", "Cumplido"))


def test_a_single_stray_tab_stays_text() -> None:
    doc = parse_bytes(b"Fecha:\t26 de abril de 2023\n", "ficha.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", "Fecha: 26 de abril de 2023")]


def test_caps_and_numbered_lines_are_headings_sentences_are_not() -> None:
    source = (
        "ORDEN DEL DÍA\n\n"
        "1. Pase de lista y declaratoria de quórum.\n"
        "2. Clausura.\n\n"
        "2.1 Antecedentes del programa\n\n"
        "El programa inició en 2019.\n\n"
        "EL CONSEJO APROBÓ POR UNANIMIDAD EL ACTA.\n"
    )
    doc = parse_bytes(source.encode(), "orden.txt")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "ORDEN DEL DÍA"),
        ("list_item", None, "1. Pase de lista y declaratoria de quórum."),
        ("list_item", None, "2. Clausura."),
        ("heading", 2, "2.1 Antecedentes del programa"),
        ("paragraph", None, "El programa inició en 2019."),
        ("paragraph", None, "EL CONSEJO APROBÓ POR UNANIMIDAD EL ACTA."),
    ]
    assert doc.title == "ORDEN DEL DÍA"


def test_garbled_repeated_lines_collapse_to_one() -> None:
    source = "Acta de la sesión.\n" + "Página sin contenido útil\n" * 12 + "\nCierre.\n"
    doc = parse_bytes(source.encode(), "ocr.txt")
    assert texts(doc) == ["Acta de la sesión. Página sin contenido útil", "Cierre."]


def test_punctuation_only_text_has_no_text() -> None:
    with pytest.raises(NoText):
        parse_bytes(b"...\n\n---\n\n* * *\n", "puntos.txt")


def test_consecutive_label_lines_are_one_paragraph_each() -> None:
    source = (
        "ACTA DE LA CUARTA SESIÓN\n"
        "COMITÉ TÉCNICO DE VILLA ALTA\n\n"
        "Fecha: 9 de mayo de 2024\n"
        "Hora de inicio: 10:05\n"
        "Lugar: Sala Norte\n"
        "Asunto: Revisión del programa de banquetas y de la señalética de\n"
        "las calles del centro.\n"
        "El Comité sesionó con quórum.\n\n"
        "Participantes:\n"
        "Arq. Noemí Salcedo Vidal\n"
        "Lic. Tadeo Urrutia Bernal\n\n"
        "El comité revisó el programa de trabajo anual con los avances del plan parcial y la\n"
        "Nota técnica del área jurídica.\n"
    )
    doc = parse_bytes(source.encode(), "acta.txt")
    assert texts(doc) == [
        "ACTA DE LA CUARTA SESIÓN COMITÉ TÉCNICO DE VILLA ALTA",
        "Fecha: 9 de mayo de 2024",
        "Hora de inicio: 10:05",
        "Lugar: Sala Norte",
        "Asunto: Revisión del programa de banquetas y de la señalética de las calles del centro.",
        "El Comité sesionó con quórum.",
        "Participantes: Arq. Noemí Salcedo Vidal Lic. Tadeo Urrutia Bernal",
        "El comité revisó el programa de trabajo anual con los avances del plan parcial y la Nota técnica del "
        "área jurídica.",
    ]
    assert_consistent(doc)
