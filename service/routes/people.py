"""People: one row per person across documents, and where each took part."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import case, func, select

from models import tables
from models.text import fold_key
from models.vocabulary import ParticipationKind
from service.auth import ReadAccess
from service.deps import Db
from service.errors import ApiError
from service.schemas import Page, PageParams, PersonId, page_params, paginate

router = APIRouter(tags=["people"])


class PersonItem(BaseModel):
    id: int
    name: str
    sessions: int


class Appearance(BaseModel):
    session_id: int
    document_id: int
    file_name: str
    date: date | None
    institution: str | None
    body: str | None
    title: str | None
    role: str | None
    present: bool | None
    kind: ParticipationKind | None = Field(
        None, description="attended, absent, signed o mentioned; sólo attended y signed cuentan como asistencia."
    )


class RoleSpan(BaseModel):
    role: str
    first: date | None
    last: date | None
    sessions: int


class WrittenName(BaseModel):
    id: int
    name: str


class PersonDetail(PersonItem):
    aliases: list[str]
    names: list[WrittenName]
    confirmed: bool
    roles: list[RoleSpan]
    agreements: list[int]
    appearances: list[Appearance]


def roles_over_time(appearances: list[Appearance]) -> list[RoleSpan]:
    """Each role the person was written with, from its first to its last session, earliest first."""
    spans: dict[str, RoleSpan] = {}
    for a in appearances:
        if not a.role:
            continue
        key = fold_key(a.role)
        span = spans.get(key)
        if span is None:
            spans[key] = RoleSpan(role=a.role, first=a.date, last=a.date, sessions=1)
            continue
        span.sessions += 1
        if a.date and (span.first is None or a.date < span.first):
            span.first = a.date
        if a.date and (span.last is None or a.date > span.last):
            span.last = a.date
    return sorted(spans.values(), key=lambda s: (s.first or date.max, s.role))


@router.get("/people", response_model=Page[PersonItem])
def list_people(
    _: ReadAccess,
    db: Db,
    page: Annotated[PageParams, Depends(page_params)],
    name: Annotated[str | None, Query(description="Parte del nombre, sin importar acentos ni mayúsculas.")] = None,
) -> Page[PersonItem]:
    """People by number of sessions they attended or signed (a name only mentioned is not attendance)."""
    P, Pa = tables.Person, tables.Participation
    n = func.count(case((Pa.present.is_(True), Pa.id))).label("n")
    query = select(P, n).outerjoin(Pa, Pa.person_id == P.id).group_by(P.id)
    if name:
        person_ids = select(tables.PersonName.person_id).where(tables.PersonName.key.contains(fold_key(name)))
        query = query.where(P.id.in_(person_ids))
    query = query.order_by(n.desc(), P.name)
    total, rows = paginate(db, query, page)
    items = [PersonItem(id=p.id, name=p.name, sessions=count) for p, count in rows]
    return Page[PersonItem](total=total, limit=page.limit, offset=page.offset, items=items)


@router.get("/people/{person_id}", response_model=PersonDetail)
def get_person(person_id: PersonId, _: ReadAccess, db: Db) -> PersonDetail:
    """A person's sessions and roles over time."""
    person = db.get(tables.Person, person_id)
    if person is None:
        raise ApiError(404, "not_found", f"person {person_id}")
    S, D, Pa = tables.BoardSession, tables.Document, tables.Participation
    rows = db.execute(
        select(Pa, S, D.file_name)
        .join(S, S.id == Pa.session_id)
        .join(D, D.id == S.document_id)
        .where(Pa.person_id == person_id)
        .order_by(S.date.nulls_last(), S.id)
    ).all()
    appearances = [
        Appearance(
            session_id=s.id,
            document_id=s.document_id,
            file_name=file_name,
            date=s.date,
            institution=s.institution,
            body=s.body,
            title=pa.title,
            role=pa.role,
            present=pa.present,
            kind=pa.kind,
        )
        for pa, s, file_name in rows
    ]
    aliases = sorted({n.name for n in person.names} - {person.name})
    agreements = db.scalars(
        select(tables.Agreement.id).where(tables.Agreement.responsible_person_id == person_id)
    ).all()
    return PersonDetail(
        id=person.id,
        name=person.name,
        sessions=sum(1 for a in appearances if a.present),
        aliases=aliases,
        names=[WrittenName(id=n.id, name=n.name) for n in sorted(person.names, key=lambda n: n.name)],
        confirmed=person.confirmed_at is not None,
        roles=roles_over_time(appearances),
        agreements=list(agreements),
        appearances=appearances,
    )
