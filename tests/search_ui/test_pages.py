"""The staff page in a real browser (Debian's chromium through Playwright) against the live server.

Each test follows what staff do (search, filter, open a document, follow an agreement, upload), checks what
the page shows, that the address holds the state, that nothing reached the console, and saves a screenshot
under tests/search_ui/artifacts/ (or ACERVO_UI_ARTIFACTS)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.search_ui.conftest import Live, Tab

pytestmark = pytest.mark.slow


def hash_params(url: str) -> dict[str, list[str]]:
    fragment = urlsplit(url).fragment
    return parse_qs(fragment.split("?", 1)[1]) if "?" in fragment else {}


def test_first_start_shows_the_archive_and_where_to_begin(tab: Tab) -> None:
    tab.open()
    page = tab.page
    page.wait_for_url(re.compile(r"#/buscar$"))
    page.locator(".welcome .doc-list").wait_for()
    assert "El archivo tiene 6 documentos" in page.locator(".welcome").inner_text()
    assert page.locator(".doc-list li").count() == 6
    suggestions = page.locator(".suggestions a").all_inner_texts()
    assert len(suggestions) >= 2 and len(set(suggestions)) == len(suggestions)
    assert page.locator("#q").evaluate("el => el === document.activeElement"), "the search box has the focus"
    assert page.locator("#nav-subir").is_hidden(), "no upload without an ingest key"
    tab.shot("inicio")
    tab.assert_clean()


def test_typing_shows_marked_snippets_and_filters_change_results_and_address(tab: Tab) -> None:
    tab.open("#/buscar")
    page = tab.page
    page.locator("#q").press_sequentially("consulta ciudadana sobre agua", delay=25)
    page.locator(".hit .snippet mark").first.wait_for()
    assert hash_params(page.url)["q"] == ["consulta ciudadana sobre agua"], "the address holds the query"
    status = page.locator("#estado-busqueda")
    before = int(re.match(r"\d+", status.inner_text()).group())
    assert before == page.locator(".hit").count() > 1
    first = page.locator(".hit").first
    assert first.locator(".meta").inner_text(), "type, body, date or session beside each result"
    assert page.locator(".hit .meta .session").count() >= 1, "the session of actas and agendas"
    marks = page.locator(".hit .snippet mark").all_inner_texts()
    assert any(word.lower() in ("agua", "consulta", "ciudadana") for word in marks)
    assert page.locator(".facet").count() >= 5, "institution, body, type, year, person, program"
    tab.shot("buscar")

    acta = page.locator('.facet a[data-facet="tipo"][data-value="acta"]')
    count = int(acta.locator(".count").inner_text())
    acta.click()
    page.wait_for_function("() => location.hash.includes('tipo=acta')")
    page.wait_for_function(f"() => document.querySelectorAll('.hit').length === {count}")
    assert hash_params(page.url)["tipo"] == ["acta"]
    assert count < before
    assert all("Acta" in meta for meta in page.locator(".hit .meta").all_inner_texts())
    assert page.locator(".chip").inner_text().startswith("Tipo de documento: Acta")
    tab.shot("buscar-filtrado")

    shared = page.url  # a search shared as a link opens as it was
    page.goto("about:blank")
    page.goto(shared)
    page.locator(".hit").first.wait_for()
    assert page.locator("#q").input_value() == "consulta ciudadana sobre agua"
    assert page.locator(".hit").count() == count
    page.locator(".chip").click()
    page.wait_for_function(f"() => document.querySelectorAll('.hit').length === {before}")
    tab.assert_clean()


def test_a_search_that_matches_nothing_says_so_with_suggestions(tab: Tab) -> None:
    tab.open("#/buscar?q=xqzv%20wplk%20mnbt&tipo=acta")
    page = tab.page
    page.locator(".nothing-found").wait_for()
    assert page.locator("#estado-busqueda").inner_text().startswith("Sin resultados")
    assert page.locator(".hit").count() == 0
    tips = page.locator(".nothing-found").inner_text()
    assert "Ningún documento coincide" in tips and "ortografía" in tips
    fewer = page.locator(".nothing-found a", has_text="«xqzv wplk»")
    assert fewer.count() == 1, "a shorter query is offered"
    page.locator(".nothing-found a", has_text="Quite los filtros").click()
    page.wait_for_function("() => !location.hash.includes('tipo=')")
    tab.shot("buscar-sin-resultados")
    tab.assert_clean()


def test_pages_of_passages_move_with_the_address(tab: Tab) -> None:
    tab.open("#/buscar?q=consejo&pasajes=1")
    page = tab.page
    page.locator(".hit").first.wait_for()
    assert page.locator(".hit").count() == 10
    page.locator('.pager a[rel="next"]').click()
    page.wait_for_function("() => location.hash.includes('pagina=2')")
    page.wait_for_function("() => document.querySelector('#estado-busqueda').textContent.includes('página 2')")
    assert page.locator(".hit").count() >= 1
    tab.assert_clean()


def test_a_document_shows_structure_entities_and_its_hits(tab: Tab) -> None:
    tab.open("#/buscar?q=Atlas%20de%20Riesgos%20Naturales")
    page = tab.page
    page.locator(".hit h2 a", has_text="Acta de la Primera Sesión Ordinaria 2024").click()
    page.wait_for_url(re.compile(r"#/documento/\d+\?q="))
    page.locator(".doc-text h2").first.wait_for()
    assert page.locator("h1").inner_text() == "Acta de la Primera Sesión Ordinaria 2024"
    headings = page.locator(".doc-text h2").all_inner_texts()
    assert {"Asistentes", "Orden del día", "Acuerdos"} <= set(headings)
    assert page.locator(".doc-text table th").first.inner_text() == "Nombre"
    people = page.locator(".doc-text mark.ent-persona").all_inner_texts()
    assert "Arq. Lucía Fernández Ortega" in people, "participants are marked in the table cells"
    assert page.locator(".doc-text mark.ent-programa", has_text="Programa Anual de Trabajo 2024").count() >= 1
    assert page.locator(".doc-text mark.ent-fecha", has_text="25 de enero de 2024").count() == 1
    assert page.locator(".doc-text .ent-acuerdo").count() >= 3
    assert page.locator(".doc-text .passage").count() >= 1, "the hit's passage is highlighted"

    side = page.locator(".entities")
    lucia = side.locator(".item-persona", has_text="Lucía Fernández Ortega")
    assert "Presidenta del Consejo Directivo" in lucia.inner_text()
    lucia.locator("a").wait_for()  # resolved to her person page
    assert side.locator(".item-acuerdo").count() == 3
    assert side.locator(".item-fecha").count() == 2
    assert side.locator(".item-programa").count() >= 3
    side.locator(".item-fecha button").first.click()
    assert page.locator(".doc-text mark.flash").first.evaluate("el => el === document.activeElement")
    hits = page.locator(".doc-hits li")
    assert hits.count() >= 1 and hits.first.locator("mark").count() >= 1
    original = page.locator(".doc-header a", has_text="Archivo original")
    href = original.get_attribute("href")
    assert re.fullmatch(r"/api/documents/\d+/file", href)
    assert httpx.get(tab.base + href.lstrip("/")).status_code == 200
    tab.shot("documento")
    tab.assert_clean()


def test_a_pdf_hit_says_its_page(tab: Tab) -> None:
    tab.open("#/buscar?q=sequ%C3%ADa%20del%20verano")
    page = tab.page
    hit = page.locator(".hit", has_text="Informe Anual de Actividades 2023")
    assert hit.locator(".page").inner_text() == "pág. 1"
    hit.locator("h2 a").click()
    page.locator(".page-marker").first.wait_for()
    assert page.locator(".page-marker").all_inner_texts() == ["Página 1", "Página 2"]
    assert page.locator(".doc-hits .hit-link").first.inner_text().startswith("pág. 1")
    assert page.locator(".doc-text table").count() == 1
    tab.assert_clean()


def test_agreement_tracker_filters_and_timeline(tab: Tab) -> None:
    tab.open("#/acuerdos")
    page = tab.page
    rows = page.locator("table.tracker tbody tr")
    rows.first.wait_for()
    # By default, what is still open: commitments not done (no decision settled at the session, nothing done).
    opened = set(page.locator("table.tracker .badge").all_inner_texts())
    assert opened and opened <= {"pendiente", "en proceso", "diferido", "sin información"}
    page.locator(".status-meanings summary").click()
    assert "Decisión aprobada y resuelta en la misma sesión" in page.locator(".status-meanings").inner_text()
    page.locator("#f-mostrar").select_option("1")
    page.wait_for_function("() => location.hash.includes('todos=1')")
    page.wait_for_function("() => document.querySelectorAll('table.tracker tbody tr').length === 4")
    assert "aprobado" in page.locator("table.tracker .badge").all_inner_texts()
    bars = page.locator("table.tracker [role=progressbar]")
    assert bars.count() >= 2
    assert {bars.nth(i).get_attribute("aria-valuenow") for i in range(bars.count())} >= {"100"}
    tab.shot("acuerdos")

    page.locator("#f-estado").select_option("cumplido")
    page.wait_for_function("() => location.hash.includes('estado=cumplido')")
    page.wait_for_function("() => document.querySelector('#acuerdos-estado').textContent.startsWith('2 ')")
    assert set(page.locator("table.tracker .badge").all_inner_texts()) == {"cumplido"}

    page.locator("table.tracker a", has_text="calendario de la consulta ciudadana").click()
    page.wait_for_url(re.compile(r"#/acuerdo/\d+$"))
    # The page is drawn once its agreement arrives from the API: until then the tracker's heading stays.
    page.locator(".timeline .event").first.wait_for()
    assert page.locator("h1").inner_text() == "Acuerdo CD-I-2"
    bar = page.locator(".facts [role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == "100"
    events = page.locator(".timeline .event")
    assert events.count() == 3
    assert events.first.locator(".event-kind").inner_text().startswith("Se toma el acuerdo")
    assert "en proceso" in events.nth(1).inner_text()
    assert events.last.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"
    assert page.locator(".timeline .event-source a").count() == 3
    tab.shot("acuerdo")

    events.nth(1).locator(".event-source a").click()
    page.wait_for_url(re.compile(r"#/documento/\d+\?desde=\d+&hasta=\d+"))
    passage = page.locator(".doc-text .passage")
    passage.first.wait_for()
    assert "CD-I-2" in " ".join(passage.all_inner_texts())
    tab.assert_clean()


def test_person_and_program_pages(tab: Tab, live: Live) -> None:
    person = httpx.get(live.url + "api/people", params={"name": "Iturbide"}).json()["items"][0]
    tab.open(f"#/persona/{person['id']}")
    page = tab.page
    page.locator("h1", has_text="Ramón Iturbide Salas").wait_for()
    page.locator("table").first.wait_for()
    assert "Director General del IMPLAN" in page.locator("table").first.inner_text()
    detail = httpx.get(live.url + f"api/people/{person['id']}").json()
    rows = page.locator("table").nth(1).locator("tbody tr")
    assert rows.count() == len(detail["appearances"]) > person["sessions"] >= 2
    # the minutes' rolls are attendance; a press release only mentions him
    assert rows.filter(has_text="Asistió").count() == person["sessions"]
    assert rows.filter(has_text="Mencionado").count() >= 1
    assert page.locator("svg.roles-chart rect").count() >= 1
    tab.shot("persona")

    page.locator("a[data-nav=programas]").click()
    page.locator(".name-list a", has_text="Atlas de Riesgos Naturales").first.click()
    page.wait_for_url(re.compile(r"#/programa/\d+$"))
    page.locator("svg.year-chart rect").first.wait_for()
    assert page.locator("figure.chart table").inner_text().count("2024") == 1
    assert page.locator(".mention-list li").count() >= 2
    tab.shot("programa")
    tab.assert_clean()


def test_keyboard_alone_searches_filters_and_opens_a_result(tab: Tab) -> None:
    tab.open("#/acuerdos")  # no field takes the focus on this page, so the first Tab starts at the top
    page = tab.page
    page.locator("table.tracker").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Saltar al contenido"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"
    page.keyboard.press("Shift+Tab")
    while page.evaluate("document.activeElement.getAttribute('href')") != "#/buscar":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#/buscar$"))
    page.locator(".welcome .doc-list").wait_for()
    assert page.evaluate("document.activeElement.tagName") == "H1", "focus moves to the new page's heading"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("movilidad")
    page.keyboard.press("Enter")
    page.locator(".hit").first.wait_for()
    for _ in range(40):  # Tab to the first filter value and apply it with Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.facet') !== null"):
            break
    else:
        pytest.fail("no filter reachable with Tab")
    facet = page.evaluate("document.activeElement.dataset.facet")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash.includes('{facet}=')")
    page.locator(".chip").wait_for()
    page.wait_for_function("() => document.activeElement.id === 'estado-busqueda'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.hit') !== null"), "the next Tab reaches the first result"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#/documento/\d+"))
    page.locator(".doc-text").wait_for()
    page.wait_for_function("() => document.activeElement.tagName === 'H1'")
    tab.assert_clean()


def resolve(route: str, live: Live) -> str:
    """A route with {acuerdo} (CD-I-2) and {programa} (Atlas de Riesgos Naturales) filled from the API."""
    if "{acuerdo}" in route:
        found = httpx.get(live.url + "api/agreements", params={"code": "CD-I-2"}).json()["items"]
        route = route.replace("{acuerdo}", str(found[0]["id"]))
    if "{programa}" in route:
        found = httpx.get(live.url + "api/programs", params={"name": "Atlas de Riesgos"}).json()["items"]
        route = route.replace("{programa}", str(found[0]["id"]))
    return route


@pytest.mark.parametrize(
    "route, ready",
    [
        ("#/buscar", ".welcome .doc-list"),
        ("#/buscar?q=consulta%20ciudadana%20agua", ".hit"),
        ("#/documento/1?q=agua", ".doc-text table"),
        ("#/acuerdos", "table.tracker tbody tr"),
        ("#/acuerdo/{acuerdo}", ".timeline .event"),
        ("#/personas", ".name-list li"),
        ("#/programa/{programa}", "svg.year-chart"),
        ("#/subir", ".notice"),
    ],
)
def test_readable_at_360_px_without_sideways_scrolling(narrow: Tab, live: Live, route: str, ready: str) -> None:
    narrow.open(resolve(route, live))
    narrow.page.locator(ready).first.wait_for()
    narrow.page.wait_for_function(
        "() => !document.querySelector('[aria-busy=true]') && "
        "!document.querySelector('main').textContent.includes('Buscando…')"
    )
    assert narrow.overflow() <= 0, f"{route} is wider than 360 px"
    names = {
        "#/buscar?q=consulta%20ciudadana%20agua": "buscar",
        "#/documento/1?q=agua": "documento",
        "#/acuerdos": "acuerdos",
        "#/acuerdo/{acuerdo}": "acuerdo",
    }
    if route in names:
        narrow.shot(f"360-{names[route]}")
    narrow.assert_clean()
