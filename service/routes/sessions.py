"""Sessions: the meetings the archive records, with filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import func, select

from models import tables
from service.auth import ReadAccess
from service.deps import Db
from service.schemas import DateRange, Page, PageParams, date_range, page_params, paginate, where_dates

router = APIRouter(tags=["sessions"])


class SessionItem(BaseModel):
    id: int
    document_id: int
    file_name: str
    doc_type: str | None
    institution: str | None
    body: str | None
    number: int | None
    type: str | None
    date: date | None
    start_time: str | None
    end_time: str | None
    place: str | None
    participants: int


@router.get("/sessions", response_model=Page[SessionItem])
def list_sessions(
    _: ReadAccess,
    db: Db,
    page: Annotated[PageParams, Depends(page_params)],
    dates: Annotated[DateRange, Depends(date_range)],
    institution: str | None = None,
    body: str | None = None,
    type: str | None = None,
) -> Page[SessionItem]:
    """Sessions with a number or a date, newest first."""
    S, D = tables.BoardSession, tables.Document
    count = (
        select(func.count(tables.Participation.id))
        .where(tables.Participation.session_id == S.id)
        .correlate(S)
        .scalar_subquery()
    )
    query = (
        select(S, D.file_name, D.doc_type, count)
        .join(D, D.id == S.document_id)
        .where((S.number.is_not(None)) | (S.date.is_not(None)))
    )
    if institution:
        query = query.where(S.institution == institution)
    if body:
        query = query.where(S.body == body)
    if type:
        query = query.where(S.type == type)
    query = where_dates(query, S.date, dates).order_by(S.date.desc().nulls_last(), S.id.desc())
    total, rows = paginate(db, query, page)
    items = [
        SessionItem(
            id=s.id,
            document_id=s.document_id,
            file_name=file_name,
            doc_type=doc_type,
            institution=s.institution,
            body=s.body,
            number=s.number,
            type=s.type,
            date=s.date,
            start_time=s.start_time,
            end_time=s.end_time,
            place=s.place,
            participants=n,
        )
        for s, file_name, doc_type, n in rows
    ]
    return Page[SessionItem](total=total, limit=page.limit, offset=page.offset, items=items)
