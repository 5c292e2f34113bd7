"""Agreement tracking queries: the filters staff and clients ask for, and what "overdue" and "quiet" mean.

- Overdue: a due date has passed and the agreement is neither fulfilled nor cancelled.
- Quiet: still open, and nothing was said about it in the last N sessions of its body (institution and
  body as extraction names them). A session counts when the archive has a dated record of it (minutes or an
  agenda, or any document with a session number); a body with fewer than N such sessions has no quiet ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from ingest.tracking import DEFAULT_QUIET_SESSIONS
from models import tables
from models.text import fold_key
from models.vocabulary import CLOSED_STATUSES, SESSION_DOC_TYPES

OPEN_EXCLUDED = tuple(s.value for s in CLOSED_STATUSES)


@dataclass
class AgreementFilters:
    institution: str | None = None
    body: str | None = None
    status: str | None = None
    responsible: str | None = None
    overdue: bool | None = None
    quiet: bool | None = None
    quiet_sessions: int = DEFAULT_QUIET_SESSIONS
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    code: str | None = None
    # True: only what is still open (commitments not done, deferrals); False: only what is settled or done.
    open: bool | None = None


def compact_key(code: str) -> str:
    """An agreement key with only its letters and digits, upper case: every written form of it agrees."""
    return re.sub(r"[^0-9A-Z]", "", fold_key(code).upper())


def _same_key(written: str) -> object:
    A = tables.Agreement
    stored = func.upper(func.replace(func.replace(func.coalesce(A.code_key, ""), "-", ""), " ", ""))
    key = compact_key(written)
    return and_(stored == key, stored != "") if key else false()


def quiet_cutoffs(db: Session, sessions: int) -> dict[tuple[str | None, str | None], date]:
    """For each (institution, body), the date of its N-th most recent session."""
    S, D = tables.BoardSession, tables.Document
    rows = db.execute(
        select(S.institution, S.body, S.date)
        .join(D, D.id == S.document_id)
        .where(S.date.is_not(None), or_(S.number.is_not(None), D.doc_type.in_([t.value for t in SESSION_DOC_TYPES])))
        .distinct()
    ).all()
    dates: dict[tuple[str | None, str | None], set[date]] = {}
    for institution, body, day in rows:
        dates.setdefault((institution, body), set()).add(day)
    return {
        scope: sorted(days, reverse=True)[sessions - 1] for scope, days in dates.items() if len(days) >= sessions
    }


def _open() -> object:
    A = tables.Agreement
    return or_(A.status.is_(None), A.status.not_in(OPEN_EXCLUDED))


def overdue_clause(today: date) -> object:
    A = tables.Agreement
    return and_(A.due.is_not(None), A.due < today, _open())


def quiet_clause(cutoffs: dict[tuple[str | None, str | None], date]) -> object:
    A = tables.Agreement
    scopes = []
    for (institution, body), cutoff in cutoffs.items():
        same_institution = A.institution.is_(None) if institution is None else A.institution == institution
        same_body = A.body.is_(None) if body is None else A.body == body
        scopes.append(and_(same_institution, same_body, or_(A.last_date.is_(None), A.last_date < cutoff)))
    return and_(_open(), or_(*scopes)) if scopes else false()


def is_overdue(agreement: tables.Agreement, today: date) -> bool:
    return bool(agreement.due and agreement.due < today and agreement.status not in OPEN_EXCLUDED)


def is_quiet(agreement: tables.Agreement, cutoffs: dict[tuple[str | None, str | None], date]) -> bool:
    cutoff = cutoffs.get((agreement.institution, agreement.body))
    if cutoff is None or agreement.status in OPEN_EXCLUDED:
        return False
    return agreement.last_date is None or agreement.last_date < cutoff


def agreement_query(db: Session, filters: AgreementFilters, today: date | None = None) -> Select:
    """Agreements matching `filters`, most recently active first."""
    A = tables.Agreement
    query = select(A)
    if filters.institution:
        query = query.where(A.institution == filters.institution)
    if filters.body:
        query = query.where(A.body == filters.body)
    if filters.status:
        query = query.where(A.status == filters.status)
    if filters.code:
        query = query.where(_same_key(filters.code))
    if filters.responsible:
        needle = f"%{filters.responsible.lower()}%"
        query = query.outerjoin(tables.Person, tables.Person.id == A.responsible_person_id).where(
            or_(func.lower(A.responsible).like(needle), func.lower(tables.Person.name).like(needle))
        )
    if filters.q:
        # Words of its wording, or its key in any written form ("cd-i-3", "CD I 3", "CD–I–3").
        query = query.where(or_(func.lower(A.text).like(f"%{filters.q.lower()}%"), _same_key(filters.q)))
    if filters.open is not None:
        query = query.where(_open() if filters.open else ~_open())
    if filters.date_from:
        query = query.where(A.first_date >= filters.date_from)
    if filters.date_to:
        query = query.where(A.first_date <= filters.date_to)
    if filters.overdue is not None:
        clause = overdue_clause(today or date.today())
        query = query.where(clause if filters.overdue else ~clause)
    if filters.quiet is not None:
        clause = quiet_clause(quiet_cutoffs(db, filters.quiet_sessions))
        query = query.where(clause if filters.quiet else ~clause)
    return query.order_by(A.last_date.desc().nulls_last(), A.id.desc())


def newly_overdue(db: Session, today: date) -> list[tables.Agreement]:
    """Overdue agreements no client has been told about yet."""
    A = tables.Agreement
    return list(db.scalars(select(A).where(overdue_clause(today), A.overdue_notified_at.is_(None))))
