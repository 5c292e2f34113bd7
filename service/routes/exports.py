"""Spreadsheet downloads of search results, people and programs (the agreements' is beside the tracker):
CSV for Excel and LibreOffice, see `service.exports`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from ingest.search.api import SearchRequest
from ingest.search.api import search as run_search
from ingest.search.index import SearchFilters
from models import tables
from models.tables import MAX_ID
from models.vocabulary import DocType
from service.auth import ReadAccess
from service.deps import Db, SearcherDep, StoreDep
from service.exports import (
    CSV_MEDIA,
    PEOPLE_COLUMNS,
    PROGRAM_COLUMNS,
    SEARCH_COLUMNS,
    page_link,
    plain_snippet,
    to_csv,
)

router = APIRouter(tags=["exports"])

CSV_RESPONSE = {200: {"content": {"text/csv": {}}}}


def _download(text: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}-{date.today().isoformat()}.csv"'}
    return Response(content=text.encode("utf-8"), media_type=CSV_MEDIA, headers=headers)


@router.get("/search/export", responses=CSV_RESPONSE, response_class=Response)
async def export_search(
    _: ReadAccess,
    searcher: SearcherDep,
    store: StoreDep,
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    institution: str | None = None,
    body: str | None = None,
    doc_type: DocType | None = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    person: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    program: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Resultados como máximo.")] = 200,
) -> Response:
    """The documents a search finds (the same filters as GET /api/search), best first, as a spreadsheet."""
    search_request = SearchRequest(
        query=q,
        filters=SearchFilters(
            institution=institution, body=body, doc_type=doc_type.value if doc_type else None, year=year,
            date_from=date_from, date_to=date_to,
        ),
        person=person,
        program=program,
        limit=limit,
    )
    page = await run_in_threadpool(run_search, searcher, store, search_request)
    base = str(request.base_url)
    rows = []
    for rank, hit in enumerate(page.hits, start=1):
        row = hit.to_dict()
        row.update(
            rank=rank,
            snippet=plain_snippet(row.get("snippet")),
            score=round(float(row.get("score") or 0), 4),
            link=page_link(base, f"documento/{row['document_id']}",
                           {"q": q, "desde": row.get("start"), "hasta": row.get("end")}),
        )
        rows.append(row)
    return _download(to_csv(SEARCH_COLUMNS, rows), "busqueda")


@router.get("/people/export", responses=CSV_RESPONSE, response_class=Response)
def export_people(_: ReadAccess, db: Db, request: Request) -> Response:
    """Every person with the other ways the name was written, sessions, first and last session."""
    P, Pa, S = tables.Person, tables.Participation, tables.BoardSession
    counts = {
        person_id: (n, first, last)
        for person_id, n, first, last in db.execute(
            select(Pa.person_id, func.count(Pa.id), func.min(S.date), func.max(S.date))
            .join(S, S.id == Pa.session_id)
            .group_by(Pa.person_id)
        )
    }
    base = str(request.base_url)
    rows = []
    for person in db.scalars(select(P).order_by(P.name)):
        n, first, last = counts.get(person.id, (0, None, None))
        rows.append({
            "id": person.id, "name": person.name,
            "aliases": sorted({x.name for x in person.names} - {person.name}),
            "sessions": n, "first": first, "last": last, "confirmed": person.confirmed_at is not None,
            "link": page_link(base, f"persona/{person.id}"),
        })
    return _download(to_csv(PEOPLE_COLUMNS, rows), "personas")


@router.get("/programs/export", responses=CSV_RESPONSE, response_class=Response)
def export_programs(_: ReadAccess, db: Db, request: Request) -> Response:
    """Every program with its acronym, other names, mentions and documents."""
    P, M = tables.Program, tables.ProgramMention
    counts = {
        program_id: (n, docs)
        for program_id, n, docs in db.execute(
            select(M.program_id, func.count(M.id), func.count(func.distinct(M.document_id))).group_by(M.program_id)
        )
    }
    base = str(request.base_url)
    rows = []
    for program in db.scalars(select(P).order_by(P.name)):
        n, docs = counts.get(program.id, (0, 0))
        rows.append({
            "id": program.id, "name": program.name, "acronym": program.acronym, "institution": program.institution,
            "aliases": program.aliases or [], "mentions": n, "documents": docs,
            "confirmed": program.confirmed_at is not None, "link": page_link(base, f"programa/{program.id}"),
        })
    return _download(to_csv(PROGRAM_COLUMNS, rows), "programas")
