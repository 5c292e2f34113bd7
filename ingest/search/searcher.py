"""Hybrid search over the index: dense and keyword candidates fused by RRF, metadata signals, snippets.

A query is embedded (dense) and analysed (sparse); each gives a candidate
list of chunks and Qdrant fuses them by reciprocal rank. Metadata the query
names (a year, a month range, a body, an institution; see `ingest.search.query`) add
candidate lists restricted to documents whose metadata agree or are unknown,
so a matching document is ranked up without one with missing metadata being
dropped; a time the query states as such ("en 2018") also leaves out the
documents known to be from another time. Explicit filters (`SearchFilters`)
are hard: they restrict every list. A query that is only a code ("JD-XI-1")
runs on the keyword side alone.
Results are chunks, or the best chunk of each document (`by_document`).
`results` also returns the whole result set a page comes from (every candidate
the fusion ranks: up to CANDIDATES passages from each list), for totals and
facets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ingest.embed.encoder import DenseEncoder
from ingest.search.index import Prefetch, ScoredChunk, SearchFilters, VectorIndex
from ingest.search.query import QueryIntent, Vocabulary, understand
from ingest.search.snippet import snippet
from ingest.search.sparse import SparseEncoder

Mode = Literal["hybrid", "dense", "sparse"]

CANDIDATES = 100  # chunks each list contributes to fusion
DENSE_WEIGHT = 0.7  # dense lists count a little less than keyword ones: their ranks stretch by 1/0.7 (tuned on dev)
# An identifier such as an agreement code: letters and digits joined by hyphens or slashes ("JD-XI-1", "CC/3").
_CODE = re.compile(r"(?<!\w)(?=[\w/-]*\d)(?=[\w/-]*[^\W\d_])\w+(?:[-/]\w+)+")
SIGNAL_WEIGHT = 0.3  # weight of each metadata-compatible list, relative to the unrestricted ones (tuned on dev)


@dataclass(frozen=True)
class Hit:
    """One result: a chunk of a document, its rank score, where it is, and a marked snippet."""

    file_name: str
    document_id: int
    chunk_id: int
    score: float
    page: int | None
    section: str | None
    snippet: str
    text: str
    title: str | None = None
    date: str | None = None
    institution: str | None = None
    body: str | None = None
    doc_type: str | None = None

    def to_dict(self) -> dict:
        return {
            "file_name": self.file_name,
            "score": round(self.score, 6),
            "page": self.page,
            "snippet": self.snippet,
            "section": self.section,
            "document_id": self.document_id,
            "chunk_id": self.chunk_id,
            "title": self.title,
            "date": self.date,
            "institution": self.institution,
            "body": self.body,
            "doc_type": self.doc_type,
        }


@dataclass(frozen=True)
class ResultSet:
    """A page of hits and the ranked result set it was cut from (one point per document when by document)."""

    hits: list[Hit]
    ranked: list[ScoredChunk]

    @property
    def total(self) -> int:
        return len(self.ranked)


@dataclass
class Searcher:
    index: VectorIndex
    encoder: DenseEncoder
    sparse: SparseEncoder = field(default_factory=SparseEncoder)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        filters: SearchFilters | None = None,
        mode: Mode = "hybrid",
        by_document: bool = False,
        use_signals: bool = True,
    ) -> list[Hit]:
        """The best chunks for `query`, or the best chunk of each of the best documents (`by_document`).

        `mode` runs one side alone (for comparison); `use_signals=False` ignores the query's metadata words."""
        intent = understand(query, self.vocabulary) if use_signals else QueryIntent()
        prefetches = self.prefetches(query, mode, intent)
        wanted = offset + limit
        fetch = max(wanted * 5, CANDIDATES) if by_document else wanted
        scored = self.index.query(prefetches, limit=fetch, offset=0, filters=filters)
        if by_document:
            scored = _best_per_document(scored)
        return [self._hit(point, query) for point in scored[offset:wanted]]

    def results(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        filters: SearchFilters | None = None,
        mode: Mode = "hybrid",
        by_document: bool = False,
        use_signals: bool = True,
    ) -> ResultSet:
        """The page `search` returns, with the whole result set it is cut from: every chunk the fusion
        ranks (at most CANDIDATES from each candidate list), or the best chunk of each of their documents."""
        intent = understand(query, self.vocabulary) if use_signals else QueryIntent()
        prefetches = self.prefetches(query, mode, intent)
        wanted = offset + limit
        depth = max(CANDIDATES * len(prefetches), wanted * 5 if by_document else wanted)
        scored = self.index.query(prefetches, limit=depth, offset=0, filters=filters)
        ranked = _best_per_document(scored) if by_document else scored
        return ResultSet(hits=[self._hit(point, query) for point in ranked[offset:wanted]], ranked=ranked)

    def prefetches(self, query: str, mode: Mode, intent: QueryIntent) -> list[Prefetch]:
        lists: list[tuple[str, object]] = []
        if mode == "hybrid" and _only_codes(query):
            # A bare code ("JD-XI-1") means nothing to a sentence model, which ranks "JD-XI-2" as close.
            mode = "sparse"
        if mode in ("hybrid", "dense"):
            lists.append(("dense", self.encoder.encode_query(query)))
        if mode in ("hybrid", "sparse"):
            sparse = self.sparse.encode_query(query)
            if sparse.indices:
                lists.append(("sparse", sparse))
        weights = {"dense": DENSE_WEIGHT, "sparse": 1.0}
        base = (intent.restrict,) if intent.restrict else ()
        prefetches = [
            Prefetch(using, vector, CANDIDATES, filters=base, weight=weights[using])  # type: ignore[arg-type]
            for using, vector in lists
        ]
        for signal in intent.signals:
            prefetches.extend(
                Prefetch(
                    using,  # type: ignore[arg-type]
                    vector,  # type: ignore[arg-type]
                    CANDIDATES,
                    filters=(*base, signal),
                    weight=SIGNAL_WEIGHT * weights[using],
                )
                for using, vector in lists
            )
        return prefetches

    def _hit(self, point: ScoredChunk, query: str) -> Hit:
        payload = point.payload
        return Hit(
            file_name=payload.get("file_name", ""),
            document_id=payload.get("document_id", 0),
            chunk_id=point.id,
            score=point.score,
            page=payload.get("page"),
            section=payload.get("section"),
            snippet=snippet(payload.get("text", ""), query),
            text=payload.get("text", ""),
            title=payload.get("title"),
            date=payload.get("date"),
            institution=payload.get("institution_name"),
            body=payload.get("body_name"),
            doc_type=payload.get("doc_type"),
        )


def _only_codes(query: str) -> bool:
    rest = _CODE.sub(" ", query)
    return rest != query and not any(ch.isalpha() for ch in rest)


def _best_per_document(points: list[ScoredChunk]) -> list[ScoredChunk]:
    seen: set[int] = set()
    best = []
    for point in points:
        document = point.payload.get("document_id")
        if document not in seen:
            seen.add(document)
            best.append(point)
    return best
