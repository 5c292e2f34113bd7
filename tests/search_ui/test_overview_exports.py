"""The home page's overview, browsing sessions without a query, spreadsheet downloads read as Excel reads
them, and the print layout of the tracker, an agreement and a document. Read-only: runs before the tests
that change the live archive."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pytest

from tests.search_ui.conftest import Live, Tab

pytestmark = pytest.mark.slow


def test_home_overview_and_sessions_by_body_and_year(tab: Tab, live: Live) -> None:
    tab.open("#/buscar")
    page = tab.page
    overview = page.locator(".overview")
    overview.wait_for()
    assert re.search(r"6 documentos, \d+ sesi", overview.inner_text())
    grid = page.locator("table.overview-grid")
    assert grid.locator("tbody tr").count() >= 1
    statuses = httpx.get(live.url + "api/vocabulary").json()["statuses"]
    assert page.locator(".status-counts li").count() == len(statuses)  # every status of the vocabulary, counted
    assert page.locator(".overview .doc-list li").count() == 6
    tab.shot("inicio-panorama")
    link = grid.locator("a[href*='anio=']").first
    link.click()
    page.wait_for_url(re.compile(r"#/sesiones\?organo=.+&anio=\d{4}"))
    rows = page.locator("table.sessions tbody tr")
    rows.first.wait_for()
    body = page.locator("#s-organo").input_value()
    assert body and all(body in rows.nth(i).inner_text() for i in range(rows.count()))
    options = page.locator("#s-organo option").all_inner_texts()
    assert options[0] == "Todos" and body in options  # the bodies come from the archive itself
    tab.shot("sesiones")
    page.locator("#s-anio").select_option("")
    page.wait_for_function("() => !location.hash.includes('anio=')")
    tab.assert_clean()


def _read_download(download) -> list[dict]:
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), dialect="excel"))


def test_downloads_open_in_excel_with_spanish_headers(tab: Tab, live: Live) -> None:
    page = tab.page
    tab.open("#/acuerdos?todos=1")  # every agreement, also those settled at their session
    page.wait_for_function("() => document.querySelectorAll('table.tracker tbody tr').length === 4")
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV").click()
    rows = _read_download(info.value)
    assert len(rows) == 4
    assert list(rows[0])[:4] == ["N.º", "Clave", "Institución", "Órgano"]
    assert {r["Vencido"] for r in rows} <= {"sí", "no"}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|", r["Primera mención"]) for r in rows)
    assert all(r["Enlace"].startswith(live.url + "#/acuerdo/") for r in rows)
    assert any("Santa Lucía" in r["Institución"] for r in rows)  # accents intact

    tab.open("#/buscar?q=movilidad")
    page.locator("ol.hits li").first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Descargar estos resultados")).click()
    hits = _read_download(info.value)
    assert hits and hits[0]["Posición"] == "1" and "<mark>" not in hits[0]["Fragmento"]
    assert "#/documento/" in hits[0]["Enlace"] and "q=movilidad" in hits[0]["Enlace"]

    for route, name in (("#/personas", "personas"), ("#/programas", "programas")):
        tab.open(route)
        page.locator(".name-list li").first.wait_for()
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile("Descargar la lista completa")).click()
        rows = _read_download(info.value)
        assert rows and rows[0]["Nombre"] and f"#/{name[:-1]}/" in rows[0]["Enlace"]
        assert rows[0]["Confirmad" + ("a" if name == "personas" else "o") + " por el personal"] in {"sí", "no"}
    tab.assert_clean()


def test_print_layout_of_tracker_agreement_and_document(tab: Tab, live: Live) -> None:
    page = tab.page
    page.emulate_media(media="print")
    tab.open("#/acuerdos")
    page.locator("table.tracker tbody tr").first.wait_for()
    assert page.locator("header.top").is_hidden() and page.locator("form.filters").is_hidden()
    tab.shot("impresion-acuerdos")
    agreement = httpx.get(live.url + "api/agreements").json()["items"][0]
    tab.open(f"#/acuerdo/{agreement['id']}")
    page.locator(".timeline .event").first.wait_for()
    assert page.locator("header.top").is_hidden()
    assert page.locator(".timeline .event").first.is_visible()
    tab.shot("impresion-acuerdo")
    document = httpx.get(live.url + "api/documents").json()["items"][0]
    tab.open(f"#/documento/{document['id']}")
    page.locator(".doc-text").wait_for()
    assert page.locator("header.top").is_hidden() and page.locator(".doc-text").is_visible()
    tab.shot("impresion-documento")
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")
    tab.assert_clean()
