"""Markdown parsing, including the raw HTML, loose headings and tab tables real exports contain."""

from __future__ import annotations

import pytest

from ingest.parse import parse_bytes
from tests.ingest.parse.factories import assert_consistent, texts

INFORME = (
    "</br></br>\n"
    '<p style="background-color:#f95666;color:white;"><strong>DIRECCIÓN DE PROYECTOS ESTRATÉGICOS.</strong></p>\n'
    "\n"
    "##El IMPLAN Torreón aprueba el Convenio con INFONAVIT\n"
    "\n"
    "En las **11ª y 12ª Sesiones Ordinarias** se aprobó la celebración del _Convenio_. "
    'Más en <a href="https://trcimplan.gob.mx">el sitio</a> y [la nota](https://example.org/nota).\n'
    "\n"
    "**También se presentaron:**\n"
    "\n"
    "- La Colaboración en el Programa de Ordenamiento Ecológico.\n"
    "- El Sistema de Información Geográfica.\n"
    "    * Recorridos urbanos Jane's Walk.\n"
    "\n"
    "1. Pase de lista.\n"
    "2. Aprobación del orden del día.\n"
    "\n"
    "| Subsector | Productividad |\n"
    "|-----------|--------------:|\n"
    "| Industrias metálicas básicas | $ 13,766.22 |\n"
    "| Industria alimentaria | $ 3,211.25 |\n"
    "\n"
    "Acuerdo\tEstatus\n"
    "<p>JD-VIII-2. Investigar los temas pendientes.</p>\t"
    "<p>a) Citado el 24 de enero.</p> <p>b) Se abordará en el punto 5.</p>\n"
    "<p>JD-XI-1. Entregar un informe parcial.</p>\t<p>Remitido el 5 de diciembre.</p>\n"
    "\n"
    '<center><img src="foto.jpg" alt="Sesión"></center>\n'
    "\n"
    "</br>\n"
    "*La sesión se realizó en el Centro Comunitario* </br>\n"
)

PARTICIPANTES = (
    "Participantes:\n"
    "\n"
    "- | | |\n"
    "|--|--|\n"
    "| 1. Arq. Leonardo Rabling Torres | Coordinador General |\n"
    "| 2. C.P. Héctor Bravo y Macedo | Consejero |\n"
)


@pytest.fixture(scope="module")
def informe():
    return parse_bytes(INFORME.encode(), "informe.txt")


def test_detected_as_markdown_and_consistent(informe) -> None:
    assert informe.format == "markdown"
    assert_consistent(informe)


def test_no_markup_survives(informe) -> None:
    for marker in ("**", "##", "</br>", "<p", "<center", "<a ", "](", "_Convenio_"):
        assert marker not in informe.text, marker
    assert "Convenio" in informe.text


def test_heading_without_space_after_hashes(informe) -> None:
    headings = [(b.text, b.level) for b in informe.blocks if b.kind == "heading"]
    assert headings == [("El IMPLAN Torreón aprueba el Convenio con INFONAVIT", 2)]
    assert informe.title == "El IMPLAN Torreón aprueba el Convenio con INFONAVIT"


def test_raw_html_block_becomes_a_paragraph(informe) -> None:
    assert texts(informe)[0] == "DIRECCIÓN DE PROYECTOS ESTRATÉGICOS."


def test_links_keep_their_text(informe) -> None:
    paragraph = next(t for t in texts(informe, "paragraph") if t.startswith("En las"))
    assert paragraph == (
        "En las 11ª y 12ª Sesiones Ordinarias se aprobó la celebración del Convenio. Más en el sitio y la nota."
    )


def test_list_items_keep_order_numbers_and_nesting(informe) -> None:
    assert texts(informe, "list_item") == [
        "La Colaboración en el Programa de Ordenamiento Ecológico.",
        "El Sistema de Información Geográfica.",
        "Recorridos urbanos Jane's Walk.",
        "1. Pase de lista.",
        "2. Aprobación del orden del día.",
    ]


def test_pipe_and_tab_tables(informe) -> None:
    pipe, tab = [b.rows for b in informe.blocks if b.kind == "table"]
    assert pipe == (
        ("Subsector", "Productividad"),
        ("Industrias metálicas básicas", "$ 13,766.22"),
        ("Industria alimentaria", "$ 3,211.25"),
    )
    assert tab == (
        ("Acuerdo", "Estatus"),
        ("JD-VIII-2. Investigar los temas pendientes.", "a) Citado el 24 de enero. b) Se abordará en el punto 5."),
        ("JD-XI-1. Entregar un informe parcial.", "Remitido el 5 de diciembre."),
    )


def test_emphasis_after_a_br_line_is_stripped(informe) -> None:
    assert texts(informe)[-1] == "La sesión se realizó en el Centro Comunitario"


def test_junk_header_row_still_gives_a_table_of_the_real_rows() -> None:
    doc = parse_bytes(PARTICIPANTES.encode(), "minuta.txt")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert doc.blocks[1].rows == (
        ("1. Arq. Leonardo Rabling Torres", "Coordinador General"),
        ("2. C.P. Héctor Bravo y Macedo", "Consejero"),
    )


def test_garbled_repeated_items_collapse() -> None:
    source = "### 10 PROGRAMAS ESTRATÉGICOS\n" + "".join(
        f"{n}. FORTALECIMIENTO DEL SECTOR AGROPECUARIO\n" for n in range(1, 11)
    )
    doc = parse_bytes(source.encode(), "plan.md")
    assert texts(doc, "list_item") == ["1. FORTALECIMIENTO DEL SECTOR AGROPECUARIO"]


def test_single_hash_needs_words_to_be_a_heading() -> None:
    doc = parse_bytes(
        b"#H. Cabildo de Torreon aprueba el reglamento\n\nTexto del **acuerdo**.\n\n#ImplanSomosTodos\n", "n.md"
    )
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "H. Cabildo de Torreon aprueba el reglamento"),
        ("paragraph", "Texto del acuerdo."),
        ("paragraph", "#ImplanSomosTodos"),
    ]


def test_tiny_file_still_parses() -> None:
    doc = parse_bytes("\n### Mesa 3: Proyectos Estratégicos\n\n* Fecha: **27 noviembre 2014**\n".encode(), "049.md")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Mesa 3: Proyectos Estratégicos"),
        ("list_item", "Fecha: 27 noviembre 2014"),
    ]
