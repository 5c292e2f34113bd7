"""The archive at a glance for the home page: documents and sessions per year and body, agreements by
status, the latest uploads by upload time; and the bodies and years there are, to browse sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import func, select

from models import tables
from models.vocabulary import AgreementStatus
from service.auth import ReadAccess
from service.deps import Db

router = APIRouter(tags=["overview"])


class Cell(BaseModel):
    year: int | None
    body: str | None
    documents: int
    sessions: int


class StatusCount(BaseModel):
    status: str
    agreements: int


class Upload(BaseModel):
    id: int
    file_name: str
    title: str | None
    doc_type: str | None
    body: str | None
    ingested_at: datetime


class Overview(BaseModel):
    documents: int
    sessions: int
    agreements: int
    grid: list[Cell]
    bodies: list[str]
    years: list[int]
    agreements_by_status: list[StatusCount]
    recent: list[Upload]


def _year(column):
    return func.extract("year", column)


@router.get("/overview", response_model=Overview)
def overview(
    _: ReadAccess, db: Db, recent: Annotated[int, Query(ge=1, le=50, description="Últimas subidas.")] = 8
) -> Overview:
    """Counts for the home page. A session is one a minutes or an agenda records (a number or a date)."""
    D, S, A = tables.Document, tables.BoardSession, tables.Agreement
    cells: dict[tuple[int | None, str | None], list[int]] = {}
    for year, body, n in db.execute(select(_year(D.date), D.body, func.count(D.id)).group_by(_year(D.date), D.body)):
        key = (int(year) if year is not None else None, body)
        cells.setdefault(key, [0, 0])[0] += n
    sessions = (
        select(_year(S.date), S.body, func.count(S.id))
        .join(D, D.id == S.document_id)
        .where(D.doc_type.in_(["acta", "orden_del_dia"]))
        .where((S.number.is_not(None)) | (S.date.is_not(None)))
        .group_by(_year(S.date), S.body)
    )
    for year, body, n in db.execute(sessions):
        key = (int(year) if year is not None else None, body)
        cells.setdefault(key, [0, 0])[1] += n
    grid = [
        Cell(year=year, body=body, documents=d, sessions=s)
        for (year, body), (d, s) in sorted(cells.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1] or ""))
    ]
    by_status = dict(db.execute(select(A.status, func.count(A.id)).group_by(A.status)).all())
    statuses = [StatusCount(status=s.value, agreements=by_status.get(s.value, 0)) for s in AgreementStatus]
    uploads = db.scalars(select(D).order_by(D.ingested_at.desc(), D.id.desc()).limit(recent))
    return Overview(
        documents=db.scalar(select(func.count(D.id))) or 0,
        sessions=sum(c.sessions for c in grid),
        agreements=sum(by_status.values()),
        grid=grid,
        bodies=sorted({c.body for c in grid if c.body}),
        years=sorted({c.year for c in grid if c.year}, reverse=True),
        agreements_by_status=statuses,
        recent=[Upload.model_validate(d, from_attributes=True) for d in uploads],
    )
