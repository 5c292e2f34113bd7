# ruff: noqa: E501  (minutes are written as their authors write them: one paragraph per line)
"""What a session settles and what it leaves to do, a prose follow-up that closes a commitment, and keys found
in any written form; invented minutes of a Mexican junta de gobierno and of a Spanish pleno."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ingest.pipeline import Ingestor
from ingest.tracking.queries import AgreementFilters, agreement_query
from models import tables
from models.store import Store

MX_HEAD = """# {ordinal} Sesión Ordinaria de la Junta de Gobierno

En la ciudad de San Isidro del Monte, siendo las 10:00 horas del {day}, se reunieron los integrantes de la Junta de Gobierno del Instituto Municipal de Planeación de San Isidro del Monte.

"""

MX = {
    "mx-1.md": MX_HEAD.format(ordinal="Primera", day="12 de marzo de 2025") + """## Acuerdos

JG-I-1. Se acuerda que la Coordinación de Arbolado elabore el Inventario de Arbolado Urbano del municipio.

JG-I-2. Se aprueba por unanimidad el Reglamento Interior del Instituto.

JG-I-3. Se designa al Arq. Tomás Villaseñor Ruiz como Director General del Instituto.

JG-I-4. Se rechaza por mayoría la propuesta de cambiar la sede de las sesiones.

JG-I-5. Se instruye a la Tesorería presentar el informe trimestral a más tardar el 30 de junio de 2025.
""",
    "mx-2.md": MX_HEAD.format(ordinal="Segunda", day="9 de abril de 2025") + """## Seguimiento de acuerdos

| Acuerdo | Estatus |
|---|---|
| JG-I-1. Inventario de Arbolado Urbano del municipio | En proceso |
""",
    "mx-3.md": MX_HEAD.format(ordinal="Tercera", day="14 de mayo de 2025") + """## Seguimiento de acuerdos

La Coordinación de Arbolado informó que el Inventario de Arbolado Urbano del municipio quedó terminado y fue entregado a la Dirección de Parques, por lo que el acuerdo se tiene por cumplido.
""",
}

ES_HEAD = """# Acta de la sesión ordinaria del Pleno del Ayuntamiento de Villanueva del Río

En Villanueva del Río, a {day}, siendo las diecinueve horas, se reúne en el Salón de Plenos el Pleno del Ayuntamiento.

"""

ES = {
    "es-1.md": ES_HEAD.format(day="13 de enero de 2025") + """## Acuerdos

PL-1/2025. El Pleno acuerda por unanimidad encomendar a la Concejalía de Educación la redacción del Plan de Caminos Escolares Seguros de los colegios públicos.
""",
    "es-2.md": ES_HEAD.format(day="3 de marzo de 2025") + """## Seguimiento de acuerdos

Se da cuenta de que la redacción del Plan de Caminos Escolares Seguros de los colegios públicos, encomendada a la Concejalía de Educación, ha concluido, quedando cumplido el acuerdo.
""",
}


@pytest.fixture
def ingestor(settings, extractor) -> Ingestor:
    return Ingestor(Store.open(settings.store_url), extractor, max_file_bytes=settings.max_file_bytes)


def _ingest(ingestor: Ingestor, folder, documents: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        assert ingestor.ingest_path(path).status == "ingested", name


def _agreements(db) -> list[tables.Agreement]:
    return list(db.scalars(select(tables.Agreement).order_by(tables.Agreement.id)))


def test_a_commitment_followed_in_a_table_then_reported_done_in_prose(tmp_path, ingestor) -> None:
    _ingest(ingestor, tmp_path / "mx", MX)
    with ingestor.store.session() as db:
        by_code = {a.code: a for a in _agreements(db) if a.code}
        inventory = by_code["JG-I-1"]
        events = sorted(inventory.events, key=lambda e: e.date)
        assert [(e.kind, e.status) for e in events] == [
            ("taken", "pendiente"),
            ("follow_up", "en proceso"),
            ("follow_up", "cumplido"),
        ]
        prose = events[-1]
        assert prose.link == "inferred" and 0.45 <= prose.link_score <= 1
        assert inventory.status == "cumplido"
        # no agreement was created for the prose report itself
        assert len(_agreements(db)) == 5


def test_what_the_session_settled_is_closed_and_commitments_stay_open(tmp_path, ingestor) -> None:
    _ingest(ingestor, tmp_path / "mx", {"mx-1.md": MX["mx-1.md"]})
    with ingestor.store.session() as db:
        status = {a.code: a.status for a in _agreements(db)}
        assert status == {
            "JG-I-1": "pendiente",  # an instruction ("que la Coordinación elabore")
            "JG-I-2": "aprobado",  # approved at the session
            "JG-I-3": "aprobado",  # a designation, done when made
            "JG-I-4": "rechazado",
            "JG-I-5": "pendiente",  # "a más tardar"
        }

        def codes(**kw) -> set[str]:
            return {a.code for a in db.scalars(agreement_query(db, AgreementFilters(**kw)))}

        assert codes(open=True) == {"JG-I-1", "JG-I-5"}
        assert codes(open=False) == {"JG-I-2", "JG-I-3", "JG-I-4"}
        assert codes(status="rechazado") == {"JG-I-4"}


def test_a_spanish_pleno_commitment_closed_by_a_prose_report(tmp_path, ingestor) -> None:
    _ingest(ingestor, tmp_path / "es", ES)
    with ingestor.store.session() as db:
        [plan] = _agreements(db)
        assert plan.code == "PL-1/2025" and plan.origin_session is not None
        assert [(e.kind, e.status) for e in sorted(plan.events, key=lambda e: e.date)] == [
            ("taken", "pendiente"),
            ("follow_up", "cumplido"),
        ]
        assert plan.status == "cumplido"


@pytest.mark.parametrize("written", ["JG-I-5", "jg-i-5", "JG I 5", "jg/i/5", "JG – I – 5", " jg-I-5 "])
def test_a_key_is_found_in_any_written_form(tmp_path, ingestor, written) -> None:
    _ingest(ingestor, tmp_path / "mx", {"mx-1.md": MX["mx-1.md"]})
    with ingestor.store.session() as db:
        for filters in (AgreementFilters(code=written), AgreementFilters(q=written)):
            assert [a.code for a in db.scalars(agreement_query(db, filters))] == ["JG-I-5"]
        # a key is not a prefix: JG-I-1 is not JG-I-10, and words still find wording
        assert [a.code for a in db.scalars(agreement_query(db, AgreementFilters(q="reglamento interior")))] == [
            "JG-I-2"
        ]
