"""The index follower of `acervo serve`: once nothing is left to index, it has the embedded index build its
search graph over the vectors waiting for one."""

from __future__ import annotations

import asyncio
import logging

import numpy as np

from ingest.search.follower import follow
from ingest.search.index import IndexPoint
from ingest.search.index.edge import EdgeIndex
from ingest.search.indexer import Indexer
from ingest.search.sparse import SparseEncoder
from models.store import Store


def _points(dim: int, count: int) -> list[IndexPoint]:
    vectors = np.random.default_rng(5).normal(size=(count, dim)).astype(np.float32)
    sparse = SparseEncoder()
    return [
        IndexPoint(i + 1, v / np.linalg.norm(v), sparse.encode_passage(f"sesión ordinaria {i}"), {"document_id": i})
        for i, v in enumerate(vectors)
    ]


def test_the_follower_builds_the_graph_when_idle_and_logs_it(tmp_path, encoder, caplog) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    index = EdgeIndex(tmp_path / "index", index_from=200)
    index.ensure_collection(encoder.dim)
    index.upsert(_points(encoder.dim, 300))  # as if written before a restart: the graph was never built
    assert index.unindexed() == 300

    async def run() -> None:
        task = asyncio.create_task(follow(store, Indexer(index, encoder), interval_s=0.05))
        for _ in range(600):
            await asyncio.sleep(0.05)
            if index.unindexed() == 0:
                break
        task.cancel()

    with caplog.at_level(logging.INFO, logger="ingest.search.follower"):
        asyncio.run(run())
    assert index.unindexed() == 0 and index.count() == 300
    built = [r for r in caplog.records if r.getMessage() == "search graph built"]
    assert len(built) == 1 and built[0].vectors == 300
    index.close()
    store.dispose()
