"""The rules behind linking, one case per line: names, statuses and progress, wording and ids."""

from __future__ import annotations

import pytest

from ingest.tracking.names import match_score, parse_name, phonetic
from ingest.tracking.programs import core_words, initials, place_words
from ingest.tracking.status import read_status
from ingest.tracking.wording import code_key, wording_similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Holguín", "Olguín"),
        ("Cristhian", "Christian"),
        ("González", "Gonzales"),
        ("Chávez", "Chaves"),
        ("Ximena", "Jimena"),
        ("Yolanda", "Yolanda"),
        ("Guillermo", "Guillermo"),
        ("Velázquez", "Belásquez"),
    ],
)
def test_spellings_that_sound_alike_have_one_key(a, b) -> None:
    assert phonetic(parse_name(a).words[0]) == phonetic(parse_name(b).words[0])


@pytest.mark.parametrize(("a", "b"), [("Gilberto", "Guillermo"), ("Hernández", "Fernández"), ("Ramos", "Ramírez")])
def test_different_names_keep_different_keys(a, b) -> None:
    assert phonetic(parse_name(a).words[0]) != phonetic(parse_name(b).words[0])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lic. Juan Carlos Delgado Zárate", "Juan Carlos Delgado"),  # second surname missing
        ("Juan Carlos Delgado Zárate", "Juan Delgado Zárate"),  # second given name missing
        ("Cristhian Holguín Ramírez", "Christian Olguín Ramírez"),
        ("Roberto Martínez Ruiz", "ROBERTO MARTINEZ RUIZ"),
        ("J. Carlos Delgado", "Juan Carlos Delgado"),
        ("María de la Luz Garza", "María Luz Garza"),
        ("Alejandro Villarreal", "Alejandro Villareal"),  # one letter apart in a long surname
    ],
)
def test_one_person(a, b) -> None:
    assert match_score(parse_name(a), parse_name(b)) > 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("María López Hernández", "Jorge López Hernández"),  # a shared surname is not a shared person
        ("Juan Hernández Soto", "Juan Fernández Soto"),
        ("Juan Pablo Delgado", "Juan Carlos Delgado Zárate"),
        ("Sandra", "Sandra Pérez"),  # one word is too little to merge on
    ],
)
def test_different_people(a, b) -> None:
    assert match_score(parse_name(a), parse_name(b)) == 0


@pytest.mark.parametrize(
    ("text", "status", "progress"),
    [
        ("Cumplido", "cumplido", 100),
        ("Atendido.", "cumplido", 100),
        ("En proceso", "en proceso", None),
        ("En trámite ante Tesorería", "en proceso", None),
        ("Pendiente", "pendiente", None),
        ("No se ha entregado", "pendiente", None),
        ("Sin avance", "pendiente", 0),
        ("Cancelado por acuerdo del Consejo", "cancelado", None),
        ("Queda sin efecto", "cancelado", None),
        ("", "sin información", None),
        ("S/I", "sin información", None),
        ("Etapa de planeación", "en proceso", 10),
        ("Programación", "en proceso", 20),
        ("En presupuestación", "en proceso", 30),
        ("En ejecución", "en proceso", 70),
        ("Evaluación", "cumplido", 100),
        ("Avance del 45 %", "en proceso", 45),
        ("Se entregó el informe; falta la presentación al Cabildo", "en proceso", None),
        ("Se abordará en la próxima sesión", "en proceso", None),
        ("El informe de la evaluación fue remitido el 5 de diciembre", "cumplido", 100),
    ],
)
def test_status_and_progress(text, status, progress) -> None:
    read = read_status(text)
    assert (read.status, read.progress) == (status, progress)


def test_ids_normalise_but_bare_numbers_are_not_ids() -> None:
    assert code_key("JD-XI-1") == code_key("jd/xi/1") == code_key("JD – XI – 1") == "JD-XI-1"
    assert code_key("3") is None and code_key(None) is None


def test_wording_similarity_sees_a_reworded_agreement() -> None:
    taken = "Se acuerda que la Dirección de Catastro actualice el padrón de predios baldíos del centro histórico."
    follow = "Actualización del padrón de predios baldíos del centro histórico por la Dirección de Catastro."
    other = "Publicar el Atlas de Riesgos Naturales en la página del Instituto."
    assert wording_similarity(taken, follow) >= 0.6
    assert wording_similarity(taken, other) < 0.2


def test_program_qualifiers_and_initials() -> None:
    places = place_words("IMPLAN Guanajuato")
    assert core_words("Plan Municipal de Desarrollo Guanajuato 2040", places) == [
        "plan",
        "municipal",
        "de",
        "desarrollo",
    ]
    assert core_words("Plan de Movilidad Activa", places) == ["plan", "de", "movilidad", "activa"]
    assert initials("Plan Municipal de Desarrollo Urbano") == "PMDU"


def test_two_periods_of_a_program_are_two_programs(settings) -> None:
    from ingest.extract.schema import ProgramMention
    from ingest.tracking.programs import ProgramsLinker
    from models.store import Store

    store = Store.open(settings.store_url)
    with store.session() as db:
        linker = ProgramsLinker(db, "IMPLAN Guanajuato")
        first = linker.resolve(ProgramMention("Programa de Gobierno 2018-2021"))
        second = linker.resolve(ProgramMention("Programa de Gobierno Municipal 2021-2024"))
        plan = linker.resolve(ProgramMention("Plan Municipal de Desarrollo Guanajuato 2040", acronym="PMD"))
        again = [linker.resolve(ProgramMention(n)) for n in ("PMD 2040", "Plan Municipal de Desarrollo", "PMD")]
        assert first.id != second.id
        assert {p.id for p in again} == {plan.id}
    store.dispose()
