"""Response shapes shared by several routers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models.tables import MAX_ID

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Elementos que cumplen los filtros.")
    limit: int
    offset: int
    items: list[T]


class PageParams(BaseModel):
    limit: int = 20
    offset: int = 0


def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Elementos por página.")] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Elementos a saltar.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


def paginate(db: Session, query: Select, params: PageParams) -> tuple[int, list]:
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(db.execute(query.limit(params.limit).offset(params.offset)).all())
    return total, rows


class DateRange(BaseModel):
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def date_range(
    year: Annotated[int | None, Query(ge=1900, le=2200, description="Año del documento o sesión.")] = None,
    date_from: Annotated[date | None, Query(description="Desde esta fecha (ISO).")] = None,
    date_to: Annotated[date | None, Query(description="Hasta esta fecha (ISO).")] = None,
) -> DateRange:
    return DateRange(year=year, date_from=date_from, date_to=date_to)


def where_dates(query: Select, column, dates: DateRange) -> Select:
    if dates.year is not None:
        query = query.where(column >= date(dates.year, 1, 1), column <= date(dates.year, 12, 31))
    if dates.date_from is not None:
        query = query.where(column >= dates.date_from)
    if dates.date_to is not None:
        query = query.where(column <= dates.date_to)
    return query


# Ids as the API takes them, bounded as the store holds them (`MAX_ID`).
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]  # an id in a request body
DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id del documento.")]
PersonId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id de la persona.")]
