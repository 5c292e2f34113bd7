"""Search: the same hybrid engine and filters as `acervo search`, paginated, with marked snippets."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from ingest.index import SearchFilters
from service.auth import ReadAccess
from service.errors import ApiError

router = APIRouter(tags=["search"])


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


class SearchResults(BaseModel):
    query: str
    limit: int
    offset: int
    items: list[SearchHit]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "query": "convenio INFONAVIT",
                    "limit": 10,
                    "offset": 0,
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
                        }
                    ],
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
    mode: Literal["hybrid", "dense", "sparse"] = "hybrid",
    passages: Annotated[bool, Query(description="Cada pasaje, no sólo el mejor de cada documento.")] = False,
) -> SearchResults:
    """Documents (or passages) by words and by meaning. Snippets mark matches with `<mark>`."""
    searcher = request.app.state.searcher
    if searcher is None:
        raise ApiError(503, "search_unavailable")
    filters = SearchFilters(
        institution=institution, body=body, doc_type=doc_type, year=year, date_from=date_from, date_to=date_to
    )
    hits = await run_in_threadpool(
        searcher.search, q, limit=limit, offset=offset, filters=filters, mode=mode, by_document=not passages
    )
    items = [SearchHit(**{k: v for k, v in h.to_dict().items() if k in SearchHit.model_fields}) for h in hits]
    return SearchResults(query=q, limit=limit, offset=offset, items=items)
