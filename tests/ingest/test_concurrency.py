"""Search and ingest from many threads at once, as the API's request threads, the index follower and a worker
do in one process: no shared NLP state (stemmers, tokenizers, spaCy documents) may break under it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ingest.pipeline import Ingestor
from ingest.search.api import SearchRequest, search
from ingest.search.follower import catch_up
from ingest.search.index.edge import EdgeIndex
from ingest.search.indexer import Indexer
from ingest.search.query import vocabulary_from_store
from ingest.search.searcher import Searcher
from models.store import Store

QUERIES = [
    "problemática del agua en colonias del oriente",
    "convenio con el INFONAVIT",
    "JD-XI-1",
    "reglamento de desarrollo urbano 2020",
    "¿qué se acordó sobre vivienda abandonada?",
    "pozos con arsénico",
]


def _document(number: int) -> bytes:
    return (
        f"# Acta de la Sesión Ordinaria {number} del Consejo Directivo\n\n"
        f"IMPLAN Valle Alto, {1 + number % 27} de marzo de 2024.\n\n"
        f"Se revisó el programa de banquetas número {number} y el abasto de agua potable en el sector {number}.\n\n"
        f"| Acuerdo | Estatus |\n|---|---|\n| JD-{number}-1. Publicar el informe {number} | En proceso |\n"
    ).encode()


def test_search_and_ingest_from_many_threads_at_once(tmp_path, encoder, extractor) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    indexer = Indexer(EdgeIndex(tmp_path / "index"), encoder)
    indexer.ensure_collection()
    seed = Ingestor(store, extractor, max_file_bytes=10_000_000, indexer=indexer)
    for number in range(4):
        assert seed.ingest_bytes(_document(number), f"acta-{number}.md").status == "ingested"
    seed.flush_index()
    searcher = Searcher(indexer.index, encoder, vocabulary=vocabulary_from_store(store))
    errors: list[BaseException] = []
    searches = 0
    lock = threading.Lock()

    def searching(worker: int) -> None:
        nonlocal searches
        for round_ in range(6):
            query = QUERIES[(worker + round_) % len(QUERIES)]
            mode = ("hybrid", "sparse", "dense")[round_ % 3]
            page = search(searcher, store, SearchRequest(query, limit=5, mode=mode))
            assert page.total >= 0
            with lock:
                searches += 1

    def ingesting(worker: int) -> None:
        # As a worker beside the server: chunked with the model's tokenizer, indexed by the follower.
        ingestor = Ingestor(store, extractor, max_file_bytes=10_000_000, chunker=indexer.chunk)
        for number in range(100 + worker * 10, 100 + worker * 10 + 3):
            outcome = ingestor.ingest_bytes(_document(number), f"acta-{number}.md")
            assert outcome.status == "ingested", outcome

    def following(_: int) -> None:
        for _round in range(8):
            catch_up(store, indexer)

    jobs = [(searching, w) for w in range(12)] + [(ingesting, w) for w in range(3)] + [(following, 0)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(fn, arg) for fn, arg in jobs]
        for future in futures:
            try:
                future.result(timeout=600)
            except BaseException as exc:  # collected, so the message lists every failure
                errors.append(exc)
    assert errors == [], [repr(e) for e in errors]
    assert searches == 12 * 6
    while catch_up(store, indexer):
        pass
    found = search(searcher, store, SearchRequest("programa de banquetas número 121", mode="sparse"))
    assert "acta-121.md" in [h.hit.file_name for h in found.hits]
    indexer.index.close()
    store.dispose()
