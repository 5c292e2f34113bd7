"""Keeping the vector index in step with the store, in the one process that owns the index.

The embedded index (a Qdrant Edge shard) can be opened by one process only, so
workers store documents and their chunks, and the process serving the API
indexes whatever is stored but not yet indexed. A Qdrant server takes writes
from anywhere, and the same follower then simply finds nothing left to do.
When nothing is left, it has the index build the search graph over the vectors
written since the last time, if enough wait (see `ingest.search.index.edge`).
"""

from __future__ import annotations

import asyncio
import logging
import time

from ingest.search.indexed import mark_indexed, pending_documents
from ingest.search.indexer import Indexer
from models.store import Store

log = logging.getLogger(__name__)
GRAPH_RETRY_S = 600  # a failed graph build (a full disk, say) is tried again this much later, not every turn


def catch_up(store: Store, indexer: Indexer, limit: int = 32) -> int:
    """Index one batch of stored, unindexed documents; the number of documents indexed."""
    ids = pending_documents(store, limit)
    if ids:
        chunks = indexer.index_documents(store, ids)
        mark_indexed(store, ids)
        log.info("indexed", extra={"documents": len(ids), "chunks": chunks})
    return len(ids)


def build_graph(indexer: Indexer) -> int:
    """Have the index build its search graph over the vectors waiting for one; how many there were."""
    began = time.perf_counter()
    built = indexer.index.optimize()
    if built:
        log.info("search graph built", extra={"vectors": built, "seconds": round(time.perf_counter() - began, 1)})
    return built


async def follow(store: Store, indexer: Indexer, on_indexed=None, interval_s: float = 0.5) -> None:
    """Run until cancelled: index new documents as workers store them."""
    graph_after = 0.0  # monotonic time before which a failed graph build is not tried again
    while True:
        try:
            done = await asyncio.to_thread(catch_up, store, indexer)
        except Exception:
            log.exception("indexing failed; retrying")
            done = 0
            await asyncio.sleep(5)
        if done:
            if on_indexed is not None:
                on_indexed()
            continue
        if time.monotonic() >= graph_after:
            try:
                await asyncio.to_thread(build_graph, indexer)
            except Exception:
                log.exception("building the search graph failed; searches scan the new vectors meanwhile")
                graph_after = time.monotonic() + GRAPH_RETRY_S
        await asyncio.sleep(interval_s)
