"""The vector index: chunks with dense and sparse vectors and their document's metadata, in Qdrant.

`open_index` picks the backend: a Qdrant server when a URL is given, else
the embedded Qdrant Edge shard under the data directory.
"""

from __future__ import annotations

from pathlib import Path

from ingest.search.index.base import (
    COLLECTION,
    IndexBusy,
    IndexMismatch,
    IndexPoint,
    Prefetch,
    ScoredChunk,
    SearchFilters,
    VectorIndex,
    filter_key,
)


def open_index(*, data_dir: Path, url: str | None = None, collection: str = COLLECTION) -> VectorIndex:
    """The server collection at `url`, or the embedded shard in `<data_dir>/index/<collection>`."""
    if url:
        from ingest.search.index.server import ServerIndex

        return ServerIndex.connect(url, collection)
    from ingest.search.index.edge import EdgeIndex

    return EdgeIndex(Path(data_dir) / "index" / collection)


__all__ = [
    "COLLECTION",
    "IndexBusy",
    "IndexMismatch",
    "IndexPoint",
    "Prefetch",
    "ScoredChunk",
    "SearchFilters",
    "VectorIndex",
    "filter_key",
    "open_index",
]
