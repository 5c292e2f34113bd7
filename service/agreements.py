"""Agreements as the API, the CLI and exports show them: one flat row each, and a timeline of events with
the passage each event was read from."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ingest.tracking.events import agreement_payload
from ingest.tracking.queries import AgreementFilters, agreement_query, is_overdue, is_quiet, quiet_cutoffs
from models import tables

PASSAGE_CHARS = 600


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def agreement_row(agreement: tables.Agreement, today: date, cutoffs: dict) -> dict:
    """The webhook payload's fields, with the origin session, counts, and the overdue and quiet flags."""
    row = agreement_payload(agreement)
    del row["url"], row["origin_session_id"]
    origin = agreement.origin_session
    row.update(
        responsible_person_id=agreement.responsible_person_id,
        origin=None
        if origin is None
        else {
            "session_id": origin.id,
            "document_id": origin.document_id,
            "file_name": origin.document.file_name,
            "date": _iso(origin.date),
            "number": origin.number,
            "type": origin.type,
        },
        events=len(agreement.events),
        documents=len({e.document_id for e in agreement.events}),
        overdue=is_overdue(agreement, today),
        quiet=is_quiet(agreement, cutoffs),
        status_note=agreement.status_note,
        confirmed=agreement.confirmed_at is not None,
    )
    return row


def _page_of(document: tables.Document, position: int | None) -> int | None:
    if position is None:
        return None
    for block in document.blocks or ():
        if block.get("start", 0) <= position < block.get("end", 0):
            return block.get("page")
    return None


def timeline(agreement: tables.Agreement) -> list[dict]:
    """Events in date order (taken first on the same day), each with its source passage."""
    events = sorted(agreement.events, key=lambda e: (e.date or date.min, 0 if e.kind == "taken" else 1, e.id or 0))
    out = []
    for event in events:
        document = event.document
        passage = None
        if event.span_start is not None and event.span_end is not None:
            passage = document.text[event.span_start : event.span_end][:PASSAGE_CHARS]
        session = event.session
        out.append(
            {
                "id": event.id,
                "kind": event.kind,
                "date": _iso(event.date),
                "status_text": event.status_text,
                "status": event.status,
                "progress": event.progress,
                "link": event.link,
                "link_score": event.link_score,
                "document_id": event.document_id,
                "file_name": document.file_name,
                "session_id": event.session_id,
                "session_number": session.number if session else None,
                "span_start": event.span_start,
                "span_end": event.span_end,
                "page": _page_of(document, event.span_start),
                "passage": passage,
                "url": f"/api/documents/{event.document_id}",
            }
        )
    return out


def find_agreements(
    db: Session, filters: AgreementFilters, today: date | None = None, limit: int | None = None, offset: int = 0
) -> tuple[int, list[dict]]:
    """The total matching `filters` and one page of rows."""
    today = today or date.today()
    query = agreement_query(db, filters, today)
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    if limit is not None:
        query = query.limit(limit).offset(offset)
    cutoffs = quiet_cutoffs(db, filters.quiet_sessions)
    return total, [agreement_row(a, today, cutoffs) for a in db.scalars(query)]


def to_csv(rows: list[dict], base: str = "") -> str:
    """The tracker's rows as a spreadsheet for Excel and LibreOffice (see `service.exports`); `base` makes
    each row's link absolute."""
    from service.exports import agreement_csv

    return agreement_csv(rows, base)


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
