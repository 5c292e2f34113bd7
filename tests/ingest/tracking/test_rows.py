"""One person row and one program row for each real person and program, across spellings, institutions and
documents without an institution (invented names, Mexican and Spanish conventions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select

from ingest.extract.schema import ProgramMention
from ingest.tracking.names import cut_short, parse_name
from ingest.tracking.people import PeopleLinker
from ingest.tracking.programs import ProgramsLinker, acronym_stem, core_key, place_words
from models import tables
from models.store import Store


def test_a_surname_cut_short_is_the_same_name():
    assert cut_short(parse_name("Lic. Rosa Elena Vidal Castañeda"), parse_name("Rosa Elena Vidal Casta"))
    assert cut_short(parse_name("Dña. Mercedes Soler Albiñana"), parse_name("Mercedes Soler Albi"))
    assert not cut_short(parse_name("Rosa Elena Vidal Castañeda"), parse_name("Rosa Elena Vidal Cas"))  # too short
    assert not cut_short(parse_name("Rosa Elena Vidal Castañeda"), parse_name("Rosa María Vidal Casta"))
    assert not cut_short(parse_name("Mercedes Soler"), parse_name("Mercedes Sol"))  # nothing else to agree on


def _session(db, institution: str | None) -> tables.BoardSession:
    """A stored document of `institution` with one session, for participations to hang on."""
    n = db.query(tables.Document).count()
    document = tables.Document(content_hash=f"{n:064d}", file_name=f"acta{n}.txt", format="text", size_bytes=1,
                               text="", institution=institution, ingested_at=datetime.now(UTC))
    session = tables.BoardSession(document=document)
    db.add_all([document, session])
    db.flush()
    return session


def _read(db, linker: PeopleLinker, session: tables.BoardSession, name: str) -> tables.Person:
    person = linker.resolve(name)
    session.participations.append(tables.Participation(person=person, name_as_written=name))
    db.flush()
    return person


def test_a_cut_surname_joins_its_person_within_an_institution(settings) -> None:
    store = Store.open(settings.store_url)
    with store.session() as db:
        # a Mexican cabildo whose OCR cut a regidora's surname, and a Spanish pleno
        mx = _session(db, "Municipio de San Telmo")
        full = _read(db, PeopleLinker(db, "Municipio de San Telmo"), mx, "Lic. Rosa Elena Vidal Castañeda")
        later = _session(db, "Municipio de San Telmo")
        assert _read(db, PeopleLinker(db, "Municipio de San Telmo"), later, "Rosa Elena Vidal Casta").id == full.id
        assert full.name == "Lic. Rosa Elena Vidal Castañeda"
        elsewhere = _session(db, "Municipio de Villa Alta")
        other = _read(db, PeopleLinker(db, "Municipio de Villa Alta"), elsewhere, "Rosa Elena Vidal Castell")
        assert other.id != full.id
        es = _session(db, "Ayuntamiento de Villafranca")
        cut = _read(db, PeopleLinker(db, "Ayuntamiento de Villafranca"), es, "Mercedes Soler Albi")
        es2 = _session(db, None)  # a later acta whose institution was not read
        assert _read(db, PeopleLinker(db, None), es2, "Dña. Mercedes Soler Albiñana").id == cut.id
    store.dispose()


def test_program_keys_ignore_connectors_heads_and_the_seat():
    torreon = place_words("IMPLAN San Telmo")
    assert core_key("Programa Parcial de Desarrollo Urbano del Barrio Alto", torreon) == core_key(
        "Plan Parcial de Desarrollo Urbano Barrio Alto", torreon)
    assert core_key("Programa Director Municipal de Desarrollo Urbano de San Telmo", torreon) == core_key(
        "Plan Director de Desarrollo Urbano", torreon)
    assert core_key("Sistema de Información Territorial del IMPLAN", torreon) == core_key(
        "Sistema de Información Territorial", torreon)
    villa = place_words("Ayuntamiento de Villafranca")
    assert core_key("Plan General de Ordenación Urbana del Municipio de Villafranca", villa) == core_key(
        "Plan General de Ordenación Urbana", villa)
    assert core_key("Plan de Movilidad", villa) != core_key("Plan de Movilidad Activa", villa)
    # a body's acronym, an edition's numeral or the city where it was adopted, after the name
    assert core_key("Nueva Agenda Urbana ONU-HABITAT III", villa) == core_key("Nueva Agenda Urbana en Quito", villa)
    assert core_key("Programa de Ordenamiento Ecológico Local", torreon) == core_key(
        "Programa de Ordenamiento Ecológico del Municipio de San Telmo", torreon)
    assert core_key("Atlas de Riesgos", villa) == core_key("Atlas de Riesgo", villa)
    assert core_key("Nueva Agenda Urbana", villa) == core_key("Agenda Urbana ONU-HABITAT", villa)
    # … but never down to a head alone, and a name in capitals keeps its words
    assert core_key("Programa IURC", villa) == "plan iurc" and core_key("Plan 2050", villa) == ""
    assert core_key("Plan Villafranca 2050", villa) == "plan villafranca"
    assert core_key("SISTEMA DE EVALUACIÓN Y GESTIÓN DE PROYECTOS", villa) == "sistema evaluacion gestion proyecto"
    assert acronym_stem("VA 2040") == acronym_stem("VA-2040") == acronym_stem("VA2040") == "VA"


def test_one_program_row_across_spellings_and_documents_without_an_institution(settings) -> None:
    store = Store.open(settings.store_url)
    with store.session() as db:
        # a Mexican IMPLAN: a bulletin without its institution names the plan first
        orphan = ProgramsLinker(db, None).resolve(ProgramMention("Plan Estratégico Metropolitano"))
        implan = ProgramsLinker(db, "IMPLAN San Telmo")
        plan = implan.resolve(ProgramMention("PLAN ESTRATÉGICO METROPOLITANO"))
        assert plan.id == orphan.id and plan.institution == "IMPLAN San Telmo"
        assert ProgramsLinker(db, None).resolve(ProgramMention("Plan Estratégico Metropolitano")).id == plan.id
        vision = implan.resolve(ProgramMention("Plan Estratégico Villa Alta con Enfoque Metropolitano 2040",
                                               acronym="VA2040"))
        assert implan.resolve(ProgramMention("Plan VA 2040")).id == vision.id
        assert implan.resolve(ProgramMention("Plan Estratégico Villa Alta", acronym="VA")).id == vision.id
        # a Spanish ayuntamiento and another one with a plan of the same name
        for city in ("Ayuntamiento de Villafranca", "Ayuntamiento de Robledo"):
            ProgramsLinker(db, city).resolve(ProgramMention(f"Plan General de Ordenación Urbana de {city[15:]}"))
        # a note without its institution cannot tell which city's plan it means: a row of its own
        alone = ProgramsLinker(db, None).resolve(ProgramMention("Plan General de Ordenación Urbana"))
        assert alone.institution is None
        assert len({p.id for p in db.query(tables.Program).filter(tables.Program.name.like("Plan General%"))}) == 3
    store.dispose()


def test_a_law_only_cited_makes_no_program_row(settings) -> None:
    store = Store.open(settings.store_url)
    with store.session() as db:
        mx = ProgramsLinker(db, "Municipio de San Telmo")
        assert mx.resolve(ProgramMention("Ley Municipal para el Estado de Nuevo León", cited=True)) is None
        worked = mx.resolve(ProgramMention("Reglamento de Imagen Urbana del Municipio de San Telmo"))
        # once the archive works on an instrument, a later document citing it is one more mention of it
        cited = mx.resolve(ProgramMention("Reglamento de Imagen Urbana", cited=True))
        assert cited is not None and cited.id == worked.id
        es = ProgramsLinker(db, "Ayuntamiento de Villafranca")
        assert es.resolve(ProgramMention("Ley Reguladora de las Bases del Régimen Local", cited=True)) is None
        assert db.query(tables.Program).count() == 1
    store.dispose()


def test_acronyms_inside_names_inserted_words_and_reordered_words_are_one_program(settings) -> None:
    store = Store.open(settings.store_url)
    with store.session() as db:
        # a Mexican IMPLAN, in the order its documents could arrive
        mx = ProgramsLinker(db, "IMPLAN San Telmo")
        rector = mx.resolve(ProgramMention("Programa Rector de Desarrollo Urbano de la ZMST"))
        assert mx.resolve(ProgramMention("Programa Rector de la Zona Metropolitana de San Telmo")).id == rector.id
        spelled = "Programa Rector de Desarrollo Urbano de la Zona Metropolitana de San Telmo"
        assert mx.resolve(ProgramMention(spelled)).id == rector.id
        east = mx.resolve(ProgramMention("Programa Parcial de Desarrollo Urbano Zona Oriente"))
        assert mx.resolve(ProgramMention("Programa Parcial de Desarrollo Urbano ORIENTE")).id == east.id
        assert mx.resolve(ProgramMention("Programa Parcial de Desarrollo Urbano Zona Poniente")).id != east.id
        viewer = mx.resolve(ProgramMention("Plataforma SIGMA"))
        assert mx.resolve(ProgramMention("Proyecto SiGMA")).id == viewer.id
        assert mx.resolve(ProgramMention("Proyecto SIRA")).id != viewer.id
        walking = mx.resolve(ProgramMention("Plan de Movilidad"))
        assert mx.resolve(ProgramMention("Plan de Movilidad Activa")).id != walking.id
        # a Spanish ayuntamiento
        es = ProgramsLinker(db, "Ayuntamiento de Villafranca")
        waste = es.resolve(ProgramMention("Plan Integral de Gestión de Residuos"))
        assert es.resolve(ProgramMention("Plan de Gestión Integral de Residuos")).id == waste.id
        old_town = es.resolve(ProgramMention("Plan Especial del Casco Antiguo"))
        assert es.resolve(ProgramMention("Plan Especial de Protección del Casco Antiguo")).id == old_town.id
        assert es.resolve(ProgramMention("Plataforma GEOVAL")).id == es.resolve(ProgramMention("Estudio GeoVal")).id
        moves = es.resolve(ProgramMention("Plan de Movilidad Urbana Sostenible"))
        assert es.resolve(ProgramMention("Plan Metropolitano de Movilidad Urbana Sostenible")).id != moves.id
    store.dispose()


@pytest.mark.parametrize(
    ("institution", "roll", "again"),
    [
        ("Municipio de San Telmo",
         ["C. Itzel Romo Garza", "Lic. Ernesto Paredes Ulloa", "Ing. Marta Cano Ibarra"],
         "Itzel Romo Garza"),
        ("Ayuntamiento de Villafranca",
         ["D. Andrés Castell Roig", "Dña. Pilar Ferrer Llinás", "Sr. Jordi Mas Vidal"],
         "Andrés Castell Roig"),
    ],
    ids=["cabildo", "pleno"],
)
def test_a_roll_read_ahead_finds_its_people_without_a_query_each(settings, institution, roll, again) -> None:
    store = Store.open(settings.store_url)
    with store.session() as db:
        first = _session(db, institution)
        known = [_read(db, PeopleLinker(db, institution), first, name) for name in roll[:2]]
        later = _session(db, institution)
        linker = PeopleLinker(db, institution)
        # the next acta: a known person without his honorific, a known one as before, a new one named twice
        names = [again, roll[1], roll[2], roll[2]]
        linker.read_ahead(names)
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        event.listen(store.engine, "before_cursor_execute", record)
        try:
            people = [_read(db, linker, later, name) for name in names]
        finally:
            event.remove(store.engine, "before_cursor_execute", record)
        assert [p.id for p in people[:2]] == [k.id for k in known]
        assert people[2].id == people[3].id and people[2].id not in {k.id for k in known}
        assert people[2].name == roll[2]
        # every spelling was read ahead: none is looked up on its own
        assert not [s for s in statements if "person_names.key =" in s]
    store.dispose()


@pytest.mark.parametrize(
    ("institution", "namesakes", "new", "joins"),
    [
        ("Municipio de San Telmo",
         ["Lic. Ana Ruiz Garza", "Ing. Pedro Ruiz Garza", "C. Luisa Ruiz Garza", "Mtro. Raúl Ruiz Garza"],
         "Arq. Tomás Ruiz Garza", None),
        ("Ayuntamiento de Villafranca",
         ["D. Jordi Ferrer Roig", "Dña. Núria Ferrer Roig", "Sr. Pau Ferrer Roig", "Sra. Laia Ferrer Roig"],
         "Núria Ferrer", "Dña. Núria Ferrer Roig"),
    ],
    ids=["cabildo", "pleno"],
)
def test_a_new_spelling_reads_its_namesakes_in_one_query(settings, institution, namesakes, new, joins) -> None:
    store = Store.open(settings.store_url)
    with store.session() as db:
        first = _session(db, institution)
        known = {name: _read(db, PeopleLinker(db, institution), first, name) for name in namesakes}
        db.expunge_all()  # a later transaction: the namesakes are not in memory
        later = _session(db, institution)
        linker = PeopleLinker(db, institution)
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        event.listen(store.engine, "before_cursor_execute", record)
        try:
            person = linker.resolve(new)
        finally:
            event.remove(store.engine, "before_cursor_execute", record)
        people_reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM people" in s]
        assert len(people_reads) == 1  # all the namesakes at once, not one query each
        if joins is None:
            assert person.id not in {p.id for p in known.values()}
        else:
            assert person.id == known[joins].id
        later.participations.append(tables.Participation(person=person, name_as_written=new))
    store.dispose()


class _Undo(Exception):
    """Ends a storing transaction without keeping what it did."""


def _programs_of_an_acta(store: Store, institution: str, before: list[ProgramMention], acta: list[ProgramMention],
                         *, read_ahead: bool) -> tuple[list, list, int]:
    """Programs met first in a document without an institution (`before[0]`) and in one of `institution` (the
    rest), then `acta`'s mentions resolved as one document's: what each mention joined, every program row, and
    the statements the acta's linking took. Rolled back at the end."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    joined, rows = [], []
    with pytest.raises(_Undo), store.session() as db:
        ProgramsLinker(db, None).resolve(before[0])
        earlier = ProgramsLinker(db, institution)
        for mention in before[1:]:
            earlier.resolve(mention)
        db.flush()
        event.listen(store.engine, "before_cursor_execute", record)
        try:
            linker = ProgramsLinker(db, institution)
            if read_ahead:
                linker.read_ahead(acta)
            joined = [(p.key, p.institution) if p else None for p in map(linker.resolve, acta)]
            db.flush()
        finally:
            event.remove(store.engine, "before_cursor_execute", record)
        rows = sorted(
            (p.key, p.name, p.acronym, tuple(p.aliases), p.institution, tuple(sorted(n.key for n in p.names)))
            for p in db.scalars(select(tables.Program))
        )
        raise _Undo
    return joined, rows, len(statements)


@pytest.mark.parametrize(
    ("institution", "before", "acta"),
    [
        ("IMPLAN Santa Rita",
         [ProgramMention("Programa Municipal de Arbolado Urbano"),
          ProgramMention("Plan Director de Drenaje Pluvial", acronym="PDDP"), ProgramMention("Programa de Bacheo")],
         [ProgramMention("PROGRAMA MUNICIPAL DE ARBOLADO URBANO"),
          ProgramMention("Plan Director de Drenaje Pluvial de Santa Rita"), ProgramMention("Proyecto PDDP"),
          ProgramMention("Programa de Bacheo 2026-2027"), ProgramMention("Sistema de Alerta Temprana"),
          ProgramMention("Sistema de Alerta Temprana"), ProgramMention("Ley de Aguas del Estado", cited=True)]),
        ("Ayuntamiento de Valdelobos",
         [ProgramMention("Plan de Accesibilidad Universal"),
          ProgramMention("Plan Especial de Reforma Interior del Ensanche", acronym="PERI"),
          ProgramMention("Agenda Urbana Local")],
         [ProgramMention("PLAN DE ACCESIBILIDAD UNIVERSAL"),
          ProgramMention("Plan Especial de Reforma Interior del Ensanche de Valdelobos"), ProgramMention("Plan PERI"),
          ProgramMention("Agenda Urbana Local 2030"), ProgramMention("Estrategia de Arbolado Viario"),
          ProgramMention("Estrategia de Arbolado Viario"),
          ProgramMention("Ley de Bases del Régimen Local", cited=True)]),
    ],
    ids=["cabildo", "pleno"],
)
def test_programs_read_ahead_join_and_learn_as_one_by_one(settings, institution, before, acta) -> None:
    store = Store.open(settings.store_url)
    one_by_one = _programs_of_an_acta(store, institution, before, acta, read_ahead=False)
    ahead = _programs_of_an_acta(store, institution, before, acta, read_ahead=True)
    assert ahead[:2] == one_by_one[:2]
    joined, rows, _ = ahead
    # the program first met without an institution is taken over, the acronym finds its plan, the law makes none
    assert joined[0][1] == institution and joined[2] == joined[1] and joined[4] == joined[5] and joined[6] is None
    assert len(rows) == 4  # the three met before, and the one the acta names first
    assert ahead[2] < one_by_one[2]
    store.dispose()
