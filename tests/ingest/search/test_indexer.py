"""The indexer's batching: documents queued after they are stored, encoded in batches, in the background while
the next documents are read, the encoder never left idle while a batch's worth waits."""

from __future__ import annotations

import pytest

from ingest.pipeline import Ingestor
from ingest.search.index import Prefetch
from ingest.search.index.edge import EdgeIndex
from ingest.search.indexed import pending_documents
from ingest.search.indexer import Indexer
from models.store import Store

DOCUMENTS = {
    "es": [
        f"# Acta del Pleno del Ayuntamiento número {n}\n\n"
        + "\n\n".join(
            f"Punto {p}. El concejal de Urbanismo expone la modificación {p} del plan general y el Pleno la aprueba "
            f"con los votos a favor de los grupos municipales en la sesión {n} de la Casa Consistorial."
            for p in range(1, 9)
        )
        for n in range(1, 4)
    ],
    "mx": [
        f"# Acta de Cabildo número {n} del H. Ayuntamiento\n\n"
        + "\n\n".join(
            f"Punto {p}. La Dirección del IMPLAN presenta el avance {p} del programa parcial de desarrollo urbano y "
            f"el Cabildo lo aprueba por unanimidad de los regidores presentes en la sesión {n}."
            for p in range(1, 9)
        )
        for n in range(1, 4)
    ],
}


@pytest.fixture(params=sorted(DOCUMENTS))
def documents(request) -> list[str]:
    return DOCUMENTS[request.param]


def _ingest(tmp_path, encoder, extractor, documents: list[str], *, background: bool) -> tuple[Indexer, Store, list]:
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    # Small chunks, so that a few documents fill more than one model batch but not a whole indexing batch.
    indexer = Indexer(EdgeIndex(tmp_path / "index"), encoder, chunk_tokens=32, background=background)
    indexer.ensure_collection()
    ingestor = Ingestor(store, extractor, max_file_bytes=10_000_000, indexer=indexer)
    pending = []
    for number, text in enumerate(documents):
        assert ingestor.ingest_bytes(text.encode(), f"acta-{number}.md").status == "ingested"
        pending.append(indexer.pending_chunks)
    indexed = ingestor.flush_index()
    store.dispose()
    return indexer, indexed, pending


def test_idle_background_encoder_starts_on_one_model_batch(tmp_path, encoder, extractor, documents) -> None:
    indexer, indexed, pending = _ingest(tmp_path, encoder, extractor, documents, background=True)
    try:
        assert indexed >= encoder.batch_size
        assert indexed < indexer.batch_chunks
        # The first document alone fills a model batch: it went to the encoder at once, not after the batch.
        assert pending[0] == 0
    finally:
        indexer.close()


def test_foreground_indexer_waits_for_a_full_batch(tmp_path, encoder, extractor, documents) -> None:
    indexer, indexed, pending = _ingest(tmp_path, encoder, extractor, documents, background=False)
    try:
        assert pending == sorted(pending) and pending[-1] == indexed  # all queued until the flush
    finally:
        indexer.close()


def test_background_indexing_writes_what_the_foreground_writes(tmp_path, encoder, extractor, documents) -> None:
    """Batches are embedded in one thread and written in another; after the flush the index holds every chunk,
    with the vectors a foreground indexer writes."""
    found = {}
    for background in (True, False):
        indexer, indexed, _ = _ingest(tmp_path / str(background), encoder, extractor, documents, background=background)
        try:
            assert indexer.index.count() == indexed
            probe = encoder.encode_query("modificación del plan aprobada en la sesión")
            found[background] = [(p.id, round(p.score, 4)) for p in indexer.index.query_each(
                [Prefetch("dense", probe, 5)])[0]]
        finally:
            indexer.close()
    assert found[True] == found[False] and len(found[True]) == 5


def _stored_chunks(store: Store) -> int:
    with store.engine.begin() as db:
        return db.exec_driver_sql("SELECT count(*) FROM chunks").scalar()


def test_a_failed_write_surfaces_at_the_flush_and_the_next_flush_indexes_it(
    tmp_path, encoder, extractor, documents
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    indexer = Indexer(EdgeIndex(tmp_path / "index"), encoder, chunk_tokens=32, background=True)
    indexer.ensure_collection()
    indexer.index.recreate(8)  # a collection for another model: every write of a batch fails
    ingestor = Ingestor(store, extractor, max_file_bytes=10_000_000, indexer=indexer)
    try:
        for number, text in enumerate(documents):
            assert ingestor.ingest_bytes(text.encode(), f"acta-{number}.md").status in ("ingested", "partial")
        with pytest.raises(Exception, match=r"(?i)dim|vector"):
            ingestor.flush_index()
        assert ingestor._queued  # still queued: not marked indexed while they are not in the index
        assert not indexer._writing, "a write still in flight would meet the index rebuilt below"
        indexer.index.recreate(encoder.dim)  # the index is back (a server restarted, say)
        ingestor.flush_index()
        assert indexer.index.count() == _stored_chunks(store) > 0
        assert pending_documents(store) == []  # and every document is marked indexed, none left for a reindex
    finally:
        indexer.close()
        store.dispose()


def test_a_failed_read_keeps_the_documents_queued(tmp_path, encoder, extractor, documents) -> None:
    """When a batch cannot be read from the store, its documents stay queued and the next flush indexes them."""
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    indexer = Indexer(EdgeIndex(tmp_path / "index"), encoder, chunk_tokens=32)
    ingestor = Ingestor(store, extractor, max_file_bytes=10_000_000, indexer=indexer)
    try:
        for number, text in enumerate(documents):
            assert ingestor.ingest_bytes(text.encode(), f"acta-{number}.md").status == "ingested"
        queued = indexer.pending_chunks
        with store.engine.begin() as db:
            db.exec_driver_sql("ALTER TABLE chunks RENAME TO chunks_elsewhere")
        with pytest.raises(Exception, match="chunks"):
            ingestor.flush_index()
        assert indexer.pending_chunks == queued > 0
        with store.engine.begin() as db:
            db.exec_driver_sql("ALTER TABLE chunks_elsewhere RENAME TO chunks")
        ingestor.flush_index()
        assert indexer.pending_chunks == 0
        assert indexer.index.count() == _stored_chunks(store)
    finally:
        indexer.close()
        store.dispose()
