"""The index on a Qdrant server (ACERVO_QDRANT_URL), through qdrant-client: the same collection layout.

qdrant-client's local mode (`QdrantClient(path=...)` or ":memory:") speaks the
same API, which is how the tests exercise this backend without a server.
"""

from __future__ import annotations

from collections.abc import Sequence

from qdrant_client import QdrantClient
from qdrant_client import models as qm

from ingest.search.index.base import (
    COLLECTION,
    DATETIME_FIELDS,
    DENSE,
    FULL_SCAN_KB,
    GRAPH_EF,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    OVERSAMPLING,
    RRF_K,
    SPARSE,
    IndexMismatch,
    IndexPoint,
    Prefetch,
    ScoredChunk,
    SearchFilters,
)
from ingest.search.index.filters import combined, to_filter
from ingest.search.sparse import SparseVector


class ServerIndex:
    """A VectorIndex on one collection of a Qdrant server (or of qdrant-client's local mode)."""

    def __init__(self, client: QdrantClient, collection: str = COLLECTION) -> None:
        self.client = client
        self.collection = collection

    @classmethod
    def connect(cls, url: str, collection: str = COLLECTION) -> ServerIndex:
        return cls(QdrantClient(url=url), collection)

    def _exists(self) -> bool:
        return self.client.collection_exists(self.collection)

    def ensure_collection(self, dim: int) -> None:
        if not self._exists():
            self._create(dim)
            return
        vectors = self.client.get_collection(self.collection).config.params.vectors
        size = vectors[DENSE].size if isinstance(vectors, dict) and DENSE in vectors else None
        if size != dim:
            raise IndexMismatch(
                f"collection {self.collection!r} holds {size}-dimensional vectors, the model gives {dim}:"
                " run `acervo reindex` to rebuild it for this model"
            )

    def recreate(self, dim: int) -> None:
        if self._exists():
            self.client.delete_collection(self.collection)
        self._create(dim)

    def _create(self, dim: int) -> None:
        self.client.create_collection(
            self.collection,
            vectors_config={DENSE: qm.VectorParams(size=dim, distance=qm.Distance.COSINE, quantization_config=_INT8)},
            sparse_vectors_config={SPARSE: qm.SparseVectorParams(modifier=qm.Modifier.IDF)},
            hnsw_config=qm.HnswConfigDiff(full_scan_threshold=FULL_SCAN_KB),
        )
        schemas = (
            [(name, qm.PayloadSchemaType.KEYWORD) for name in KEYWORD_FIELDS]
            + [(name, qm.PayloadSchemaType.INTEGER) for name in INTEGER_FIELDS]
            + [(name, qm.PayloadSchemaType.DATETIME) for name in DATETIME_FIELDS]
        )
        for name, schema in schemas:
            self.client.create_payload_index(self.collection, name, field_schema=schema)

    def upsert(self, points: Sequence[IndexPoint]) -> None:
        if not points:
            return
        self.client.upsert(
            self.collection,
            points=[
                qm.PointStruct(
                    id=p.id,
                    vector={
                        DENSE: p.dense.tolist(),
                        SPARSE: qm.SparseVector(indices=p.sparse.indices, values=p.sparse.values),
                    },
                    payload=p.payload,
                )
                for p in points
            ],
            wait=True,
        )

    def delete_documents(self, document_ids: Sequence[int]) -> None:
        if not document_ids or not self._exists():
            return
        selector = qm.FilterSelector(
            filter=qm.Filter(must=[qm.FieldCondition(key="document_id", match=qm.MatchAny(any=list(document_ids)))])
        )
        self.client.delete(self.collection, points_selector=selector, wait=True)

    def count(self) -> int:
        if not self._exists():
            return 0
        return self.client.count(self.collection, exact=True).count

    def query(
        self, prefetches: Sequence[Prefetch], *, limit: int, offset: int = 0, filters: SearchFilters | None = None
    ) -> list[ScoredChunk]:
        if not prefetches or not self._exists():
            return []
        if len(prefetches) == 1:
            only = prefetches[0]
            response = self.client.query_points(
                self.collection,
                query=_vector(only.vector),
                using=only.using,
                query_filter=combined(_DIALECT, filters, only.filters),
                search_params=_SEARCH,
                limit=limit,
                offset=offset,
                with_payload=True,
            )
        else:
            response = self.client.query_points(
                self.collection,
                prefetch=[qm.Prefetch(**_nearest(p, filters)) for p in prefetches],
                query=qm.RrfQuery(rrf=qm.Rrf(k=RRF_K, weights=[p.weight for p in prefetches])),
                query_filter=to_filter(_DIALECT, filters),
                limit=limit,
                offset=offset,
                with_payload=True,
            )
        return _scored(response)

    def query_each(
        self, prefetches: Sequence[Prefetch], *, filters: SearchFilters | None = None
    ) -> list[list[ScoredChunk]]:
        if not prefetches or not self._exists():
            return [[] for _ in prefetches]
        requests = [qm.QueryRequest(**_nearest(p, filters), with_payload=True) for p in prefetches]
        return [_scored(response) for response in self.client.query_batch_points(self.collection, requests=requests)]

    def texts(self, point_ids: Sequence[int]) -> dict[int, str]:
        if not point_ids:
            return {}
        records = self.client.retrieve(self.collection, ids=list(point_ids), with_payload=["text"])
        return {int(r.id): (r.payload or {}).get("text") or "" for r in records}

    def fill(self) -> int:
        return 0  # nothing to keep: the server sends each candidate's payload with it

    def optimize(self) -> int:
        return 0  # a Qdrant server builds its graphs itself, in the background

    def close(self) -> None:
        self.client.close()


def _vector(vector: object) -> list[float] | qm.SparseVector:
    if isinstance(vector, SparseVector):
        return qm.SparseVector(indices=vector.indices, values=vector.values)
    return vector.tolist()  # type: ignore[attr-defined]


class _ServerDialect:
    """Filter parts in qdrant-client's models."""

    def match(self, key: str, value: str | int) -> qm.FieldCondition:
        return qm.FieldCondition(key=key, match=qm.MatchValue(value=value))

    def match_any(self, key: str, values: list[int]) -> qm.FieldCondition:
        return qm.FieldCondition(key=key, match=qm.MatchAny(any=values))

    def date_range(self, key: str, gte: str | None, lte: str | None) -> qm.FieldCondition:
        return qm.FieldCondition(key=key, range=qm.DatetimeRange(gte=gte, lte=lte))

    def is_empty(self, key: str) -> qm.IsEmptyCondition:
        return qm.IsEmptyCondition(is_empty=qm.PayloadField(key=key))

    def filter(self, *, must: list | None = None, should: list | None = None) -> qm.Filter:
        return qm.Filter(must=must) if should is None else qm.Filter(should=should)


_DIALECT = _ServerDialect()
_INT8 = qm.ScalarQuantization(scalar=qm.ScalarQuantizationConfig(type=qm.ScalarType.INT8, always_ram=True))
_SEARCH = qm.SearchParams(
    hnsw_ef=GRAPH_EF, quantization=qm.QuantizationSearchParams(rescore=True, oversampling=OVERSAMPLING)
)


def _nearest(prefetch: Prefetch, filters: SearchFilters | None) -> dict:
    """One list's request: the prefetch's nearest neighbours under its own filters and `filters`."""
    return {
        "query": _vector(prefetch.vector),
        "using": prefetch.using,
        "filter": combined(_DIALECT, filters, prefetch.filters),
        "params": _SEARCH,
        "limit": prefetch.limit,
    }


def _scored(response: qm.QueryResponse) -> list[ScoredChunk]:
    return [ScoredChunk(int(p.id), p.score, dict(p.payload or {})) for p in response.points]
