"""The Spanish analyzer and BM25 weights of the keyword side."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.search.sparse import (
    SparseEncoder,
    analyze,
    packed_term_ids,
    term_id,
    text_term_ids,
    unpacked_term_ids,
)

CABILDO = (
    "En la Sala de Cabildo, el C. Regidor Anselmo Quiroga Béjar presentó el dictamen del Programa de "
    "Bacheo 2025-2027; el Ayuntamiento lo aprobó por unanimidad (acuerdo AC-14/2025) y lo turnó a la DGOP."
)
PLENO = (
    "El Pleno del Ayuntamiento, a propuesta de la Concejala Delegada de Urbanismo, Dña. Rocío Almansa Peral, "
    "aprobó con los votos a favor del Grupo Municipal Socialista la modificación puntual n.º 3 del PGOU, "
    "que el Pleno ya había tomado en consideración."
)


def test_case_accents_and_stems_fold_together() -> None:
    assert analyze("Sesión del Consejo Directivo") == analyze("sesion consejo directivo")
    assert analyze("políticas públicas") == analyze("Politicas publica")
    assert analyze("convenios") == analyze("convenio")
    assert analyze("aprobación") == analyze("aprobaciones")


def test_stop_words_are_dropped_and_enie_is_kept() -> None:
    assert analyze("de la que el en y a los del se las por un para con") == []
    assert analyze("año") != analyze("ano")


def test_codes_and_acronyms_are_whole_terms_as_well_as_parts() -> None:
    terms = analyze("El acuerdo JD-XI-1 del PMDUOET")
    assert "jd-xi-1" in terms and "jd" in terms and "xi" in terms
    assert "pmduoet" in terms
    assert "infonavit" in analyze("convenio INFONAVIT") and "infonavit" in analyze("convenio infonavit")
    assert "2027-2030" in analyze("periodo 2027-2030") and "2027" in analyze("periodo 2027-2030")
    # An acronym is matched as written even where the stemmer would cut it.
    assert "acuerdos" in analyze("ACUERDOS")


def test_passage_weights_saturate_and_queries_weigh_one_per_term() -> None:
    encoder = SparseEncoder()
    once = encoder.encode_passage("agua potable")
    many = encoder.encode_passage("agua agua agua agua agua potable")
    water = term_id(analyze("agua")[0])
    weight = dict(zip(once.indices, once.values, strict=True))[water]
    repeated = dict(zip(many.indices, many.values, strict=True))[water]
    assert weight < repeated < weight * 5 / 2  # more occurrences count, with diminishing returns
    assert once.indices == sorted(once.indices)
    query = encoder.encode_query("agua potable agua")
    assert query.values == [1.0, 1.0]


@pytest.mark.parametrize("text", [CABILDO, PLENO])
def test_term_ids_are_the_analysed_terms_hashed(text: str) -> None:
    terms = analyze(text)
    assert text_term_ids(text) == sorted({term_id(t) for t in terms})
    passage = SparseEncoder().encode_passage(text)
    counts = Counter(term_id(t) for t in terms)
    assert passage.indices == sorted(counts)
    # a term said twice weighs more than one said once, as BM25's term frequency part has it
    weights = dict(zip(passage.indices, passage.values, strict=True))
    twice = next(i for i, n in counts.items() if n > 1)
    once = next(i for i, n in counts.items() if n == 1)
    assert weights[twice] > weights[once]


@pytest.mark.parametrize("text", [CABILDO, PLENO])
def test_packed_term_ids_unpack_to_the_same_ids(text: str) -> None:
    packed = packed_term_ids(text)
    assert isinstance(packed, str) and packed.isascii()
    assert list(unpacked_term_ids(packed)) == text_term_ids(text)
    # ids past 2**31 survive: crc32 ids are unsigned
    assert any(i >= 2**31 for i in text_term_ids(text))
    # payloads written before the ids were packed hold a list
    assert list(unpacked_term_ids(text_term_ids(text))) == text_term_ids(text)
    assert list(unpacked_term_ids(packed_term_ids(""))) == []


def test_a_damaged_packed_payload_is_refused() -> None:
    with pytest.raises(ValueError):
        unpacked_term_ids("no es base64!")
