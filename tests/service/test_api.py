from __future__ import annotations

from fastapi.testclient import TestClient

from ingest.pipeline import Ingestor
from models.store import Store
from service.app import create_app
from tests.samples import good_documents


def test_documents_are_listed_and_read_through_http(settings, extractor) -> None:
    store = Store.open(settings.store_url)
    ingestor = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes)
    ids = {name: ingestor.ingest_bytes(data, name).document_id for name, data in good_documents().items()}
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/health").json() == {"status": "ok", "documents": len(ids)}
        page = client.get("/api/documents", params={"limit": 2}).json()
        assert page["total"] == len(ids) and len(page["items"]) == 2
        doc = client.get(f"/api/documents/{ids['agenda.html']}").json()
        assert doc["format"] == "html"
        assert "NO-DEBE-APARECER" not in doc["text"]
        assert any(b["kind"] == "table" for b in doc["blocks"])
        assert client.get("/api/documents/999999").status_code == 404
        assert "Acervo" in client.get("/").text
