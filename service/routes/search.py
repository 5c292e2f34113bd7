"""Search: the same hybrid engine and filters as `acervo search`, paginated, with marked snippets,
the size of the result set and its facets (see `ingest.search.facets`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ingest.search.api import SearchRequest
from ingest.search.api import search as run_search
from ingest.search.index import SearchFilters
from models.tables import MAX_ID
from models.vocabulary import DocType
from service.auth import ReadAccess
from service.deps import SearcherDep, StoreDep

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
                    "query": "atlas de riesgos",
                    "limit": 10,
                    "offset": 0,
                    "total": 14,
                    "items": [
                        {
                            "file_name": "acta-1-2024.md",
                            "document_id": 7,
                            "chunk_id": 31,
                            "score": 0.41,
                            "page": None,
                            "section": "Acuerdos",
                            "snippet": "se presentó el <mark>Atlas</mark> de <mark>Riesgos</mark> Naturales…",
                            "title": "Primera Sesión Ordinaria 2024",
                            "date": "2024-01-25",
                            "institution": "IMPLAN Santa Lucía",
                            "body": "Consejo Directivo",
                            "doc_type": "acta",
                            "session": {"id": 5, "number": 1, "type": "ordinaria", "date": "2024-01-25"},
                            "start": 2310,
                            "end": 3120,
                        }
                    ],
                    "facets": {"year": [{"value": "2024", "label": "2024", "count": 9}]},
                }
            ]
        }
    }


@router.get("/search", response_model=SearchResults)
async def search(
    _: ReadAccess,
    searcher: SearcherDep,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Palabras o una pregunta.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    institution: str | None = None,
    body: str | None = None,
    doc_type: DocType | None = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    person: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Id de una persona: sus sesiones.")] = None,
    program: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Id de un programa: lo mencionan.")] = None,
    document: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Sólo dentro de este documento.")] = None,
    mode: Literal["hybrid", "dense", "sparse"] = "hybrid",
    passages: Annotated[bool, Query(description="Cada pasaje, no sólo el mejor de cada documento.")] = False,
) -> SearchResults:
    """Documents (or passages) by words and by meaning. Snippets mark matches with `<mark>`.

    `total` and `facets` describe the whole result set: every document that matches the query under the
    filters (most of its words, or a close meaning), not only this page; nothing matching gives `total` 0."""
    request = SearchRequest(
        query=q,
        filters=SearchFilters(
            institution=institution,
            body=body,
            doc_type=doc_type.value if doc_type else None,
            year=year,
            date_from=date_from,
            date_to=date_to,
        ),
        person=person,
        program=program,
        document=document,
        limit=limit,
        offset=offset,
        mode=mode,
        passages=passages,
    )
    page = await run_in_threadpool(run_search, searcher, store, request)
    return SearchResults(
        query=q,
        limit=limit,
        offset=offset,
        total=page.total,
        items=[SearchHit(**{k: v for k, v in h.to_dict().items() if k in SearchHit.model_fields}) for h in page.hits],
        facets=page.facets_dict(),
    )
