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
# Candidates the graph search keeps while it walks (Qdrant's `hnsw_ef`; its default is the graph's build
# setting, 100). On e5 vectors of 100,000 synthetic Spanish passages on one subject (a harder case than an
# archive's varied text), of the exact 100 nearest it found 63 % at 100, 85 % at 300, 92 % at 500 and 96 % at
# 800 (76, 92, 97 and 98.5 % of the exact ten), in 1.4, 3.5, 5.0 and 6.8 ms against 13.6 ms for comparing
# every vector (2 cores). A list of 100 candidates needs the longer walk.
GRAPH_EF = 500
# Dense vectors are also kept as int8 in RAM (Qdrant's scalar quantisation, 384 bytes a vector for e5-small):
# the graph is built and walked on them, and the best OVERSAMPLING x limit are rescored on the float vectors.
# On the 100,000 passages above, at GRAPH_EF, a list took 1.9 ms against 7.1 ms on float vectors (filtered by
# body 4.5 against 8.4) and found as many of the exact nearest (93.6 against 93.5 % of the 100, 96 against
# 97 % of the ten); the graph built in 61 s against 146 s. Without rescoring the ten found fell to 81 %.
OVERSAMPLING = 2.0

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
        `ingest.search.index.resident`); `payloads` reads whole ones."""

    def payloads(self, point_ids: Sequence[int]) -> dict[int, dict]:
        """The whole stored payload of each of these points that exists."""

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
