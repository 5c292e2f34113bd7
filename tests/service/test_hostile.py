"""Hostile and garbage input through the CLI and the API (issue 12): each refused file gets its clear reason,
each odd but good file is stored right, and the good documents of the same batch are stored and searchable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models import tables
from models.apikeys import create_key
from models.settings import Settings
from models.store import Store
from service.app import create_app
from tests import hostile
from tests.samples import good_documents

ACERVO = Path(sys.executable).with_name("acervo")
LIMITS = {
    "ACERVO_MAX_EXPANDED_MB": str(hostile.MAX_EXPANDED_MB),
    "ACERVO_MAX_TEXT_CHARS": str(hostile.MAX_TEXT_CHARS),
    "ACERVO_FILE_TIMEOUT_S": str(hostile.FILE_TIMEOUT_S),
}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACERVO), *args], env=env, capture_output=True, text=True, timeout=600)


def _batch(folder: Path, outside: Path) -> None:
    """Good documents, hostile ones, odd-but-good ones, and entries a walk must not take."""
    folder.mkdir(parents=True)
    for name, data in good_documents().items():
        (folder / name).write_bytes(data)
    for name, (data, _) in {**hostile.hostile_documents(), **hostile.odd_but_good_documents()}.items():
        (folder / name).write_bytes(data)
    (folder / "lento.pdf").write_bytes(hostile.slow_pdf())
    outside.mkdir(parents=True)
    (outside / "secreto.md").write_text("# Nómina confidencial\n\nSueldos del personal directivo del instituto.\n")
    (folder / "enlace-passwd.txt").symlink_to("/etc/passwd")
    (folder / "enlace-fuera").symlink_to(outside)
    (folder / "enlace-secreto.md").symlink_to(outside / "secreto.md")
    os.mkfifo(folder / "tuberia.txt")
    (folder / ".oculto.md").write_text("# Oculto\n\nNo debe leerse.\n")


def test_cli_refuses_each_hostile_file_with_its_reason_and_stores_the_good_ones(tmp_path, cli_env) -> None:
    folder = tmp_path / "lote"
    _batch(folder, tmp_path / "fuera")
    env = {**cli_env, **LIMITS}
    result = run(["ingest", str(folder)], env)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()

    def line_for(kind: str, name: str) -> str:
        found = [line for line in lines if line.startswith(f"{kind}: {folder / name}: ")]
        assert len(found) == 1, (name, result.stderr)
        return found[0]

    for name, (_, words) in hostile.hostile_documents().items():
        assert words in line_for("error", name), name  # the name printed as it is, brackets and all
    assert f"took longer than {hostile.FILE_TIMEOUT_S:g} s" in line_for("error", "lento.pdf")
    assert "outside the folder; refused" in line_for("skipped", "enlace-passwd.txt")
    assert "outside the folder; refused" in line_for("skipped", "enlace-fuera")
    assert "outside the folder; refused" in line_for("skipped", "enlace-secreto.md")
    assert "named pipe" in line_for("skipped", "tuberia.txt")
    assert "hidden" in line_for("skipped", ".oculto.md")
    assert "bytes before the PDF header were skipped" in line_for("warning", "prefijo-corto.pdf")
    assert "collapses" in line_for("warning", "colapso.html")
    stored = len(good_documents()) + len(hostile.odd_but_good_documents())
    failed = len(hostile.hostile_documents()) + 1
    assert f"{stored} ingested, 0 skipped as duplicate, {failed} failed" in result.stderr

    store = Store.open(Settings(data_dir=Path(env["ACERVO_DATA_DIR"])).store_url)
    with store.session() as db:
        docs = {d.file_name: d for d in db.query(tables.Document)}
        assert set(docs) == set(good_documents()) | set(hostile.odd_but_good_documents())
        for name, (_, text) in hostile.odd_but_good_documents().items():
            if name != "colapso.html":
                assert text in docs[name].text, name
        assert all(d.indexed_at is not None for d in docs.values())
    store.dispose()

    for query, name in (("Mercado Hidalgo", "prefijo-corto.pdf"), ("programa anual de obras", "mezcla.txt")):
        found = run(["search", query, "--json"], env)
        assert found.returncode == 0, found.stderr
        assert name in [json.loads(line)["file_name"] for line in found.stdout.splitlines()], query


def test_file_serves_only_the_copy_kept_in_the_data_folder(tmp_path, cli_env) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    originals = good_documents()  # a Word file's bytes change with the time it is written: keep these
    for name, data in originals.items():
        (folder / name).write_bytes(data)
    assert run(["ingest", str(folder)], cli_env).returncode == 0
    settings = Settings(data_dir=Path(cli_env["ACERVO_DATA_DIR"]), open_read=True)
    # The originals are gone or replaced by links out: the kept copies are still served, the links never.
    for path in folder.iterdir():
        path.unlink()
    (folder / "acta.md").symlink_to("/etc/passwd")
    with TestClient(create_app(settings, with_queue=False, with_search=False)) as client:
        items = client.get("/api/documents", params={"limit": 50}).json()["items"]
        assert len(items) == len(good_documents())
        for item in items:
            response = client.get(f"/api/documents/{item['id']}/file")
            assert response.status_code == 200 and response.content == originals[item["file_name"]]
        acta = next(i for i in items if i["file_name"] == "acta.md")
        with Store.open(settings.store_url).session() as db:
            digest = db.get(tables.Document, acta["id"]).content_hash
        kept = settings.uploads_dir / digest
        kept.unlink()
        kept.symlink_to("/etc/passwd")
        response = client.get(f"/api/documents/{acta['id']}/file")
        assert response.status_code == 404 and "root:" not in response.text
        # Ingesting the same bytes again restores the kept copy (documents stored before copies were kept).
        again = tmp_path / "otra-vez"
        again.mkdir()
        (again / "acta.md").write_bytes(originals["acta.md"])
        assert "1 skipped as duplicate" in run(["ingest", str(again)], cli_env).stderr
        assert client.get(f"/api/documents/{acta['id']}/file").content == originals["acta.md"]


@pytest.fixture(scope="module")
def served(tmp_path_factory, e5_model_dir):
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("hostil") / "data",
        embed_model=str(e5_model_dir),
        max_expanded_mb=hostile.MAX_EXPANDED_MB,
        max_text_chars=hostile.MAX_TEXT_CHARS,
        file_timeout_s=hostile.FILE_TIMEOUT_S,
    )
    store = Store.open(settings.store_url)
    key = create_key(store, "sistema de prueba", ["ingest", "read"])[0]
    with TestClient(create_app(settings)) as client:
        client.headers["X-API-Key"] = key
        yield client, settings, store
    store.dispose()


def _wait(client: TestClient, job_id: str, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job_id}").json()
        if state["status"] in ("complete", "failed"):
            return state
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish: {state}")


def test_api_refuses_each_hostile_upload_with_its_reason_and_stores_the_good_ones(served) -> None:
    client, _, store = served
    bad = hostile.hostile_documents()
    odd = hostile.odd_but_good_documents()
    files = [("files", (n, d)) for n, d in good_documents().items()]
    files += [("files", (n, d)) for n, (d, _) in {**bad, **odd}.items()]
    files.append(("files", ("lento.pdf", hostile.slow_pdf())))
    response = client.post("/api/documents", files=files)
    assert response.status_code == 202, response.text
    outcome: dict[str, str] = {}
    for item in response.json()["items"]:
        if item["status"] == "rejected":
            outcome[item["file"]] = f"rejected: {item['error']['detail']}"
        else:
            state = _wait(client, item["job_id"])
            result = state["result"]
            outcome[item["file"]] = f"{result['status']}: {result.get('reason') or ''} {result.get('warnings')}"
    for name, (_, words) in bad.items():
        assert words in outcome[name] and not outcome[name].startswith("ingested"), (name, outcome[name])
    assert f"took longer than {hostile.FILE_TIMEOUT_S:g} s" in outcome["lento.pdf"]
    for name in [*good_documents(), *odd]:
        assert outcome[name].startswith("ingested"), (name, outcome[name])
    assert "collapses" in outcome["colapso.html"]
    assert store.count(tables.Document) == len(good_documents()) + len(odd)

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        hits = client.get("/api/search", params={"q": "Mercado Hidalgo"}).json()["items"]
        if hits:
            break
        time.sleep(0.5)
    assert hits and hits[0]["file_name"] == "prefijo-corto.pdf"


def test_api_extract_answers_each_hostile_file_with_a_reason_never_500(served) -> None:
    client, _, _ = served
    for name, (data, words) in hostile.hostile_documents().items():
        response = client.post("/api/extract", files={"file": (name, data)})
        assert response.status_code in (413, 415, 422), (name, response.status_code, response.text)
        assert words in response.json()["error"]["detail"], name
    slow = client.post("/api/extract", files={"file": ("lento.pdf", hostile.slow_pdf())})
    assert slow.status_code == 422 and "took longer than" in slow.json()["error"]["detail"]
    good = client.post("/api/extract", files={"file": ("acta.md", good_documents()["acta.md"])})
    assert good.status_code == 200 and good.json()["doc_type"] == "acta"
