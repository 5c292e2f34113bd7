"""HTML parsing: only the main content survives; headings, paragraphs, lists and tables come out as blocks."""

from __future__ import annotations

import pytest

from ingest.errors import NoText
from ingest.parse import parse_bytes
from tests.ingest.parse.factories import assert_consistent, texts

PAGE = """<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8">
<title>Tercera Sesi&oacute;n Ordinaria del Consejo - IMPLAN Torreón</title>
<style>.menu { color: red; } .NO-CSS {}</style>
<script>var rastreo = "NO-SCRIPT"; document.write(navbar());</script>
</head>
<body>
<header class="site-header"><a href="/"><img src="logo.png" alt="IMPLAN"></a>
<p>Portal institucional NO-HEADER</p></header>
<nav class="navbar"><ul><li><a href="/">Inicio NO-NAV</a></li><li><a href="/blog">Blog</a></li></ul></nav>
<ul class="dropdown-menu"><li><a href="/x">Transparencia NO-MENU</a></li></ul>
<div id="main-slider" class="carousel slide"><div class="item"><p>Diapositiva promocional NO-SLIDER</p></div></div>
<ol class="breadcrumb"><li>Inicio</li><li>Eventos NO-BREADCRUMB</li></ol>
<div class="contenido">
  <article>
    <header><h1>Tercera Sesión Ordinaria del Consejo</h1></header>
    <p>En la sesi&oacute;n se present&oacute; el informe &laquo;230 d&iacute;as&raquo; &amp; los acuerdos.<br>
       Asistieron quince consejeros.</p>
    <h2>Acuerdos</h2>
    <ul><li>Aprobar el <b>Plan Estratégico</b>.</li><li>Publicar la minuta.
        <ul><li>En el portal.</li></ul></li></ul>
    <table>
      <thead><tr><th>Acuerdo</th><th>Responsable</th></tr></thead>
      <tbody><tr><td>CD-3-1. Publicar el informe</td><td>Dirección&nbsp;General</td></tr>
      <tr><td colspan="1">CD-3-2. Convocar a la cuarta sesión</td><td>Secretaría</td></tr></tbody>
    </table>
  </article>
  <div class="contenido-social"><h5>Compartir en Redes Sociales</h5><a href="#">Twittear NO-SHARE</a></div>
</div>
<aside class="sidebar"><p>Noticias relacionadas NO-ASIDE</p></aside>
<form action="/buscar"><input name="q"><button>Buscar NO-FORM</button></form>
<div class="modal fade" id="aviso"><p>Aviso emergente NO-MODAL</p></div>
<div style="display:none">Texto oculto NO-HIDDEN</div>
<footer><p>Derechos reservados NO-FOOTER</p></footer>
<div id="pie"><p>Lea los términos de uso NO-PIE</p></div>
</body></html>
"""


@pytest.fixture(scope="module")
def page():
    return parse_bytes(PAGE.encode("utf-8"), "sesion.html")


def test_chrome_never_reaches_the_text(page) -> None:
    assert page.format == "html"
    assert "NO-" not in page.text, page.text


def test_content_blocks_in_order(page) -> None:
    assert_consistent(page)
    assert [(b.kind, b.level) for b in page.blocks] == [
        ("heading", 1),
        ("paragraph", None),
        ("heading", 2),
        ("list_item", None),
        ("list_item", None),
        ("list_item", None),
        ("table", None),
    ]
    assert texts(page, "list_item") == ["Aprobar el Plan Estratégico.", "Publicar la minuta.", "En el portal."]


def test_entities_are_decoded_and_br_is_a_space(page) -> None:
    paragraph = texts(page, "paragraph")[0]
    assert paragraph == "En la sesión se presentó el informe «230 días» & los acuerdos. Asistieron quince consejeros."


def test_table_rows_from_th_and_td(page) -> None:
    (table,) = [b for b in page.blocks if b.kind == "table"]
    assert table.rows == (
        ("Acuerdo", "Responsable"),
        ("CD-3-1. Publicar el informe", "Dirección General"),
        ("CD-3-2. Convocar a la cuarta sesión", "Secretaría"),
    )


def test_title_drops_the_site_name(page) -> None:
    assert page.title == "Tercera Sesión Ordinaria del Consejo"
    assert page.encoding == "utf-8"
    assert all(b.page is None for b in page.blocks)


def test_fragment_without_html_tag_is_html() -> None:
    fragment = (
        "\n<h3>Presentan avance en la reglamentación</h3>\n"
        "<p>Esta mañana el director presentó el proyecto.</p>\n"
        "<p>\n    De: IMPLAN Torreón.<br>\n    Para: Medios de comunicación.\n</p>\n"
        '<img class="img-responsive" src="foto-01.jpg">\n'
    )
    doc = parse_bytes(fragment.encode(), "comunicado.html")
    assert doc.format == "html"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Presentan avance en la reglamentación"),
        ("paragraph", "Esta mañana el director presentó el proyecto."),
        ("paragraph", "De: IMPLAN Torreón. Para: Medios de comunicación."),
    ]
    assert doc.title == "Presentan avance en la reglamentación"


def test_main_element_is_preferred_and_hero_title_kept() -> None:
    html = """<html><head><title>IMPLAN │ Chihuahua</title></head><body>
    <script>document.write(navbar());</script>
    <header class="hero"><h1>Convocatoria para la Dirección</h1><p>Periodo 2027 a 2030</p></header>
    <div class="promo"><p>Visita nuestro nuevo portal de datos abiertos.</p></div>
    <main><h2>Información importante</h2><p>El registro cierra el 16 de octubre.</p></main>
    </body></html>"""
    doc = parse_bytes(html.encode(), "convocatoria.html")
    assert texts(doc) == [
        "Convocatoria para la Dirección",
        "Periodo 2027 a 2030",
        "Información importante",
        "El registro cierra el 16 de octubre.",
    ]
    assert doc.title == "Convocatoria para la Dirección"


def test_content_div_is_preferred_without_main() -> None:
    html = """<!doctype html><html><body>
    <div class="top">Bienvenidos al portal del Instituto Municipal de Planeación</div>
    <div class="row contenido"><h1>Agenda Consejo Directivo</h1><p>Agenda por confirmar.</p></div>
    </body></html>"""
    doc = parse_bytes(html.encode(), "agenda.html")
    assert texts(doc) == ["Agenda Consejo Directivo", "Agenda por confirmar."]


def test_social_section_with_real_content_is_kept() -> None:
    long_text = "El programa de desarrollo social atiende a las colonias con mayor rezago del municipio. " * 4
    html = f'<html><body><div class="desarrollo-social"><p>{long_text}</p></div></body></html>'
    doc = parse_bytes(html.encode(), "social.html")
    assert "rezago" in doc.text


def test_page_of_only_navigation_has_no_text() -> None:
    html = "<html><body><nav><a href='/'>Inicio</a></nav><script>x()</script></body></html>"
    with pytest.raises(NoText):
        parse_bytes(html.encode(), "vacia.html")


def test_thousands_of_unclosed_tags_do_not_break_the_parser() -> None:
    html = "<html><body>" + "<div><font>" * 3000 + "<p>Acta de la sesión</p></body></html>"
    doc = parse_bytes(html.encode(), "anidado.html")
    assert doc.text == "Acta de la sesión"
