"""Word parsing: body order, heading and list styles, tables in place, pages from page breaks."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ingest.errors import CorruptFile, NoText
from ingest.parse import detect_format, parse_bytes
from tests.ingest.parse.factories import assert_consistent, docx_bytes, texts


def _minuta(document) -> None:
    document.core_properties.title = "Plantilla institucional"
    document.add_heading("Minuta de la Junta Directiva", level=1)
    document.add_paragraph("Siendo las 10:15 horas del 8 de mayo de 2024 inició la sesión.")
    document.add_paragraph("Pase de lista.", style="List Bullet")
    document.add_paragraph("Lectura del acta anterior.", style="List Number")
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate(
        [("Acuerdo", "Responsable"), ("JD-1. Publicar el informe", "Dirección"), ("JD-2. Convocar", "Secretaría")]
    ):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    document.add_paragraph("Se cerró el punto de acuerdos.")
    document.add_page_break()
    document.add_heading("Asuntos generales", level=2)
    document.add_paragraph("Sin asuntos generales.")
    document.styles.add_style("Título 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Clausura", style="Título 3")


@pytest.fixture(scope="module")
def minuta():
    return parse_bytes(docx_bytes(_minuta), "minuta.docx")


def test_body_order_kinds_and_pages(minuta) -> None:
    assert minuta.format == "docx"
    assert_consistent(minuta)
    summary = [(b.kind, b.page, b.level) for b in minuta.blocks]
    assert summary == [
        ("heading", 1, 1),
        ("paragraph", 1, None),
        ("list_item", 1, None),
        ("list_item", 1, None),
        ("table", 1, None),
        ("paragraph", 1, None),
        ("heading", 2, 2),
        ("paragraph", 2, None),
        ("heading", 2, 3),
    ]
    assert minuta.pages == 2


def test_table_rows_stay_in_place(minuta) -> None:
    (table,) = [b for b in minuta.blocks if b.kind == "table"]
    assert table.rows == (
        ("Acuerdo", "Responsable"),
        ("JD-1. Publicar el informe", "Dirección"),
        ("JD-2. Convocar", "Secretaría"),
    )
    kinds = [b.kind for b in minuta.blocks]
    assert kinds.index("table") == kinds.index("list_item") + 2


def test_title_prefers_the_first_heading_over_template_metadata(minuta) -> None:
    assert minuta.title == "Minuta de la Junta Directiva"


def _rendered_break_first(paragraph) -> None:
    run = paragraph.runs[0]._r
    run.insert(0, OxmlElement("w:lastRenderedPageBreak"))


def test_rendered_page_breaks_count_once_after_a_hard_break() -> None:
    def build(document) -> None:
        document.add_paragraph("Primera página.")
        document.add_page_break()
        # Word marks where the page actually began again right after a hard break.
        _rendered_break_first(document.add_paragraph("Segunda página."))
        _rendered_break_first(document.add_paragraph("Tercera página, por flujo del texto."))

    doc = parse_bytes(docx_bytes(build), "saltos.docx")
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("Primera página.", 1),
        ("Segunda página.", 2),
        ("Tercera página, por flujo del texto.", 3),
    ]
    assert doc.pages == 3


def test_numbered_paragraph_without_list_style_is_a_list_item() -> None:
    def build(document) -> None:
        paragraph = document.add_paragraph("Punto numerado a mano.")
        num = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            num.append(el)
        paragraph._p.get_or_add_pPr().append(num)

    doc = parse_bytes(docx_bytes(build), "lista.docx")
    assert [(b.kind, b.text) for b in doc.blocks] == [("list_item", "Punto numerado a mano.")]


def test_one_column_table_reads_as_paragraphs() -> None:
    def build(document) -> None:
        box = document.add_table(rows=1, cols=1)
        box.rows[0].cells[0].text = "Nota enmarcada del secretario técnico."

    doc = parse_bytes(docx_bytes(build), "nota.docx")
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", "Nota enmarcada del secretario técnico.")]


def test_broken_document_xml_is_corrupt() -> None:
    good = docx_bytes(lambda d: d.add_paragraph("Texto"))
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, b"<w:document><w:body>" if item.filename == "word/document.xml" else data)
    with pytest.raises(CorruptFile) as err:
        parse_bytes(buffer.getvalue(), "roto.docx")
    assert "Word document" in err.value.reason


def test_truncated_docx_is_corrupt_not_unknown() -> None:
    good = docx_bytes(_minuta)
    cut = good[: len(good) // 2]
    assert detect_format(cut, "cortado.docx") == "docx"
    with pytest.raises(CorruptFile):
        parse_bytes(cut, "cortado.docx")


def test_docx_without_text_has_no_text() -> None:
    with pytest.raises(NoText):
        parse_bytes(docx_bytes(lambda d: d.add_paragraph("   ")), "vacio.docx")


def test_paragraphs_after_the_page_break_are_read(minuta) -> None:
    assert "Sin asuntos generales." in texts(minuta, "paragraph")
