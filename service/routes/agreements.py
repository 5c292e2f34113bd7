"""Agreements: decisions taken or followed up, with their latest status."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import select

from models import tables
from service.auth import ReadAccess
from service.deps import Db
from service.schemas import Page, PageParams, page_params, paginate

router = APIRouter(tags=["agreements"])


class AgreementItem(BaseModel):
    id: int
    code: str | None
    text: str
    institution: str | None
    body: str | None
    responsible: str | None
    due: date | None
    vote: str | None
    document_id: int
    file_name: str
    status: str | None


@router.get("/agreements", response_model=Page[AgreementItem])
def list_agreements(
    _: ReadAccess,
    db: Db,
    page: Annotated[PageParams, Depends(page_params)],
    institution: str | None = None,
    body: str | None = None,
    code: Annotated[str | None, Query(description="Identificador tal como se escribe, p. ej. JD-XI-1.")] = None,
    responsible: str | None = None,
) -> Page[AgreementItem]:
    """Agreements, newest document first."""
    A, D = tables.Agreement, tables.Document
    query = select(A, D.file_name).join(D, D.id == A.document_id)
    if institution:
        query = query.where(A.institution == institution)
    if body:
        query = query.where(A.body == body)
    if code:
        query = query.where(A.code == code)
    if responsible:
        query = query.where(A.responsible.contains(responsible))
    query = query.order_by(D.date.desc().nulls_last(), A.id)
    total, rows = paginate(db, query, page)
    items = []
    for agreement, file_name in rows:
        statuses = [e.status_text for e in agreement.events if e.status_text]
        items.append(
            AgreementItem(
                id=agreement.id,
                code=agreement.code,
                text=agreement.text,
                institution=agreement.institution,
                body=agreement.body,
                responsible=agreement.responsible,
                due=agreement.due,
                vote=agreement.vote,
                document_id=agreement.document_id,
                file_name=file_name,
                status=statuses[-1] if statuses else None,
            )
        )
    return Page[AgreementItem](total=total, limit=page.limit, offset=page.offset, items=items)
