"""Rebuild every cross-document link (people, agreements, programs) from the extractions already stored.

Run after the linking rules change, or to make links independent of the order documents arrived in:
documents are replayed in date order, so each follow-up meets the session that took its agreement first.
Documents, their text, sessions, dates and chunks are untouched; no webhook fires. Staff corrections
(ingest/curation) are re-applied at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, select, update

from ingest.curation.overrides import apply_corrections
from ingest.extract.schema import (
    AgreementMention,
    DateMention,
    Extraction,
    Participant,
    ProgramMention,
    SessionInfo,
)
from ingest.records import attach_shared
from models import tables
from models.store import Store


def _span(value: list | tuple | None) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def _participant(item: dict) -> Participant:
    """A stored participant; one stored before participations had a kind gets it from its attendance."""
    if "kind" not in item:
        present = item.get("present")
        item = {**item, "kind": "attended" if present else "absent" if present is False else "mentioned"}
    return Participant(**item)


def extraction_from_dict(data: dict) -> Extraction:
    """The inverse of `Extraction.to_dict`, as stored with each document."""
    session = dict(data.get("session") or {})
    session["span"] = _span(session.get("span"))

    def items(key: str, cls: type) -> list:
        return [cls(**{**item, "span": _span(item.get("span"))}) for item in data.get(key) or []]

    return Extraction(
        file=data.get("file", ""),
        doc_type=data.get("doc_type", "other"),
        institution=data.get("institution"),
        body=data.get("body"),
        session=SessionInfo(**session),
        participants=[_participant(p) for p in items("participants", dict)],
        agreements=items("agreements", AgreementMention),
        dates=items("dates", DateMention),
        programs=items("programs", ProgramMention),
    )


def relink(store: Store, on_document: Callable[[str], None] | None = None) -> int:
    """Drop and rebuild all links in one transaction; returns the number of documents replayed."""
    with store.session() as db:
        db.execute(update(tables.Agreement).values(responsible_person_id=None))
        for table in (
            tables.AgreementEvent,
            tables.Agreement,
            tables.Participation,
            tables.PersonName,
            tables.Person,
            tables.ProgramMention,
            tables.ProgramName,
            tables.Program,
        ):
            db.execute(delete(table))
        db.flush()
        db.expunge_all()
        D = tables.Document
        ids = db.scalars(select(D.id).order_by(D.date.is_(None), D.date, D.id)).all()
        for document_id in ids:
            document = db.get(D, document_id)
            if on_document:
                on_document(document.file_name)
            attach_shared(db, document, extraction_from_dict(document.extraction or {}))
            db.flush()
        # Staff corrections (merges, dismissals, statuses...) are overrides: they hold after every relink.
        apply_corrections(db)
    return len(ids)
