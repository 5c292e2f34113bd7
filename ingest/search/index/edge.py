"""The embedded index: a Qdrant Edge shard in the data directory, no server.

qdrant-edge runs Qdrant's own engine in-process (HNSW, payload indexes,
sparse vectors with IDF, RRF fusion); qdrant-client's local mode does the same
queries in pure Python and was measured ~100x slower at 100k points.

An edge shard builds no nearest-neighbour graph by itself: until `optimize` runs, its dense lists compare the
query with every vector (13.6 ms per list at 100k e5 vectors on 2 cores; the graph's walk at `GRAPH_EF` on
the vectors' int8 copies, rescored, 2.7 ms). The process that owns the index runs it after writing enough
new vectors.
"""

from __future__ import annotations

import fcntl
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import qdrant_edge as qe

from ingest.search.index.base import (
    DATETIME_FIELDS,
    DENSE,
    FULL_SCAN_KB,
    GRAPH_EF,
    GRAPH_EF_CONSTRUCT,
    GRAPH_M,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    OVERSAMPLING,
    RRF_K,
    SPARSE,
    IndexBusy,
    IndexMismatch,
    IndexPoint,
    Prefetch,
    ScoredChunk,
    SearchFilters,
)
from ingest.search.index.filters import combined, to_filter
from ingest.search.index.resident import TEXT, ResidentPayloads
from ingest.search.sparse import SparseVector

_META = "acervo-index.json"
_LOCK = "acervo-index.lock"
# Dense vectors left to be compared one by one before `optimize` builds their graph. Fewer are scanned in a
# few milliseconds (about 3.7 ms for 30,000 on 2 cores), and building a graph holds the interpreter for its
# whole length (qdrant-edge does not release it: 100,000 e5 vectors took about 30 s on 2 cores on their
# int8 copies, 2.5 minutes on the float vectors), so it waits for more.
INDEX_FROM = 30_000


class EdgeIndex:
    """A VectorIndex on one EdgeShard under `path`."""

    def __init__(self, path: Path, *, index_from: int = INDEX_FROM) -> None:
        self.path = Path(path)
        self.index_from = index_from
        self._shard: qe.EdgeShard | None = None
        self._dim: int | None = None
        self._lock: IO[bytes] | None = None
        self._resident = ResidentPayloads()
        meta = self.path / _META
        if meta.exists():
            self._dim = json.loads(meta.read_text())["dim"]
            self._hold()
            # Given again on load so that a shard created before `index_from` existed, or with another, takes it.
            self._shard = qe.EdgeShard.load(str(self.path / "shard"), _config(self._dim, self._threshold_kb()))

    def _hold(self) -> None:
        """Take the index folder's lock, or raise IndexBusy: the shard's own refusal is a bare Exception whose
        only clue is its message, so the lock is ours and taken first."""
        if self._lock is not None:
            return
        self.path.mkdir(parents=True, exist_ok=True)
        handle = open(self.path / _LOCK, "ab")  # noqa: SIM115 - held open for the index's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise IndexBusy(f"the embedded index at {self.path} is open in another process") from None
        self._lock = handle

    def _release(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def ensure_collection(self, dim: int) -> None:
        if self._shard is not None:
            if self._dim != dim:
                raise IndexMismatch(
                    f"the index at {self.path} holds {self._dim}-dimensional vectors, the model gives {dim}:"
                    " run `acervo reindex` to rebuild it for this model"
                )
            return
        self._create(dim)

    def recreate(self, dim: int) -> None:
        self.close()
        self._resident.clear()
        if self.path.exists():
            shutil.rmtree(self.path)
        self._create(dim)

    def _create(self, dim: int) -> None:
        self._hold()
        self._dim = dim
        shard = qe.EdgeShard.create(str(self.path / "shard"), _config(dim, self._threshold_kb()))
        for name in KEYWORD_FIELDS:
            shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
        for name in INTEGER_FIELDS:
            shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Integer))
        for name in DATETIME_FIELDS:
            shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Datetime))
        (self.path / _META).write_text(json.dumps({"dim": dim}))
        self._shard, self._dim = shard, dim

    @property
    def shard(self) -> qe.EdgeShard:
        if self._shard is None:
            raise RuntimeError("the index has no collection yet: ingest or reindex first")
        return self._shard

    def upsert(self, points: Sequence[IndexPoint]) -> None:
        if not points:
            return
        batch = [
            qe.Point(
                id=p.id,
                vector={DENSE: p.dense.tolist(), SPARSE: qe.SparseVector(p.sparse.indices, p.sparse.values)},
                payload=p.payload,
            )
            for p in points
        ]
        with self._resident.lock:
            self.shard.update(qe.UpdateOperation.upsert_points(batch))
            # Forgotten, not kept: a process that only ingests never reads them, and a search reads them again.
            self._resident.forget(p.id for p in points)
        self.shard.flush()

    def delete_documents(self, document_ids: Sequence[int]) -> None:
        if self._shard is None or not document_ids:
            return
        condition = qe.FieldCondition("document_id", match=qe.MatchAny(list(document_ids)))
        with self._resident.lock:
            self.shard.update(qe.UpdateOperation.delete_points_by_filter(qe.Filter(must=[condition])))
            self._resident.forget_documents(document_ids)
        self.shard.flush()

    def count(self) -> int:
        if self._shard is None:
            return 0
        return self.shard.count(qe.CountRequest(exact=True))

    def query(
        self, prefetches: Sequence[Prefetch], *, limit: int, offset: int = 0, filters: SearchFilters | None = None
    ) -> list[ScoredChunk]:
        if self._shard is None or not prefetches:
            return []
        if len(prefetches) == 1:
            request = _nearest_request(prefetches[0], filters, limit=limit, offset=offset)
        else:
            request = qe.QueryRequest(
                limit=limit,
                offset=offset,
                prefetches=[
                    qe.Prefetch(limit=p.limit, query=_nearest(p), filter=combined(_DIALECT, filters, p.filters),
                                params=_SEARCH)
                    for p in prefetches
                ],
                query=qe.Fusion.Rrf(k=RRF_K, weights=[p.weight for p in prefetches]),
                filter=to_filter(_DIALECT, filters),
                with_payload=False,
            )
        return self._scored(self.shard.query(request))

    def query_each(
        self, prefetches: Sequence[Prefetch], *, filters: SearchFilters | None = None
    ) -> list[list[ScoredChunk]]:
        if self._shard is None or not prefetches:
            return [[] for _ in prefetches]
        requests = [_nearest_request(p, filters, limit=p.limit) for p in prefetches]
        return [self._scored(points) for points in self.shard.query_batch(qe.QueryBatchRequest(requests))]

    def _scored(self, points: Sequence[qe.ScoredPoint]) -> list[ScoredChunk]:
        """Found points with their resident payloads (read from the shard the first time)."""
        found = [(int(p.id), p.score) for p in points]
        self._load_missing([i for i, _ in found])
        out = []
        for point_id, score in found:
            payload = self._resident.get(point_id)
            if payload is not None:  # None: deleted since the query ran
                out.append(ScoredChunk(point_id, score, payload))
        return out

    def texts(self, point_ids: Sequence[int]) -> dict[int, str]:
        if self._shard is None or not point_ids:
            return {}
        # Only the text: decoding a whole payload (its term ids above all) took seven times as long.
        records = self.shard.retrieve(list(point_ids), [TEXT], False)
        return {int(r.id): (r.payload or {}).get(TEXT) or "" for r in records}

    def optimize(self) -> int:
        waiting = self.unindexed()
        if waiting < self.index_from:
            return 0
        with self._resident.lock:
            self.shard.optimize()
        return waiting - self.unindexed()

    def unindexed(self) -> int:
        """Dense vectors the shard still compares one by one (its sparse vectors are always indexed)."""
        if self._shard is None:
            return 0
        info = self.shard.info()
        return max(0, 2 * info.points_count - info.indexed_vectors_count)  # each point: one dense, one sparse

    def _threshold_kb(self) -> int:
        """`index_from` dense vectors in the shard's unit (a segment with more gets a graph when optimised)."""
        return max(1, self.index_from * (self._dim or 1) * 4 // 1024)

    def fill(self, batch: int = 1000) -> int:
        """Read every point's payload into memory, so no search reads one from the shard; points read."""
        if self._shard is None:
            return 0
        offset, read = None, 0
        while True:
            with self._resident.lock:
                if self._shard is None:  # closed meanwhile
                    return read
                records, offset = self.shard.scroll(qe.ScrollRequest(offset=offset, limit=batch, with_payload=True))
                for r in records:
                    if int(r.id) not in self._resident:
                        self._resident.put(int(r.id), dict(r.payload or {}))
            read += len(records)
            if offset is None:
                return read

    def _load_missing(self, point_ids: list[int]) -> None:
        if all(i in self._resident for i in point_ids):
            return
        with self._resident.lock:
            missing = [i for i in point_ids if i not in self._resident]
            if missing:
                for r in self.shard.retrieve(missing, True, False):
                    self._resident.put(int(r.id), dict(r.payload or {}))

    def close(self) -> None:
        with self._resident.lock:
            if self._shard is not None:
                self._shard.flush()
                self._shard.close()
                self._shard = None
            self._resident.clear()
        self._release()


def _config(dim: int, threshold_kb: int) -> qe.EdgeConfig:
    # Payloads stay in the shard's on-disk storage: ranking reads them from `ResidentPayloads`. Keeping them
    # in the shard's RAM-backed storage instead was measured faster on first sight, but a write to it on a
    # full disk kills the process (SIGBUS) where the on-disk storage reports an error.
    return qe.EdgeConfig(
        vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine, hnsw_config=_GRAPH,
                                            quantization_config=_INT8)},
        sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        optimizers=qe.EdgeOptimizersConfig(indexing_threshold=threshold_kb),
    )


def _nearest_request(
    prefetch: Prefetch, filters: SearchFilters | None, *, limit: int, offset: int = 0
) -> qe.QueryRequest:
    """One list: the prefetch's nearest neighbours under its own filters and `filters`, without payloads."""
    return qe.QueryRequest(
        limit=limit, offset=offset, query=_nearest(prefetch), filter=combined(_DIALECT, filters, prefetch.filters),
        params=_SEARCH, with_payload=False,
    )


def _nearest(prefetch: Prefetch) -> qe.Query:
    vector = prefetch.vector
    if isinstance(vector, SparseVector):
        return qe.Query.Nearest(qe.SparseVector(vector.indices, vector.values), using=prefetch.using)
    return qe.Query.Nearest(vector.tolist(), using=prefetch.using)


class _EdgeDialect:
    """Filter parts in qdrant-edge's classes."""

    def match(self, key: str, value: str | int) -> qe.FieldCondition:
        return qe.FieldCondition(key, match=qe.MatchValue(value))

    def match_any(self, key: str, values: list[int]) -> qe.FieldCondition:
        return qe.FieldCondition(key, match=qe.MatchAny(values))

    def date_range(self, key: str, gte: str | None, lte: str | None) -> qe.FieldCondition:
        return qe.FieldCondition(key, range=qe.RangeDateTime(gte=gte, lte=lte))

    def is_empty(self, key: str) -> qe.IsEmptyCondition:
        return qe.IsEmptyCondition(key)

    def filter(self, *, must: list | None = None, should: list | None = None) -> qe.Filter:
        return qe.Filter(must=must) if should is None else qe.Filter(should=should)


_DIALECT = _EdgeDialect()
_GRAPH = qe.HnswIndexConfig(m=GRAPH_M, ef_construct=GRAPH_EF_CONSTRUCT, full_scan_threshold=FULL_SCAN_KB)
_INT8 = qe.ScalarQuantizationConfig(type=qe.ScalarType.Int8, always_ram=True)
_SEARCH = qe.SearchParams(
    hnsw_ef=GRAPH_EF, quantization=qe.QuantizationSearchParams(rescore=True, oversampling=OVERSAMPLING)
)
