"""Programs: named plans, programs, projects and regulations, and how often they are mentioned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import func, select

from models import tables
from models.keys import program_key
from service.auth import ReadAccess
from service.deps import Db
from service.schemas import Page, PageParams, page_params, paginate

router = APIRouter(tags=["programs"])


class ProgramItem(BaseModel):
    id: int
    name: str
    acronym: str | None
    mentions: int


@router.get("/programs", response_model=Page[ProgramItem])
def list_programs(
    _: ReadAccess,
    db: Db,
    page: Annotated[PageParams, Depends(page_params)],
    name: Annotated[str | None, Query(description="Parte del nombre o la sigla.")] = None,
) -> Page[ProgramItem]:
    """Programs by number of documents that mention them."""
    P, M = tables.Program, tables.ProgramMention
    n = func.count(M.id).label("n")
    query = select(P, n).outerjoin(M, M.program_id == P.id).group_by(P.id)
    if name:
        query = query.where(P.key.contains(program_key(name)) | (P.acronym == name))
    query = query.order_by(n.desc(), P.name)
    total, rows = paginate(db, query, page)
    items = [ProgramItem(id=p.id, name=p.name, acronym=p.acronym, mentions=count) for p, count in rows]
    return Page[ProgramItem](total=total, limit=page.limit, offset=page.offset, items=items)
