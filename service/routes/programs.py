"""Programs: named plans, programs, projects and regulations, one row each across full names, short names and
acronyms, and their mentions over time."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy import func, or_, select

from models import tables
from models.tables import MAX_ID
from models.text import fold_key
from service.auth import ReadAccess
from service.deps import Db
from service.errors import ApiError
from service.schemas import Page, PageParams, page_params, paginate

router = APIRouter(tags=["programs"])

ProgramId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id del programa.")]


class ProgramItem(BaseModel):
    id: int
    name: str
    acronym: str | None
    institution: str | None
    aliases: list[str]
    mentions: int
    documents: int


class Mention(BaseModel):
    document_id: int
    file_name: str
    date: date | None
    doc_type: str | None
    name_as_written: str
    span_start: int | None
    span_end: int | None


class YearCount(BaseModel):
    year: int
    mentions: int
    documents: int


class ProgramDetail(ProgramItem):
    confirmed: bool
    by_year: list[YearCount]
    items: list[Mention]


@router.get("/programs", response_model=Page[ProgramItem])
def list_programs(
    _: ReadAccess,
    db: Db,
    page: Annotated[PageParams, Depends(page_params)],
    name: Annotated[str | None, Query(description="Parte del nombre, de un nombre corto o la sigla.")] = None,
    institution: str | None = None,
) -> Page[ProgramItem]:
    """Programs by number of documents that mention them."""
    P, M = tables.Program, tables.ProgramMention
    n = func.count(M.id).label("n")
    docs = func.count(func.distinct(M.document_id)).label("docs")
    query = select(P, n, docs).outerjoin(M, M.program_id == P.id).group_by(P.id)
    if name:
        named = select(tables.ProgramName.program_id).where(tables.ProgramName.key.contains(fold_key(name)))
        query = query.where(or_(P.id.in_(named), P.acronym == name.upper()))
    if institution:
        query = query.where(P.institution == institution)
    query = query.order_by(docs.desc(), P.name)
    total, rows = paginate(db, query, page)
    items = [_item(p, count, documents) for p, count, documents in rows]
    return Page[ProgramItem](total=total, limit=page.limit, offset=page.offset, items=items)


def _item(program: tables.Program, mentions: int, documents: int) -> ProgramItem:
    return ProgramItem(
        id=program.id,
        name=program.name,
        acronym=program.acronym,
        institution=program.institution,
        aliases=list(program.aliases or []),
        mentions=mentions,
        documents=documents,
    )


@router.get("/programs/{program_id}", response_model=ProgramDetail)
def get_program(program_id: ProgramId, _: ReadAccess, db: Db) -> ProgramDetail:
    """A program's names and its mentions over time, by year and document."""
    program = db.get(tables.Program, program_id)
    if program is None:
        raise ApiError(404, "not_found", f"program {program_id}")
    M, D = tables.ProgramMention, tables.Document
    rows = db.execute(
        select(M, D.file_name, D.date, D.doc_type)
        .join(D, D.id == M.document_id)
        .where(M.program_id == program_id)
        .order_by(D.date.nulls_last(), D.id, M.span_start)
    ).all()
    items = [
        Mention(
            document_id=m.document_id,
            file_name=file_name,
            date=day,
            doc_type=doc_type,
            name_as_written=m.name_as_written,
            span_start=m.span_start,
            span_end=m.span_end,
        )
        for m, file_name, day, doc_type in rows
    ]
    years: dict[int, tuple[int, set[int]]] = {}
    for item in items:
        if item.date is None:
            continue
        count, docs = years.get(item.date.year, (0, set()))
        docs.add(item.document_id)
        years[item.date.year] = (count + 1, docs)
    by_year = [YearCount(year=y, mentions=c, documents=len(d)) for y, (c, d) in sorted(years.items())]
    summary = _item(program, len(items), len({i.document_id for i in items}))
    return ProgramDetail(
        **summary.model_dump(), confirmed=program.confirmed_at is not None, by_year=by_year, items=items
    )
