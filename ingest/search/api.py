"""The one search path: a request (words, filters, person, program, document) to a page of hits with their
sessions and passage offsets, the size of the whole result set and its facets.

The API (`GET /api/search`), the CLI (`acervo search`) and the benchmarks all call `search`, so they share
filters, facets and thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ingest.search import facets
from ingest.search.facets import FacetCount, SessionRef
from ingest.search.index import SearchFilters
from ingest.search.searcher import Hit, Mode, Searcher
from models.pages import ocr_pages
from models.store import Store


@dataclass(frozen=True)
class SearchRequest:
    """What a caller asks: the query, hard filters, and restrictions resolved from the store."""

    query: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    person: int | None = None  # only documents of sessions this person took part in
    program: int | None = None  # only documents that mention this program
    document: int | None = None  # only this document
    limit: int = 10
    offset: int = 0
    mode: Mode = "hybrid"
    passages: bool = False  # every passage, not only the best one of each document


@dataclass(frozen=True)
class PageHit:
    """A hit with what the store adds: its document's session and the passage's character offsets."""

    hit: Hit
    session: SessionRef | None
    start: int | None
    end: int | None
    source: str | None = None  # "ocr" where the hit's page was read by OCR
    ocr_confidence: float | None = None

    def to_dict(self) -> dict:
        return {
            **self.hit.to_dict(),
            "session": None if self.session is None else self.session.__dict__,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "ocr_confidence": self.ocr_confidence,
        }


@dataclass(frozen=True)
class SearchPage:
    """One page of results, the size of the whole result set and its facets (see `ingest.search.facets`)."""

    request: SearchRequest
    hits: list[PageHit]
    total: int
    facets: dict[str, list[FacetCount]]

    def facets_dict(self) -> dict[str, list[dict]]:
        return {name: [f.__dict__ for f in values] for name, values in self.facets.items()}


def search(searcher: Searcher, store: Store, request: SearchRequest) -> SearchPage:
    """Run `request`; person, program and document restrictions become a document-id filter."""
    empty = {name: [] for name in facets.FACETS}
    with store.session() as db:
        allowed: set[int] | None = None
        for value, lookup in (
            (request.person, facets.documents_of_person),
            (request.program, facets.documents_of_program),
            (request.document, lambda _db, i: {i}),
        ):
            if value is not None:
                ids = lookup(db, value)
                allowed = ids if allowed is None else allowed & ids
        if allowed is not None and not allowed:
            return SearchPage(request, [], 0, empty)
        filters = request.filters
        if allowed is not None:
            filters = replace(filters, document_ids=tuple(sorted(allowed)))
        found = searcher.results(
            request.query,
            limit=request.limit,
            offset=request.offset,
            filters=filters,
            mode=request.mode,
            by_document=not request.passages,
        )
        payloads = facets.by_document(found.ranked)
        counts = {**facets.payload_facets(payloads), **facets.store_facets(db, list(payloads))}
        sessions = facets.sessions_of(db, [h.document_id for h in found.hits])
        spans = facets.chunk_spans(db, [h.chunk_id for h in found.hits])
        ocr = ocr_pages(db, [h.document_id for h in found.hits])
    hits = []
    for hit in found.hits:
        scanned = (hit.document_id, hit.page) in ocr
        hits.append(
            PageHit(
                hit,
                sessions.get(hit.document_id),
                *spans.get(hit.chunk_id, (None, None)),
                source="ocr" if scanned else None,
                ocr_confidence=ocr.get((hit.document_id, hit.page)) if scanned else None,
            )
        )
    return SearchPage(request, hits, found.total, {name: counts.get(name, []) for name in facets.FACETS})
