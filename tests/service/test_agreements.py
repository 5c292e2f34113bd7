"""The agreement tracker, people and programs over HTTP, and `acervo agreements` in a terminal."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.pipeline import Ingestor
from models.apikeys import create_key
from models.store import Store
from service.app import create_app
from tests.sessions import write_sessions

ACERVO = str(Path(sys.executable).with_name("acervo"))


@pytest.fixture
def tracked(settings, extractor, tmp_path) -> Store:
    store = Store.open(settings.store_url)
    ingestor = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes)
    for path in write_sessions(tmp_path / "actas"):
        assert ingestor.ingest_path(path).status == "ingested"
    return store


@pytest.fixture
def api(settings, extractor, tracked):
    key, _ = create_key(tracked, "tablero de seguimiento", ["read"])
    app = create_app(settings, with_queue=False, with_search=False)
    app.state.extractor = extractor
    with TestClient(app, headers={"X-API-Key": key}) as client:
        yield client
    tracked.dispose()


def _codes(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["code"] for item in response.json()["items"]}


def test_agreements_filter_like_staff_ask(api) -> None:
    assert _codes(api.get("/api/agreements")) == {"JD-I-1", "JD-I-2", "JD-I-3", "JD-XIV-3"}
    assert _codes(api.get("/api/agreements", params={"status": "cumplido"})) == {"JD-I-2", "JD-XIV-3"}
    assert _codes(api.get("/api/agreements", params={"overdue": "true"})) == {"JD-I-1"}
    assert _codes(api.get("/api/agreements", params={"quiet": "true", "quiet_sessions": 2})) == {"JD-I-3"}
    assert _codes(api.get("/api/agreements", params={"responsible": "Jorge"})) == {"JD-I-1"}
    assert _codes(api.get("/api/agreements", params={"body": "Junta Directiva", "date_to": "2024-01-31"})) == {
        "JD-I-1",
        "JD-I-2",
        "JD-I-3",
    }
    assert _codes(api.get("/api/agreements", params={"q": "atlas"})) == {"JD-XIV-3"}
    page = api.get("/api/agreements", params={"limit": 1}).json()
    assert page["total"] == 4 and len(page["items"]) == 1
    assert api.get("/api/agreements", params={"status": "hecho"}).status_code == 422


def test_one_agreement_has_its_timeline_and_passages(api) -> None:
    item = api.get("/api/agreements", params={"code": "JD-I-1"}).json()["items"][0]
    assert item["origin"]["number"] == 1 and item["origin"]["date"] == "2024-01-15"
    assert (item["status"], item["progress"], item["overdue"], item["documents"]) == ("en proceso", 70, True, 3)
    detail = api.get(f"/api/agreements/{item['id']}").json()
    events = detail["timeline"]
    assert [(e["date"], e["kind"], e["status"], e["progress"]) for e in events] == [
        ("2024-01-15", "taken", "pendiente", None),
        ("2024-02-20", "follow_up", "en proceso", 10),
        ("2024-03-19", "follow_up", "en proceso", 70),
    ]
    assert events[1]["status_text"] == "En proceso, etapa de planeación."
    for event in events:
        assert "JD-I-1" in event["passage"]
        document = api.get(event["url"]).json()
        assert document["text"][event["span_start"] : event["span_end"]].startswith(event["passage"][:40])
    assert api.get("/api/agreements/999999").json()["error"]["code"] == "not_found"


def test_export_as_csv_and_json(api) -> None:
    response = api.get("/api/agreements/export", params={"format": "csv", "status": "cumplido"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())  # Excel on Spanish Windows reads UTF-8 with a BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), dialect="excel"))
    assert {r["Clave"] for r in rows} == {"JD-I-2", "JD-XIV-3"}
    orphan = next(r for r in rows if r["Clave"] == "JD-XIV-3")
    assert orphan["Fecha de la sesión de origen"] == "" and orphan["Estado"] == "cumplido"
    assert {r["Vencido"] for r in rows} <= {"sí", "no"} and orphan["Enlace"].endswith(f"/#/acuerdo/{orphan['N.º']}")
    as_json = api.get("/api/agreements/export", params={"format": "json"}).json()
    assert len(as_json) == 4 and {"origin", "quiet", "overdue"} <= set(as_json[0])


def test_a_person_across_sessions_and_a_program_over_time(api) -> None:
    people = api.get("/api/people", params={"name": "olguin"}).json()["items"]
    assert [p["name"] for p in people] == ["Cristhian Holguín Ramírez"]
    person = api.get(f"/api/people/{people[0]['id']}").json()
    assert person["aliases"] == ["Christian Olguín Ramírez"]
    assert [(r["role"], r["first"], r["last"], r["sessions"]) for r in person["roles"]] == [
        ("Tesorero", "2024-01-15", "2024-02-20", 2)
    ]
    jorge = api.get("/api/people", params={"name": "Jorge López"}).json()["items"][0]
    assert api.get(f"/api/people/{jorge['id']}").json()["agreements"] != []
    program = api.get("/api/programs", params={"name": "PMMA"}).json()["items"][0]
    assert program["name"] == "Programa Municipal de Movilidad Activa" and program["documents"] == 3
    detail = api.get(f"/api/programs/{program['id']}").json()
    assert detail["by_year"] == [{"year": 2024, "mentions": 3, "documents": 3}]
    assert [m["date"] for m in detail["items"]] == ["2024-01-15", "2024-02-20", "2024-03-19"]


def test_cli_prints_the_tracker_and_exports(tmp_path, cli_env) -> None:
    settings_env = dict(cli_env)
    docs = write_sessions(tmp_path / "actas")
    subprocess.run([ACERVO, "ingest", *map(str, docs)], env=settings_env, check=True, capture_output=True)
    table = subprocess.run(
        [ACERVO, "agreements", "--overdue"], env={**settings_env, "COLUMNS": "200"}, capture_output=True, text=True
    )
    assert table.returncode == 0, table.stderr
    assert "JD-I-1" in table.stdout and "VENCIDO" in table.stdout and "JD-I-3" not in table.stdout
    out = tmp_path / "acuerdos.json"
    run = subprocess.run(
        [ACERVO, "agreements", "--status", "cumplido", "--format", "json", "-o", str(out)],
        env=settings_env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert {row["code"] for row in json.loads(out.read_text())} == {"JD-I-2", "JD-XIV-3"}
    show = subprocess.run([ACERVO, "agreements", "show", "1"], env=settings_env, capture_output=True, text=True)
    assert "seguimiento" in show.stdout and "sesion-03-2024.md" in show.stdout
    again = subprocess.run([ACERVO, "relink"], env=settings_env, capture_output=True, text=True)
    assert again.returncode == 0 and "3 documents relinked: 4 agreements, 3 people" in again.stderr
