"""Search end to end in-process: ingest Spanish documents, then find them by words, codes, meaning and filters."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.pipeline import Ingestor
from ingest.search.index import SearchFilters
from ingest.search.index.edge import EdgeIndex
from ingest.search.indexer import Indexer, file_words
from ingest.search.query import vocabulary_from_store
from ingest.search.searcher import Searcher
from models.store import Store

DOCS = {
    "acta-2019-agua.md": """# Acta de la Décima Sesión Ordinaria del Consejo Directivo

IMPLAN Torreón. Torreón, Coahuila, 31 de octubre de 2019.

## Orden del día

1. Pase de lista.
2. Problemática del agua.

## Desarrollo

1. Pase de lista. Se declaró quórum legal.

2. Problemática del agua. Los consejeros expusieron la sobreexplotación del acuífero, los pozos con
arsénico y la falta de agua potable en colonias del oriente. Se propuso un plan de manejo integral.

| Acuerdo | Estatus |
|---|---|
| JD-XI-1. Elaborar el diagnóstico hídrico | En proceso |
""",
    "convenio-2021.md": """# Firma de convenio con INFONAVIT

IMPLAN Torreón, 5 de febrero de 2021.

El Consejo Directivo aprobó el convenio de colaboración con el INFONAVIT para la regeneración de vivienda
abandonada en el poniente de la ciudad.
""",
    "cabildo-2020.md": """# El Cabildo aprueba el Reglamento de Desarrollo Urbano

Torreón, 15 de mayo de 2020.

El H. Cabildo aprobó por unanimidad el Reglamento de Desarrollo Urbano y Construcción, que ordena la
expansión urbana dispersa y fija densidades mínimas.
""",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory, encoder, extractor):
    root = tmp_path_factory.mktemp("search")
    folder = root / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = Store.open(f"sqlite:///{root / 'acervo.db'}")
    indexer = Indexer(EdgeIndex(root / "index"), encoder)
    indexer.ensure_collection()
    ingestor = Ingestor(store, extractor, max_file_bytes=10_000_000, indexer=indexer)
    outcomes = [ingestor.ingest_path(path) for path in sorted(folder.iterdir())]
    assert all(o.status == "ingested" for o in outcomes)
    ingestor.flush_index()
    searcher = Searcher(indexer.index, encoder, vocabulary=vocabulary_from_store(store))
    yield store, indexer, searcher
    indexer.index.close()
    store.dispose()


def _files(hits) -> list[str]:
    return [h.file_name for h in hits]


def test_chunks_are_stored_with_the_document(world) -> None:
    store, indexer, _ = world
    from sqlalchemy import func, select

    from models import tables

    with store.session() as db:
        stored = db.scalar(select(func.count()).select_from(tables.Chunk))
        pages = db.scalars(select(tables.Chunk.section)).all()
    assert stored == indexer.index.count() > len(DOCS)
    assert any(section and "Desarrollo" in section for section in pages)


def test_exact_words_codes_and_meaning(world) -> None:
    _, _, searcher = world
    assert _files(searcher.search("convenio INFONAVIT", by_document=True))[0] == "convenio-2021.md"
    hit = searcher.search("JD-XI-1", by_document=True)[0]
    assert hit.file_name == "acta-2019-agua.md"
    assert "<mark>JD-XI-1</mark>" in hit.snippet
    meaning = searcher.search("reuniones donde se habló de escasez de agua", by_document=True)
    assert meaning[0].file_name == "acta-2019-agua.md"


def test_each_mode_alone_and_one_result_per_document(world) -> None:
    _, _, searcher = world
    for mode in ("dense", "sparse"):
        hits = searcher.search("reglamento de desarrollo urbano", mode=mode, by_document=True)
        assert hits[0].file_name == "cabildo-2020.md"
        assert len(_files(hits)) == len(set(_files(hits)))


def test_explicit_filters_are_hard(world) -> None:
    _, _, searcher = world
    only_2019 = searcher.search("agua potable", filters=SearchFilters(year=2019), by_document=True)
    assert _files(only_2019) == ["acta-2019-agua.md"]
    # The one document that matches is from 2021: under the filter, nothing matches.
    assert searcher.search("convenio INFONAVIT", filters=SearchFilters(year=2019), by_document=True) == []
    window = SearchFilters(date_from=date(2020, 1, 1))
    assert set(_files(searcher.search("agua", filters=window, by_document=True))) <= {
        "convenio-2021.md",
        "cabildo-2020.md",
    }
    assert searcher.search("agua", filters=SearchFilters(institution="IMPLAN León")) == []


def test_a_year_in_the_query_favours_documents_of_that_year(world) -> None:
    _, _, searcher = world
    hits = searcher.search("sesiones del Consejo Directivo en 2021", by_document=True)
    assert hits[0].file_name == "convenio-2021.md"


def test_a_qdrant_server_ranks_as_the_embedded_index(world, encoder) -> None:
    store, _, embedded = world
    from qdrant_client import QdrantClient

    from ingest.search.index.server import ServerIndex

    # qdrant-client's local mode stands in for a server: its payloads come as stored, term ids packed
    server = Indexer(ServerIndex(QdrantClient(":memory:"), "chunks"), encoder)
    assert sum(server.rebuild(store)) == embedded.index.count()
    searcher = Searcher(server.index, encoder, vocabulary=vocabulary_from_store(store))
    for query in ("convenio INFONAVIT", "JD-XI-1", "reglamento de desarrollo urbano", "agua potable en colonias"):
        ours, theirs = embedded.search(query), searcher.search(query)
        assert [(h.file_name, h.chunk_id) for h in theirs] == [(h.file_name, h.chunk_id) for h in ours]
        assert [h.score for h in theirs] == pytest.approx([h.score for h in ours], abs=1e-3)
    server.index.close()


def test_reindex_rebuilds_the_same_index(world) -> None:
    store, indexer, searcher = world
    before = indexer.index.count()
    assert sum(indexer.rebuild(store)) == before
    assert indexer.index.count() == before
    indexer.index_documents(store, [1])  # re-indexing one document replaces its points
    assert indexer.index.count() == before
    assert _files(searcher.search("convenio INFONAVIT", by_document=True))[0] == "convenio-2021.md"


def test_file_words_drop_serials_hashes_and_extensions() -> None:
    assert file_words("017_implan-trc-convenio-saltillo-2017.md") == "implan trc convenio saltillo 2017"
    assert file_words("000_f25ddfe7e65635e7.txt") == ""


def test_nonsense_and_other_subjects_match_nothing(world) -> None:
    _, _, searcher = world
    for query in ("xkqz vbnm plort", "receta de tamales con rajas", "horóscopo de tauro para esta semana"):
        found = searcher.results(query, by_document=True)
        assert found.total == 0 and found.hits == [], query


def test_the_count_is_the_documents_that_match(world) -> None:
    _, _, searcher = world
    found = searcher.results("convenio INFONAVIT", by_document=True)
    assert found.total == len(found.ranked) and found.hits[0].file_name == "convenio-2021.md"
    assert found.total < len(DOCS), "a document about something else is not counted"


def test_the_fusion_weight_follows_the_query_form() -> None:
    from ingest.search.searcher import NAME_WEIGHT, QUESTION_WEIGHT, dense_weight

    assert dense_weight("Tomás Villaseñor Ruiz") == NAME_WEIGHT  # a name: its words
    assert dense_weight("PMDU 2045") == NAME_WEIGHT  # an acronym and a year
    assert dense_weight("¿quién preside la comisión de hacienda?") >= QUESTION_WEIGHT
    # a description no passage holds word for word leans on meaning; one a passage holds, on words
    assert dense_weight("obras para que los niños lleguen seguros a la escuela", 0.2) > dense_weight(
        "obras para que los niños lleguen seguros a la escuela", 1.0
    )


def test_a_name_with_one_more_word_is_searched_by_its_words() -> None:
    from ingest.search.searcher import NAME_WEIGHT, dense_weight

    assert dense_weight("Arq. Lucía Benavides Ortega asesora") == NAME_WEIGHT  # a Mexican board's adviser
    assert dense_weight("la concejala Montserrat Vidal Roca") == NAME_WEIGHT  # a Spanish pleno's councillor
    assert dense_weight("obras de la Dirección de Urbanismo en el barrio") > NAME_WEIGHT  # a topic, not a name


def test_a_long_query_matches_by_its_rare_words() -> None:
    from ingest.search.index import ScoredChunk
    from ingest.search.searcher import Evidence, Searcher

    def chunk(held: int, sparse: float, of: int = 6) -> Evidence:
        return Evidence(ScoredChunk(1, 0.0, {}), sparse=sparse, coverage=held / of)

    searcher = Searcher(index=None, encoder=None)  # the matching rule alone: no index or model is used
    # two of six words (a third), scored near the best by the keyword side (its rare words): a match
    assert searcher._matches(chunk(2, 8.0), "hybrid", True, top_sparse=17.0, n_terms=6)
    # the same words scored far below the best (common words): no match
    assert not searcher._matches(chunk(2, 3.0), "hybrid", True, top_sparse=17.0, n_terms=6)
    # one word is never enough, nor words of a query the archive does not know
    assert not searcher._matches(chunk(1, 16.0), "hybrid", True, top_sparse=17.0, n_terms=6)
    assert not searcher._matches(chunk(2, 8.0), "hybrid", False, top_sparse=17.0, n_terms=6)
    # a short query still needs most of its words
    assert not searcher._matches(chunk(1, 8.0, of=3), "hybrid", True, top_sparse=9.0, n_terms=3)
    # two of seven words are less than a third
    assert not searcher._matches(chunk(2, 16.0, of=7), "hybrid", True, top_sparse=17.0, n_terms=7)
