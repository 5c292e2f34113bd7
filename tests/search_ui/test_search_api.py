"""What the search page asks of the API: totals, facets over the whole result set, person/program/document
filters, each hit's session and passage offsets. Plain HTTP against the live server (no browser)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.slow

FACETS = {"institution", "body", "doc_type", "year", "person", "program"}


@pytest.fixture(scope="module")
def api(live):
    with httpx.Client(base_url=live.url + "api", timeout=60) as client:
        yield client


def search(api: httpx.Client, **params) -> dict:
    response = api.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_facets_count_documents_of_the_whole_result_set(api) -> None:
    body = search(api, q="consulta ciudadana sobre agua", limit=2)
    assert len(body["items"]) == 2
    assert body["total"] > 2, "the total is the result set's, not the page's"
    assert set(body["facets"]) == FACETS
    assert sum(f["count"] for f in body["facets"]["doc_type"]) == body["total"]
    years = {f["value"]: f["count"] for f in body["facets"]["year"]}
    assert "2024" in years
    people = {f["label"]: f for f in body["facets"]["person"]}
    assert "Lucía Fernández Ortega" in people
    assert all(f["count"] >= 1 for values in body["facets"].values() for f in values)


def test_every_facet_value_is_a_filter_that_keeps_its_documents(api) -> None:
    body = search(api, q="agua", limit=20)
    for name, param in (("doc_type", "doc_type"), ("year", "year"), ("body", "body"), ("institution", "institution")):
        for facet in body["facets"][name]:
            narrowed = search(api, q="agua", limit=20, **{param: facet["value"]})
            assert narrowed["total"] >= facet["count"], (name, facet)
            if name == "doc_type":
                assert {hit["doc_type"] for hit in narrowed["items"]} == {facet["value"]}
            if name == "body":
                assert {hit["body"] for hit in narrowed["items"]} == {facet["value"]}


def test_person_and_program_filters_restrict_to_their_documents(api) -> None:
    person = api.get("/people", params={"name": "Ochoa"}).json()["items"][0]
    appearances = api.get(f"/people/{person['id']}").json()["appearances"]
    theirs = {a["document_id"] for a in appearances}
    by_person = search(api, q="consejo", person=person["id"], limit=20)
    assert by_person["items"] and {hit["document_id"] for hit in by_person["items"]} <= theirs
    counts = {f["value"]: f["count"] for f in by_person["facets"]["person"]}
    assert counts[str(person["id"])] == by_person["total"], "every document of the set has the person"

    program = api.get("/programs", params={"name": "Atlas de Riesgos"}).json()["items"][0]
    mentioned = {m["document_id"] for m in api.get(f"/programs/{program['id']}").json()["items"]}
    by_program = search(api, q="riesgos", program=program["id"], limit=20)
    assert by_program["items"] and {hit["document_id"] for hit in by_program["items"]} <= mentioned

    nobody = search(api, q="consejo", person=person["id"], doc_type="convocatoria")
    assert nobody["total"] == 0 and nobody["items"] == []


def test_hits_carry_their_session_and_where_the_passage_is(api) -> None:
    body = search(api, q="Programa Anual de Trabajo", limit=10)
    acta = next(hit for hit in body["items"] if hit["doc_type"] == "acta")
    assert acta["session"]["number"] and acta["session"]["date"] == acta["date"]
    inside = search(api, q="Atlas de Riesgos", document=acta["document_id"], passages=True, limit=20)
    assert inside["items"] and {hit["document_id"] for hit in inside["items"]} == {acta["document_id"]}
    text = api.get(f"/documents/{acta['document_id']}").json()["text"]
    marked = next(hit for hit in inside["items"] if "<mark>" in hit["snippet"])
    assert "atlas" in text[marked["start"] : marked["end"]].lower()


def test_me_says_what_the_caller_may_do(api, live) -> None:
    assert api.get("/me").json() == {
        "open_read": True, "key": None, "can_read": True, "can_ingest": False, "can_edit": False, "can_admin": False
    }
    me = api.get("/me", headers={"X-API-Key": live.ingest_key}).json()
    assert me["can_ingest"] and me["key"]["scopes"] == ["ingest", "read"]
    assert api.get("/me", headers={"X-API-Key": "acv_no-existe"}).status_code == 401
