"""Participations keep how each person appears in the record: attended, absent, signed or mentioned; only the
first and the signatures count as presence. Invented minutes of a Mexican cabildo and a Spanish pleno."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ingest.pipeline import Ingestor
from models import tables
from models.store import Store

CABILDO = """# Acta de la Sesión Ordinaria de Cabildo

En el municipio de Valle Escondido, siendo las 12:00 horas del 4 de febrero de 2025, se reunió el H. Cabildo.

## Asistentes

| Nombre | Cargo |
|---|---|
| Lic. Teresa Zamudio Orozco | Presidenta Municipal |
| C. Hugo Benavides Tapia | Síndico Municipal |

Se guardó un minuto de silencio en memoria del Profr. Anselmo Quiroga Lira, quien fue regidor del municipio.

## Acuerdos

Se aprueba por unanimidad el calendario de sesiones ordinarias.
"""

PLENO = """ACTA DE LA SESIÓN ORDINARIA DEL PLENO DEL AYUNTAMIENTO DE CASTRILLO DE LA VEGA

En Castrillo de la Vega, a 10 de marzo de 2025, se reúne el Pleno del Ayuntamiento.

Asistentes:
D. Fermín Lozano Arroyo, Alcalde-Presidente
Dña. Marta Peral Cuesta, Concejala

Ausentes:
D. Julián Osorio Vela, Concejal

Se aprueba por unanimidad el acta de la sesión anterior.
"""


@pytest.fixture
def ingestor(settings, extractor) -> Ingestor:
    return Ingestor(Store.open(settings.store_url), extractor, max_file_bytes=settings.max_file_bytes)


def _kinds(ingestor: Ingestor, tmp_path, name: str, text: str) -> dict[str, tuple[str | None, bool | None]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert ingestor.ingest_path(path).status == "ingested"
    with ingestor.store.session() as db:
        rows = db.execute(select(tables.Person.name, tables.Participation.kind, tables.Participation.present).join(
            tables.Participation, tables.Participation.person_id == tables.Person.id)).all()
    return {name: (kind, present) for name, kind, present in rows}


def test_a_roll_under_a_heading_is_attendance_and_a_remembrance_is_not(tmp_path, ingestor) -> None:
    kinds = _kinds(ingestor, tmp_path, "cabildo.md", CABILDO)
    assert kinds["Teresa Zamudio Orozco"] == ("attended", True)
    assert kinds["Hugo Benavides Tapia"] == ("attended", True)
    remembered = kinds.get("Anselmo Quiroga Lira")
    assert remembered is None or remembered[1] is not True, "a person remembered is never present"


def test_present_and_absent_in_a_spanish_roll(tmp_path, ingestor) -> None:
    kinds = _kinds(ingestor, tmp_path, "pleno.txt", PLENO)
    assert kinds["Fermín Lozano Arroyo"] == ("attended", True)
    assert kinds["Marta Peral Cuesta"] == ("attended", True)
    assert kinds["Julián Osorio Vela"] == ("absent", False)
