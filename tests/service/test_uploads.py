"""Uploads through HTTP on the embedded default: a real queue server and a real worker process."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from models import tables
from models.apikeys import create_key
from models.store import Store
from service.app import create_app
from tests.samples import bad_documents, good_documents


@pytest.fixture(scope="module")
def served(tmp_path_factory, e5_model_dir):
    from models.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("served") / "data", embed_model=str(e5_model_dir))
    store = Store.open(settings.store_url)
    key = create_key(store, "sistema de prueba", ["ingest", "read"])[0]
    with TestClient(create_app(settings)) as client:
        client.headers["X-API-Key"] = key
        yield client, settings, store


def wait_for(client: TestClient, job_id: str, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job_id}").json()
        if state["status"] in ("complete", "failed"):
            return state
        assert 0 <= state["progress"] < 100
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish: {state}")


def test_upload_many_files_then_each_becomes_one_document(served) -> None:
    client, _, store = served
    docs = good_documents()
    files = [("files", (name, data)) for name, data in docs.items()]
    files.append(("files", ("copia-de-acta.md", docs["acta.md"])))
    response = client.post("/api/documents", files=files)
    assert response.status_code == 202, response.text
    items = response.json()["items"]
    assert [i["status"] for i in items] == ["queued"] * len(files)
    assert items[0]["job_id"] == items[-1]["job_id"], "the same content is the same job"
    results = {i["file"]: wait_for(client, i["job_id"]) for i in items}
    assert {r["status"] for r in results.values()} == {"complete"}
    assert {r["result"]["status"] for r in results.values()} == {"ingested"}
    assert store.count(tables.Document) == len(docs)
    again = client.post("/api/documents", files=[("files", ("otra-vez.md", docs["acta.md"]))]).json()["items"][0]
    assert wait_for(client, again["job_id"])["result"]["document_id"] == results["acta.md"]["result"]["document_id"]


def test_bad_files_are_rejected_or_fail_with_the_reason(served) -> None:
    client, _, _ = served
    bad = bad_documents()
    unknown = client.post("/api/documents", files=[("files", ("archivo.zip", bad["archivo.zip"]))])
    assert unknown.status_code == 415
    assert "archivo.zip" in unknown.json()["error"]["detail"]
    mixed = client.post(
        "/api/documents", files=[("files", ("cifrado.pdf", bad["cifrado.pdf"])), ("files", ("vacio.txt", b""))]
    ).json()["items"]
    assert mixed[1]["status"] == "rejected" and mixed[1]["error"]["code"] == "empty_file"
    state = wait_for(client, mixed[0]["job_id"])
    assert state["status"] == "failed"
    assert state["result"]["code"] == "encrypted_file"


def test_client_file_names_never_become_paths(served) -> None:
    client, settings, store = served
    body = "Informe de la Comisión de Movilidad sobre banquetas y cruces seguros en 2024.".encode()
    item = client.post("/api/documents", files=[("files", ("../../../etc/cron.d/acervo.txt", body))]).json()["items"][0]
    assert item["file"] == "acervo.txt"
    state = wait_for(client, item["job_id"])
    with store.session() as db:
        doc = db.get(tables.Document, state["result"]["document_id"])
        assert doc.file_name == "acervo.txt"
        assert doc.source_path.startswith(str(settings.uploads_dir))
    assert not (settings.data_dir.parent / "etc").exists()


def test_upload_over_the_file_limit_is_refused(served) -> None:
    client, settings, _ = served
    big = b"a" * (settings.max_file_bytes + 1)
    response = client.post("/api/documents", files=[("files", ("grande.txt", big))])
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_unknown_job_is_404(served) -> None:
    client, _, _ = served
    assert client.get("/api/jobs/ingest-no-existe").status_code == 404


def test_an_upload_becomes_searchable(served) -> None:
    client, _, _ = served
    body = (
        "# Acta de la Quinta Sesión Ordinaria\n\nEl consejo revisó el abasto de agua potable en las colonias "
        "del poniente, donde el servicio falla tres días por semana, y el convenio ZX-77 con el organismo.\n"
    ).encode()
    item = client.post("/api/documents", files=[("files", ("agua.md", body))]).json()["items"][0]
    state = wait_for(client, item["job_id"])
    assert state["status"] == "complete"
    deadline = time.monotonic() + 120
    while not state["searchable"] and time.monotonic() < deadline:
        assert state["stage"] == "indexing" and state["progress"] < 100
        time.sleep(0.3)
        state = client.get(f"/api/jobs/{item['job_id']}").json()
    assert state["searchable"] and state["stage"] == "done"
    # Once the job says so, the document is found at once.
    hits = client.get("/api/search", params={"q": "ZX-77"}).json()["items"]
    assert hits and hits[0]["file_name"] == "agua.md"
    assert "<mark>" in hits[0]["snippet"]
    meaning = client.get("/api/search", params={"q": "reuniones sobre escasez de agua", "limit": 3}).json()
    assert "agua.md" in [h["file_name"] for h in meaning["items"]]
    filtered = client.get("/api/search", params={"q": "agua", "doc_type": "convocatoria"}).json()["items"]
    assert "agua.md" not in [h["file_name"] for h in filtered]
