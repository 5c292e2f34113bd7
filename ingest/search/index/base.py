"""What every vector index backend speaks: points, filters, prefetches and scored chunks.

One collection layout on every backend: a named dense vector "dense"
(cosine) and a named sparse vector "sparse" (IDF modifier), point id = the
chunk's row id in the store (so re-indexing overwrites, never duplicates), and
a payload with the document's metadata. The filter fields hold normalised
keys (lower case, no accents) so `--body "consejo directivo"` finds
"Consejo Directivo"; the display values travel beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np

from ingest.lang.es.honorifics import BODY_HONORIFICS
from ingest.search.sparse import SparseVector
from models.text import fold

DENSE = "dense"
SPARSE = "sparse"
COLLECTION = "acervo_chunks"
# Qdrant's RRF (Edge, server and qdrant-client alike) scores a list's point at 1-based rank r with weight w as
# 1 / (RRF_K - 1 + r / w): a weight stretches the ranks of its list. K is small because with many chunks per
# document the first ranks of each list carry the signal (tuned on the dev queries).
RRF_K = 5
# Dense vectors are also kept as int8 in RAM (Qdrant's scalar quantisation, 384 bytes a vector for e5-small):
# the graph is built and walked on them, and the best OVERSAMPLING x limit are rescored on the float vectors,
# so scores stay cosines. Without rescoring, a list found 81 % of the exact ten nearest instead of 96 %.
OVERSAMPLING = 2.0
# A filtered list whose matching vectors (by the payload index) take less than this many KB is answered by
# comparing the query with each of them, on their int8 copies, rescored: exact, and at 25,000 of 100,000 e5
# vectors (one body of four) 1.8 ms against 4.5 ms for the filtered walk at Qdrant's default of 10,000 KB,
# which found 96 % of the exact 100. A larger value also means fewer extra graph links for each payload value
# (the graph built in 29 s against 57 s), so the unfiltered walk needs a longer GRAPH_EF for the same recall.
FULL_SCAN_KB = 40_000
# Candidates the graph search keeps while it walks (Qdrant's `hnsw_ef`; its default is the graph's build
# setting, 100). On e5 vectors of 100,000 synthetic Spanish passages on one subject (a harder case than an
# archive's varied text), walked on the int8 copies with FULL_SCAN_KB as above, a list of 100 found 87.5 % of
# the exact 100 nearest at 500, 92 % at 700 and 94 % at 900 (92.5, 96 and 98 % of the exact ten), in 1.6, 2.1
# and 2.7 ms (2 cores; the float scan of every vector took 13.6 ms). A list of 100 candidates needs the long walk.
GRAPH_EF = 900
# The graph's build settings: Qdrant's defaults.
GRAPH_M, GRAPH_EF_CONSTRUCT = 16, 100

# Payload fields with an index, and their kind.
KEYWORD_FIELDS = ("institution", "body", "doc_type", "file_name")
INTEGER_FIELDS = ("document_id", "year", "years")
DATETIME_FIELDS = ("date",)


@lru_cache(maxsize=4096)  # called for every candidate's metadata on every search
def filter_key(value: str | None) -> str | None:
    """The form filter fields are stored and matched in: lower case, accents and extra spaces removed."""
    if not value:
        return None
    words = fold(value).split()
    # "H. Cabildo" and "Honorable Cabildo" are the Cabildo: the honorific says nothing about which body.
    if len(words) > 1 and words[0] in BODY_HONORIFICS:
        words = words[1:]
    return " ".join(words) or None


@dataclass(frozen=True)
class IndexPoint:
    """One chunk as the index holds it."""

    id: int
    dense: np.ndarray
    sparse: SparseVector
    payload: dict


@dataclass(frozen=True)
class SearchFilters:
    """Hard restrictions on what a search may return; None means no restriction."""

    institution: str | None = None
    body: str | None = None
    doc_type: str | None = None
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    # Any of these years among the years the document's dates fall in (a softer, wider net than `year`).
    years_any: tuple[int, ...] = ()
    # Only these documents (a person's or a program's, resolved from the store); empty means any.
    document_ids: tuple[int, ...] = ()
    # Let a document whose field is empty pass each condition: "not known to disagree" rather than "agrees".
    or_missing: bool = False

    def is_empty(self) -> bool:
        return self == SearchFilters() or self == SearchFilters(or_missing=True)

    def keyword_conditions(self) -> list[tuple[str, str]]:
        pairs = [("institution", self.institution), ("body", self.body), ("doc_type", self.doc_type)]
        return [(name, key) for name, value in pairs if (key := filter_key(value))]


@dataclass(frozen=True)
class Prefetch:
    """One candidate list for fusion: nearest neighbours on one vector, with a weight.

    `filters` restrict this list; all of them apply (each may have its own `or_missing`)."""

    using: Literal["dense", "sparse"]
    vector: np.ndarray | SparseVector
    limit: int
    filters: tuple[SearchFilters, ...] = ()
    weight: float = 1.0


@dataclass(frozen=True)
class ScoredChunk:
    id: int
    score: float
    payload: dict


class VectorIndex(Protocol):
    """A Qdrant collection of chunks, embedded or on a server."""

    def ensure_collection(self, dim: int) -> None:
        """Create the collection for `dim`-sized dense vectors, or check the existing one matches."""

    def recreate(self, dim: int) -> None:
        """Drop everything and start an empty collection."""

    def upsert(self, points: Sequence[IndexPoint]) -> None: ...

    def delete_documents(self, document_ids: Sequence[int]) -> None: ...

    def count(self) -> int: ...

    def query(
        self, prefetches: Sequence[Prefetch], *, limit: int, offset: int = 0, filters: SearchFilters | None = None
    ) -> list[ScoredChunk]:
        """One prefetch: its nearest neighbours. Several: their weighted RRF fusion (k=60).
        `filters` restrict the final result and every prefetch. A point's payload may lack its text (see
        `ingest.search.index.resident`); `texts` reads them."""

    def query_each(
        self, prefetches: Sequence[Prefetch], *, filters: SearchFilters | None = None
    ) -> list[list[ScoredChunk]]:
        """Each prefetch's own nearest neighbours (up to its limit), in one request: a query's lists of one
        kind differ only in their filters, and one request costs less than one per list."""

    def texts(self, point_ids: Sequence[int]) -> dict[int, str]:
        """The stored text of each of these points that exists."""

    def fill(self) -> int:
        """Read what ranking needs of every point into memory, where the backend keeps it; points read."""

    def optimize(self) -> int:
        """Build the nearest-neighbour graph over dense vectors still searched one by one, where the backend
        leaves that to its owner and enough of them wait; the number of vectors that waited (0: none, or
        not enough to be worth it)."""

    def close(self) -> None: ...


class IndexMismatch(RuntimeError):
    """The collection on disk or on the server was built for another model (vector size)."""


class IndexBusy(RuntimeError):
    """The embedded index is open in another process (one process at a time may hold it)."""
