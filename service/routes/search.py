"""Search: the same hybrid engine and filters as `acervo search`, paginated, with marked snippets,
the size of the result set and its facets (see `service.facets`)."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ingest.index import SearchFilters
from ingest.search import Searcher
from models.pages import ocr_pages
from models.store import Store
from service import facets
from service.auth import ReadAccess
from service.errors import ApiError

router = APIRouter(tags=["search"])


class SessionRef(BaseModel):
    id: int
    number: int | None
    type: str | None
    date: str | None


class FacetValue(BaseModel):
    value: str = Field(description="Lo que recibe el filtro del mismo nombre.")
    label: str
    count: int = Field(description="Documentos del conjunto de resultados.")


class SearchHit(BaseModel):
    file_name: str
    document_id: int
    chunk_id: int
    score: float
    page: int | None
    section: str | None
    snippet: str
    title: str | None
    date: str | None
    institution: str | None
    body: str | None
    doc_type: str | None
    session: SessionRef | None = Field(None, description="La sesión que el documento registra o convoca.")
    start: int | None = Field(None, description="Dónde empieza el pasaje en el texto del documento (caracteres).")
    end: int | None = None
    source: str | None = Field(None, description='"ocr" si el texto de la página se obtuvo por OCR.')
    ocr_confidence: float | None = Field(None, description="Confianza media del OCR en esa página (0-100).")


class SearchResults(BaseModel):
    query: str
    limit: int
    offset: int
    total: int = Field(description="Documentos (o pasajes, con passages) del conjunto de resultados.")
    items: list[SearchHit]
    facets: dict[str, list[FacetValue]] = Field(
        default_factory=dict,
        description="institution, body, doc_type, year, person, program: valores con su número de documentos"
        " en todo el conjunto de resultados, no sólo en la página.",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "query": "convenio INFONAVIT",
                    "limit": 10,
                    "offset": 0,
                    "total": 14,
                    "items": [
                        {
                            "file_name": "acta-12-2019.md",
                            "document_id": 7,
                            "chunk_id": 31,
                            "score": 0.41,
                            "page": None,
                            "section": "Acuerdos",
                            "snippet": "se aprobó la celebración del <mark>Convenio</mark> con <mark>INFONAVIT</mark>…",
                            "title": "12ª Sesión Ordinaria",
                            "date": "2019-11-29",
                            "institution": "IMPLAN Torreón",
                            "body": "Consejo Directivo",
                            "doc_type": "acta",
                            "session": {"id": 5, "number": 12, "type": "ordinaria", "date": "2019-11-29"},
                            "start": 2310,
                            "end": 3120,
                        }
                    ],
                    "facets": {"year": [{"value": "2019", "label": "2019", "count": 9}]},
                }
            ]
        }
    }


@router.get("/search", response_model=SearchResults)
async def search(
    request: Request,
    _: ReadAccess,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Palabras o una pregunta.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    institution: str | None = None,
    body: str | None = None,
    doc_type: str | None = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    person: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="Id de una persona: sus sesiones.")] = None,
    program: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="Id de un programa: lo mencionan.")] = None,
    document: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="Sólo dentro de este documento.")] = None,
    mode: Literal["hybrid", "dense", "sparse"] = "hybrid",
    passages: Annotated[bool, Query(description="Cada pasaje, no sólo el mejor de cada documento.")] = False,
) -> SearchResults:
    """Documents (or passages) by words and by meaning. Snippets mark matches with `<mark>`.

    `total` and `facets` describe the whole result set: every document the engine ranks for the query under
    the filters (up to 100 passages from each of its candidate lists), not only this page."""
    searcher = request.app.state.searcher
    if searcher is None:
        raise ApiError(503, "search_unavailable")
    filters = SearchFilters(
        institution=institution, body=body, doc_type=doc_type, year=year, date_from=date_from, date_to=date_to
    )
    return await run_in_threadpool(
        _search,
        searcher,
        request.app.state.store,
        q,
        filters,
        restrict={"person": person, "program": program, "document": document},
        limit=limit,
        offset=offset,
        mode=mode,
        passages=passages,
    )


def _search(
    searcher: Searcher,
    store: Store,
    q: str,
    filters: SearchFilters,
    *,
    restrict: dict[str, int | None],
    limit: int,
    offset: int,
    mode: str,
    passages: bool,
) -> SearchResults:
    with store.session() as db:
        allowed: set[int] | None = None
        for name, lookup in (
            ("person", facets.documents_of_person),
            ("program", facets.documents_of_program),
            ("document", lambda _db, i: {i}),
        ):
            if restrict[name] is not None:
                ids = lookup(db, restrict[name])
                allowed = ids if allowed is None else allowed & ids
        if allowed is not None and not allowed:
            return SearchResults(query=q, limit=limit, offset=offset, total=0, items=[], facets={})
        if allowed is not None:
            filters = replace(filters, document_ids=tuple(sorted(allowed)))
        found = searcher.results(q, limit=limit, offset=offset, filters=filters, mode=mode, by_document=not passages)
        payloads = facets.by_document(found.ranked)
        counts = {**facets.payload_facets(payloads), **facets.store_facets(db, list(payloads))}
        sessions = facets.sessions_of(db, [h.document_id for h in found.hits])
        spans = facets.chunk_spans(db, [h.chunk_id for h in found.hits])
        ocr = ocr_pages(db, [h.document_id for h in found.hits])
    items = []
    for hit in found.hits:
        fields = {k: v for k, v in hit.to_dict().items() if k in SearchHit.model_fields}
        session = sessions.get(hit.document_id)
        start, end = spans.get(hit.chunk_id, (None, None))
        scanned = (hit.document_id, hit.page) in ocr
        items.append(
            SearchHit(
                **fields,
                session=SessionRef(**asdict(session)) if session else None,
                start=start,
                end=end,
                source="ocr" if scanned else None,
                ocr_confidence=ocr.get((hit.document_id, hit.page)) if scanned else None,
            )
        )
    return SearchResults(
        query=q,
        limit=limit,
        offset=offset,
        total=found.total,
        items=items,
        facets={name: [FacetValue(**asdict(f)) for f in counts[name]] for name in facets.FACETS},
    )
