"""Corrections, their audit and the keys page in a real browser, with a key holding `edit` (and one holding
`admin`). Runs after the read-only page tests (it changes the live archive) and before the upload test."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from models.apikeys import create_key
from models.store import Store
from tests.search_ui.conftest import Live, Tab

pytestmark = pytest.mark.slow


def _key(live: Live, name: str, scopes: list[str]) -> str:
    store = Store.open(live.store_url)
    try:
        return create_key(store, name, scopes)[0]
    finally:
        store.dispose()


def _use_key(tab: Tab, key: str) -> None:
    tab.open("#/correcciones")
    tab.page.locator("#abrir-ajustes").click()
    tab.page.locator("#clave").fill(key)
    tab.page.locator("#guardar-clave").click()
    tab.page.locator(".settings-label", has_text="Clave:").wait_for()


def _documents(live: Live) -> list[dict]:
    return httpx.get(live.url + "api/documents", params={"limit": 50}).json()["items"]


def test_staff_correct_a_document_and_search_follows(tab: Tab, live: Live) -> None:
    _use_key(tab, _key(live, "Ana Ruiz (archivo)", ["read", "edit"]))
    doc = next(d for d in _documents(live) if d["doc_type"] == "comunicado")
    tab.open(f"#/documento/{doc['id']}")
    page = tab.page
    page.locator("details.curation > summary").click()
    form = page.locator("form.curation-form").first
    form.get_by_label("Título").fill("Comunicado sobre el diagnóstico de movilidad")
    form.get_by_label("Fecha").fill("2024-05-20")
    form.get_by_label("Órgano").fill("Dirección de Comunicación")
    form.get_by_label("Nota (por qué)").fill("Datos tomados del original impreso")
    tab.shot("correccion-documento-formulario")
    form.get_by_role("button", name="Guardar datos").click()
    page.locator("h1", has_text="Comunicado sobre el diagnóstico de movilidad").wait_for()
    assert "20 de mayo de 2024" in page.locator(".doc-header .meta").inner_text()
    tab.shot("correccion-documento")

    # The index follows: filtering search by the corrected body finds the document within seconds.
    deadline = time.monotonic() + 30
    while True:
        found = httpx.get(live.url + "api/search", params={"q": "movilidad", "body": "Dirección de Comunicación"})
        if any(hit["document_id"] == doc["id"] for hit in found.json()["items"]) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert any(hit["document_id"] == doc["id"] for hit in found.json()["items"])
    tab.assert_clean()


def test_staff_set_an_agreement_status_merge_people_and_read_the_audit(tab: Tab, live: Live) -> None:
    _use_key(tab, _key(live, "Luis Pérez (seguimiento)", ["read", "edit"]))
    page = tab.page
    agreements = httpx.get(live.url + "api/agreements").json()["items"]
    target = next(a for a in agreements if a["status"] != "cancelado")
    tab.open(f"#/acuerdo/{target['id']}")
    page.locator("details.curation > summary").click()
    form = page.locator("form.curation-form", has_text="Fijar el estado")
    form.get_by_label("Estado").select_option("cancelado")
    form.get_by_role("button", name="Fijar estado").click()
    assert "obligatoria" in form.inner_text().lower()  # no note: the browser asks for one (required)
    form.get_by_label("Nota (obligatoria)").fill("Se canceló por acuerdo de la Junta (oficio 45/2024)")
    tab.shot("correccion-acuerdo-formulario")
    form.get_by_role("button", name="Fijar estado").click()
    page.locator(".facts", has_text="Se canceló por acuerdo de la Junta").wait_for()
    assert page.locator(".facts .badge").first.inner_text() == "cancelado"
    tab.shot("correccion-acuerdo")

    people = httpx.get(live.url + "api/people", params={"limit": 50}).json()["items"]
    first, second = people[-1], people[-2]
    tab.open(f"#/persona/{first['id']}")
    page.locator("details.curation > summary").click()
    merge = page.locator("form.curation-form", has_text="Unir con otra persona")
    merge.get_by_label("Persona que queda").select_option(str(second["id"]))
    merge.get_by_role("button", name="Unir").click()
    page.wait_for_url(re.compile(rf"#/persona/{second['id']}$"))
    page.locator("h1", has_text=second["name"]).wait_for()
    assert httpx.get(live.url + f"api/people/{first['id']}").status_code == 404

    tab.open("#/correcciones")
    rows = page.locator("table.audit tbody tr")
    rows.first.wait_for()
    text = page.locator("table.audit").inner_text()
    assert "Personas unidas" in text and "Estado del acuerdo fijado" in text
    assert "Luis Pérez (seguimiento)" in text and "Se canceló por acuerdo de la Junta" in text
    tab.shot("correcciones")
    page.locator("#filtro-sobre").select_option(label="Acuerdos")  # the filter's labels come from the vocabulary
    page.wait_for_url(re.compile(r"#/correcciones\?sobre=agreement$"))
    page.locator("table.audit tbody tr").first.wait_for()
    assert set(page.locator("table.audit tbody tr").evaluate_all("rows => rows.map(r => r.dataset.action)")) == {
        "agreement.status"}
    tab.assert_clean()


def test_staff_delete_a_document(tab: Tab, live: Live) -> None:
    _use_key(tab, _key(live, "Ana Ruiz (limpieza)", ["read", "edit"]))
    doc = next(d for d in _documents(live) if d["doc_type"] == "convocatoria")
    tab.open(f"#/documento/{doc['id']}")
    page = tab.page
    page.locator("details.curation > summary").click()
    remove = page.locator("form.curation-form", has_text="Eliminar el documento")
    remove.get_by_role("button", name="Eliminar documento").click()
    remove.get_by_text("Escriba ELIMINAR para confirmar.").last.wait_for()
    remove.get_by_label("Escriba ELIMINAR para confirmar").fill("eliminar")
    remove.get_by_label("Nota (por qué)").fill("Ejemplo inventado de la demostración")
    remove.get_by_role("button", name="Eliminar documento").click()
    page.wait_for_url(re.compile(r"#/correcciones$"))
    page.locator("table.audit", has_text="Documento eliminado").wait_for()
    assert httpx.get(live.url + f"api/documents/{doc['id']}").status_code == 404
    hits = httpx.get(live.url + "api/search", params={"q": "consulta agua"}).json()["items"]
    assert all(hit["document_id"] != doc["id"] for hit in hits)
    tab.shot("correccion-eliminar")
    tab.assert_clean()


def test_admin_creates_shows_once_and_revokes_a_key(tab: Tab, live: Live) -> None:
    _use_key(tab, _key(live, "Administración de sistemas", ["admin"]))
    page = tab.page
    page.locator("#nav-claves").wait_for(state="visible")
    tab.open("#/claves")
    page.get_by_label("Para quién es").fill("Sistema de catastro")
    page.get_by_label("Corregir datos").check()
    page.get_by_role("button", name="Crear clave").click()
    secret = page.locator(".new-key code.secret")
    secret.wait_for()
    key = secret.inner_text()
    assert key.startswith("acv_")
    me = httpx.get(live.url + "api/me", headers={"X-API-Key": key}).json()
    assert me["can_edit"] and me["can_read"] and not me["can_admin"]
    row = page.locator("table.keys tbody tr", has_text="Sistema de catastro")
    assert key not in page.locator("table.keys").inner_text()
    tab.shot("claves")
    row.get_by_role("button", name="Revocar").click()
    row.get_by_text("revocada").wait_for()
    assert httpx.get(live.url + "api/me", headers={"X-API-Key": key}).status_code == 401
    tab.assert_clean()


def test_without_edit_scope_there_is_no_correction_panel(tab: Tab, live: Live) -> None:
    doc = _documents(live)[0]
    tab.open(f"#/documento/{doc['id']}")
    tab.page.locator("h1").wait_for()
    assert tab.page.locator("details.curation").count() == 0
    assert tab.page.locator("#nav-claves").is_hidden()
