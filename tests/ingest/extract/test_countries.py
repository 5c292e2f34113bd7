"""Extraction on invented documents written in five national conventions (tests/ingest/extract/documents/)."""

from pathlib import Path

import pytest

from ingest.parse import parse_file

DOCS = Path(__file__).parent / "documents"


@pytest.fixture(scope="module")
def extracted(extractor):
    return {p.stem: extractor.extract(parse_file(p)) for p in DOCS.glob("*.txt")}


def people(result):
    return {p.name: p for p in result.participants}


def test_mexican_cabildo(extracted):
    r = extracted["mx_cabildo_acta"]
    assert (r.doc_type, r.session.number, r.session.type, r.session.date) == ("acta", 10, "ordinaria", "2025-03-06")
    assert (r.session.start_time, r.session.end_time) == ("17:10", "18:45")
    kinds = {x.kind for x in r.regions}
    assert {"preamble", "agenda", "item", "attendance", "closing", "signatures"} <= kinds
    p = people(r)
    assert (p["Leticia Zavala Hinojosa"].role, p["Ernesto Gallardo Treviño"].role) == ("Regidora", "Regidor")
    assert p["Hilario Santoyo Beltrán"].kind == "absent" and p["Marcos Villalobos Ruiz"].kind == "signed"
    votes = [a.vote for a in r.agreements]
    assert votes[:2] == ["unanimidad", "unanimidad"]
    assert votes[2] == "mayoría; 7 votos a favor, 2 en contra y 1 abstención"
    commitment = r.agreements[3]
    assert commitment.commitment and commitment.item == "punto 4"
    assert "2025-03-31" in {d.value for d in r.dates}


def test_spanish_pleno(extracted):
    r = extracted["es_pleno_acta"]
    assert (r.doc_type, r.session.date, r.session.start_time) == ("acta", "2023-11-14", "19:00")
    p = people(r)
    assert p["Bernardo Almansa Ferrer"].role == "Alcalde-Presidente"
    assert p["Nuria Peiró Sanchis"].role == "Concejal" and p["Nuria Peiró Sanchis"].title == "Dª"
    assert p["Jacinto Moll Roig"].kind == "absent"
    outcomes = [(a.item, a.outcome) for a in r.agreements]
    # each dispositive point is an agreement of its own, with its agenda item as context
    assert outcomes == [("1", "aprobado"), ("2", "aprobado"), ("2", "aprobado"), ("3", "rechazado"), ("4", "retirado")]
    assert r.agreements[1].vote == "6 votos a favor, 3 en contra y 1 abstención"
    assert [x.label for x in r.regions if x.kind == "point"] == ["primero", "segundo"]


def test_colombian_concejo(extracted):
    r = extracted["co_concejo_acta"]
    assert (r.session.date, r.session.start_time, r.session.end_time) == ("2024-09-03", "08:05", "10:40")
    p = people(r)
    assert {n for n, x in p.items() if x.kind == "attended"} >= {"Jhon Fredy Arango Muñoz", "Luz Dary Henao Castaño"}
    assert p["Yuliana Marcela Betancur Ossa"].role == "secretaria general"
    assert [a.outcome for a in r.agreements] == ["aprobado", "aprobado", "diferido"]
    assert "votación nominal" in r.agreements[1].vote
    assert {d.value for d in r.dates} == {"2024-09-03", "2024-10-15", "2024-10-22"}


def test_chilean_concejo(extracted):
    r = extracted["cl_concejo_acta"]
    assert (r.session.number, r.session.type, r.session.end_time) == (88, "ordinaria", "17:10")
    p = people(r)
    assert p["Carolina Paz Fuentealba Rojas"].role == "Concejal" and p["Rodrigo Saavedra Pinto"].kind == "absent"
    coded = {a.id: a for a in r.agreements if a.id}
    assert set(coded) == {"310", "311"} and coded["310"].vote == "unanimidad"
    assert any(a.commitment for a in r.agreements if not a.id)


def test_argentine_agenda(extracted):
    r = extracted["ar_orden_del_dia"]
    assert (r.doc_type, r.session.number, r.session.date, r.session.start_time) == (
        "orden_del_dia", 7, "2024-04-15", "19:30")
    assert {d.value for d in r.dates} == {"2024-04-02", "2024-04-04", "2024-04-15"}
    assert r.agreements == []
    assert people(r)["Celina Ledesma"].role == "Agrimensora"
    assert [x.name for x in r.programs] == ["Ordenanza Tarifaria Anual 2.024"]
