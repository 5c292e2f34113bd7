"""The API through HTTP on the embedded default: reading, extraction, errors and access."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ingest.parse import OcrConfig, ocr_unavailable_reason
from ingest.pipeline import Ingestor
from models.apikeys import create_key, revoke_key
from models.store import Store
from service.app import create_app
from tests.samples import ACTA_MD, good_documents


@pytest.fixture
def stored(settings, extractor) -> dict[str, int]:
    store = Store.open(settings.store_url)
    ingestor = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes)
    ids = {name: ingestor.ingest_bytes(data, name).document_id for name, data in good_documents().items()}
    store.dispose()
    return ids


@pytest.fixture
def keys(settings) -> dict[str, str]:
    store = Store.open(settings.store_url)
    out = {scope: create_key(store, f"cliente {scope}", [scope])[0] for scope in ("read", "ingest", "admin")}
    store.dispose()
    return out


@pytest.fixture
def client(settings, extractor):
    app = create_app(settings, with_queue=False, with_search=False)
    app.state.extractor = extractor
    with TestClient(app) as client:
        yield client


def test_documents_are_listed_and_read(client, stored, keys) -> None:
    h = {"X-API-Key": keys["read"]}
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["documents"] == len(stored)
    page = client.get("/api/documents", params={"limit": 2}, headers=h).json()
    assert page["total"] == len(stored) and len(page["items"]) == 2
    doc = client.get(f"/api/documents/{stored['agenda.html']}", headers=h).json()
    assert doc["format"] == "html"
    assert "NO-DEBE-APARECER" not in doc["text"]
    assert any(b["kind"] == "table" for b in doc["blocks"])
    entities = client.get(f"/api/documents/{stored['acta.md']}/entities", headers=h).json()
    assert entities["doc_type"] == "acta"
    assert any(p["name"] == "Lucía Fernández Ortega" for p in entities["participants"])
    assert entities["regions"] and all({"kind", "start", "end"} <= set(r) for r in entities["regions"])
    only_actas = client.get("/api/documents", params={"doc_type": "acta"}, headers=h).json()
    assert {d["file_name"] for d in only_actas["items"]} == {"acta.md", "minuta.docx"}
    in_2024 = client.get("/api/documents", params={"year": 2024}, headers=h).json()
    assert "informe.pdf" not in {d["file_name"] for d in in_2024["items"]}


def test_entity_lists(client, stored, keys) -> None:
    h = {"X-API-Key": keys["read"]}
    sessions = client.get("/api/sessions", headers=h).json()["items"]
    assert any(s["number"] == 3 and s["type"] == "ordinaria" and s["date"] == "2024-03-05" for s in sessions)
    people = client.get("/api/people", params={"name": "fernandez"}, headers=h).json()["items"]
    assert [p["name"] for p in people] == ["Lucía Fernández Ortega"]
    person = client.get(f"/api/people/{people[0]['id']}", headers=h).json()
    assert person["appearances"][0]["role"] == "Presidenta"
    agreements = client.get("/api/agreements", headers=h).json()["items"]
    assert any("Programa Parcial de Movilidad" in a["text"] for a in agreements)
    programs = client.get("/api/programs", params={"name": "atlas"}, headers=h).json()["items"]
    assert programs and programs[0]["name"].startswith("Atlas de Riesgos")


def test_extract_returns_the_schema_and_stores_nothing(client, keys) -> None:
    h = {"X-API-Key": keys["read"]}
    response = client.post("/api/extract", files={"file": ("acta.md", ACTA_MD.encode())}, headers=h)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["file"] == "acta.md" and body["doc_type"] == "acta"
    assert body["session"]["date"] == "2024-03-05"
    assert client.get("/api/health").json()["documents"] == 0
    bad = client.post("/api/extract", files={"file": ("x.pdf", bytes(range(256)) * 4)}, headers=h)
    assert bad.status_code == 415
    assert bad.json()["error"]["code"] == "unsupported_format"
    assert "x.pdf" in bad.json()["error"]["detail"]


def test_errors_are_json_with_a_stable_code_in_two_languages(client, keys) -> None:
    h = {"X-API-Key": keys["read"]}
    missing = client.get("/api/documents/999999", headers=h)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert set(missing.json()["error"]["message"]) == {"es", "en"}
    invalid = client.get("/api/documents", params={"limit": 0}, headers=h)
    assert (invalid.status_code, invalid.json()["error"]["code"]) == (422, "invalid_request")


def test_access_needs_a_key_with_the_scope(client, settings, keys) -> None:
    assert client.get("/api/documents").status_code == 401
    assert client.get("/api/documents", headers={"X-API-Key": "acv_no-existe"}).status_code == 401
    assert client.get("/api/documents", headers={"X-API-Key": keys["ingest"]}).status_code == 403
    assert client.get("/api/documents", headers={"X-API-Key": keys["admin"]}).status_code == 200
    upload = client.post("/api/documents", files={"files": ("a.md", b"# Hola")}, headers={"X-API-Key": keys["read"]})
    assert (upload.status_code, upload.json()["error"]["code"]) == (403, "forbidden")
    store = Store.open(settings.store_url)
    revoke_key(store, 1)
    assert client.get("/api/documents", headers={"X-API-Key": keys["read"]}).status_code == 401


def test_open_read_opens_reading_but_never_writing(settings, extractor) -> None:
    app = create_app(settings.model_copy(update={"open_read": True}), with_queue=False, with_search=False)
    with TestClient(app) as client:
        assert client.get("/api/documents").status_code == 200
        assert client.post("/api/documents", files={"files": ("a.md", b"# Hola")}).status_code == 401


def test_request_body_limit(settings, keys) -> None:
    app = create_app(settings.model_copy(update={"max_request_mb": 0.01}), with_queue=False, with_search=False)
    with TestClient(app) as client:
        response = client.post(
            "/api/extract", files={"file": ("big.txt", b"a" * 20_000)}, headers={"X-API-Key": keys["read"]}
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"


def test_ui_is_served(client) -> None:
    assert "Acervo" in client.get("/").text


@pytest.mark.skipif(ocr_unavailable_reason(OcrConfig()) is not None, reason="OCR is not available")
def test_pages_and_entities_say_which_text_came_from_ocr(client, settings, extractor, keys) -> None:
    from tests.ingest.parse.factories import canvas_pdf, mixed_pdf, rasterise

    scan = rasterise(canvas_pdf([["Anexo de la sesión", "El informe se entregará el 14 de octubre de 2024."]]))[0]
    data = mixed_pdf(["Acta de la Cuarta Sesión Ordinaria celebrada el 2 de septiembre de 2024.", scan])
    store = Store.open(settings.store_url)
    document_id = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes).ingest_bytes(
        data, "acta-con-anexo.pdf"
    ).document_id
    store.dispose()
    h = {"X-API-Key": keys["read"]}
    doc = client.get(f"/api/documents/{document_id}", headers=h).json()
    sources = [(p["page"], p["source"]) for p in doc["page_sources"]]
    assert sources == [(1, "text"), (2, "ocr")]
    assert doc["page_sources"][0]["ocr_confidence"] is None
    assert 50 <= doc["page_sources"][1]["ocr_confidence"] <= 100
    dates = client.get(f"/api/documents/{document_id}/entities", headers=h).json()["dates"]
    by_value = {d["value"]: d for d in dates}
    assert by_value["2024-10-14"]["source"] == "ocr" and by_value["2024-10-14"]["page"] == 2
    assert by_value["2024-10-14"]["ocr_confidence"] == doc["page_sources"][1]["ocr_confidence"]
    assert "source" not in by_value["2024-09-02"]
