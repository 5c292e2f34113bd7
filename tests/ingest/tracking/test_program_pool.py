"""A document's program mentions are compared with the institution's programs read once per document; the
programs its earlier mentions created are among them for its later mentions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ingest.extract.schema import ProgramMention
from ingest.tracking.programs import ProgramsLinker
from models import tables
from models.store import Store

# (institution, a program named with its acronym, the acronym alone, a spelling with a word more inside)
CONVENTIONS = {
    "mexican-cabildo": (
        "Municipio de Santa Rita del Valle",
        ProgramMention("Programa Municipal de Movilidad Urbana Sustentable", acronym="PMMUS"),
        ProgramMention("PMMUS"),
        ProgramMention("Programa Municipal de Movilidad Urbana Segura y Sustentable"),
    ),
    "spanish-pleno": (
        "Ayuntamiento de Torrealba de la Sierra",
        ProgramMention("Plan Especial de Protección del Casco Histórico", acronym="PEPCH"),
        ProgramMention("PEPCH"),
        ProgramMention("Plan Especial de Protección del Antiguo Casco Histórico"),
    ),
}


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_later_mentions_of_one_document_find_the_program_its_first_created(tmp_path, convention) -> None:
    institution, named, acronym, longer = CONVENTIONS[convention]
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    with store.session() as db:
        other = tables.Program(key="x|plan de arbolado", name="Plan de Arbolado", aliases=[], institution=institution)
        db.add(other)
        db.flush()
        linker = ProgramsLinker(db, institution)
        # the first mention reads the institution's programs (one so far) and creates its own
        first = linker.resolve(named)
        assert first is not None and first is not other
        assert linker.resolve(acronym) is first  # by its acronym
        assert linker.resolve(longer) is first  # a word more inside its name
    with store.session() as db:
        assert len(db.scalars(select(tables.Program)).all()) == 2
    store.dispose()
