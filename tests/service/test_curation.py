"""Corrections over HTTP with the edit scope, their audit, and keys managed by an admin."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ingest.pipeline import Ingestor
from ingest.tracking.relink import relink
from models.apikeys import create_key
from models.store import Store
from service.app import create_app
from tests.sessions import write_sessions


@pytest.fixture
def tracked(settings, extractor, tmp_path) -> Store:
    store = Store.open(settings.store_url)
    ingestor = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes)
    for path in write_sessions(tmp_path / "actas"):
        assert ingestor.ingest_path(path).status == "ingested"
    return store


@pytest.fixture
def client(settings, extractor, tracked):
    app = create_app(settings, with_queue=False, with_search=False)
    app.state.extractor = extractor
    with TestClient(app) as client:
        yield client
    tracked.dispose()


def _key(store: Store, *scopes: str) -> dict:
    secret, _ = create_key(store, f"clave {'+'.join(scopes)}", list(scopes))
    return {"X-API-Key": secret}


def test_corrections_need_the_edit_scope_and_are_audited(client, tracked) -> None:
    reader, editor = _key(tracked, "read"), _key(tracked, "edit", "read")
    documents = client.get("/api/documents", headers=reader).json()["items"]
    first = min(documents, key=lambda d: d["id"])
    refused = client.patch(f"/api/documents/{first['id']}", json={"title": "X"}, headers=reader)
    assert refused.status_code == 403
    edit = client.patch(
        f"/api/documents/{first['id']}",
        json={"title": "Acta corregida", "date": "2024-01-20", "body": "Consejo Consultivo", "note": "original"},
        headers=editor,
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["before"]["title"] == first["title"] and edit.json()["after"]["body"] == "Consejo Consultivo"
    shown = client.get(f"/api/documents/{first['id']}", headers=reader).json()
    assert (shown["title"], shown["date"], shown["body"]) == ("Acta corregida", "2024-01-20", "Consejo Consultivo")
    bad = client.patch(f"/api/documents/{first['id']}", json={"date": "ayer"}, headers=editor)
    assert bad.status_code == 422

    agreements = {a["code"]: a for a in client.get("/api/agreements", headers=reader).json()["items"]}
    no_note = client.post(f"/api/agreements/{agreements['JD-I-1']['id']}/status", json={"status": "cumplido"},
                          headers=editor)
    assert no_note.status_code == 422
    status = client.post(
        f"/api/agreements/{agreements['JD-I-1']['id']}/status",
        json={"status": "cumplido", "note": "Entregado el 2 de mayo (oficio 88)"},
        headers=editor,
    )
    assert status.status_code == 200, status.text
    dismissed = client.post(f"/api/agreements/{agreements['JD-I-3']['id']}/dismiss", headers=editor)
    assert dismissed.status_code == 200, dismissed.text

    people = {p["name"]: p for p in client.get("/api/people", headers=reader).json()["items"]}
    some = people["Jorge López Hernández"]["id"]
    for path, body in (("merge", {"into": 2**63}), ("split", {"name_ids": [2**64]})):
        # an id no store can hold is refused as such, not a server error
        too_large = client.post(f"/api/people/{some}/{path}", json=body, headers=editor)
        assert too_large.status_code == 422, too_large.text
    merged = client.post(
        f"/api/people/{people['Cristhian Holguín Ramírez']['id']}/merge",
        json={"into": people["Jorge López Hernández"]["id"]},
        headers=editor,
    )
    assert merged.status_code == 200, merged.text

    relink(tracked)  # `acervo relink` replays every extraction: the corrections hold
    agreements = {a["code"]: a for a in client.get("/api/agreements", headers=reader).json()["items"]}
    assert "JD-I-3" not in agreements
    assert agreements["JD-I-1"]["status"] == "cumplido"
    assert agreements["JD-I-1"]["status_note"] == "Entregado el 2 de mayo (oficio 88)"
    names = {p["name"] for p in client.get("/api/people", headers=reader).json()["items"]}
    assert "Cristhian Holguín Ramírez" not in names and "Jorge López Hernández" in names

    audit = client.get("/api/corrections", headers=reader).json()
    assert audit["total"] == 4
    assert [c["action"] for c in audit["items"]] == ["person.merge", "agreement.dismiss", "agreement.status",
                                                     "document.edit"]
    assert all(c["actor"] == f"clave edit+read (clave {c['actor'].split()[-1][:-1]})" for c in audit["items"])

    deleted = client.delete(f"/api/documents/{first['id']}", params={"note": "duplicado"}, headers=editor)
    assert deleted.status_code == 200, deleted.text
    assert client.get(f"/api/documents/{first['id']}", headers=reader).status_code == 404


def test_keys_page_api_is_for_admins(client, tracked) -> None:
    admin, editor = _key(tracked, "admin"), _key(tracked, "edit")
    assert client.get("/api/keys", headers=editor).status_code == 403
    created = client.post("/api/keys", json={"name": "catastro", "scopes": ["read", "edit"]}, headers=admin)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["key"].startswith("acv_") and body["scopes"] == ["edit", "read"]
    listed = client.get("/api/keys", headers=admin).json()
    assert all("key" not in row for row in listed) and body["id"] in {row["id"] for row in listed}
    me = client.get("/api/me", headers={"X-API-Key": body["key"]}).json()
    assert me["can_edit"] and not me["can_admin"]
    assert client.delete(f"/api/keys/{body['id']}", headers=admin).json()["revoked_at"]
    assert client.get("/api/me", headers={"X-API-Key": body["key"]}).status_code == 401


def test_people_and_programs_export_open_in_excel(client, tracked) -> None:
    import csv
    import io

    reader = _key(tracked, "read")
    people = client.get("/api/people/export", headers=reader)
    assert people.status_code == 200 and people.headers["content-type"].startswith("text/csv")
    assert people.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(people.content.decode("utf-8-sig")), dialect="excel"))
    maria = next(r for r in rows if r["Nombre"] == "María López Hernández")
    assert maria["Otras formas escritas"] == "María López" and maria["Confirmada por el personal"] == "no"
    assert maria["Primera sesión"] == "2024-01-15" and "/#/persona/" in maria["Enlace"]
    programs = client.get("/api/programs/export", headers=reader)
    rows = list(csv.DictReader(io.StringIO(programs.content.decode("utf-8-sig")), dialect="excel"))
    pmma = next(r for r in rows if r["Sigla"] == "PMMA")
    assert pmma["Nombre"] == "Programa Municipal de Movilidad Activa" and pmma["Documentos"] == "3"


def test_overview_counts_the_archive(client, tracked) -> None:
    reader = _key(tracked, "read")
    data = client.get("/api/overview", headers=reader).json()
    assert data["documents"] == 3 and data["sessions"] == 3
    assert data["bodies"] == ["Junta Directiva"] and data["years"] == [2024]
    assert {c["status"]: c["agreements"] for c in data["agreements_by_status"]}["cumplido"] == 2
    assert sum(c["agreements"] for c in data["agreements_by_status"]) == data["agreements"] == 4
    assert data["recent"][0]["file_name"] == "sesion-03-2024.md"
