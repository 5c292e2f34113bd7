"""The Spanish analyzer and BM25 weights of the keyword side."""

from __future__ import annotations

from ingest.search.sparse import SparseEncoder, analyze, term_id


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
