"""What a newly stored document means for webhook subscribers: agreements created or whose status changed,
and saved searches it matches. Written to the outbox inside the storing transaction.

A saved search matches a document when every term of its words (the search analyzer's stems) occurs in
the document's title, file name or text, and the document agrees with its filters (institution, body,
doc type, year). That is a plain, explainable rule: a ranked search always returns something, so "the
document is among the results" would say nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ingest.search.sparse import analyze
from ingest.tracking.agreements import Change
from ingest.tracking.outbox import enqueue, subscribers
from models import tables
from models.text import fold_key
from models.vocabulary import WebhookEvent


def agreement_payload(agreement: tables.Agreement) -> dict:
    return {
        "id": agreement.id,
        "code": agreement.code,
        "text": agreement.text,
        "institution": agreement.institution,
        "body": agreement.body,
        "responsible": agreement.responsible,
        "due": agreement.due.isoformat() if agreement.due else None,
        "status": agreement.status,
        "status_text": agreement.status_text,
        "progress": agreement.progress,
        "first_date": agreement.first_date.isoformat() if agreement.first_date else None,
        "last_date": agreement.last_date.isoformat() if agreement.last_date else None,
        "origin_session_id": agreement.session_id,
        "url": f"/api/agreements/{agreement.id}",
    }


def document_payload(document: tables.Document) -> dict:
    return {
        "id": document.id,
        "file_name": document.file_name,
        "title": document.title,
        "doc_type": document.doc_type,
        "institution": document.institution,
        "body": document.body,
        "date": document.date.isoformat() if document.date else None,
        "url": f"/api/documents/{document.id}",
    }


def search_matches(search: dict, document: tables.Document, terms: set[str]) -> bool:
    wanted = set(analyze(search.get("q") or ""))
    if not wanted or not wanted <= terms:
        return False
    for field in ("institution", "body", "doc_type"):
        value = search.get(field)
        if value and fold_key(value) != fold_key(getattr(document, field) or ""):
            return False
    year = search.get("year")
    return not (year and (document.date is None or document.date.year != int(year)))


def notify(db: Session, document: tables.Document, changes: list[Change]) -> int:
    """Queue the deliveries this document causes; returns how many."""
    queued = 0
    for change in changes:
        payload = {"agreement": agreement_payload(change.agreement), "document": document_payload(document)}
        if change.event == WebhookEvent.agreement_status_changed:
            payload["previous_status"] = change.previous_status
        queued += enqueue(db, change.event, payload)
    hooks = subscribers(db, WebhookEvent.search_match)
    if hooks:
        terms = set(analyze(" ".join(filter(None, [document.title, document.file_name, document.text]))))
        for hook in hooks:
            if search_matches(hook.search or {}, document, terms):
                payload = {"search": hook.search, "document": document_payload(document)}
                queued += enqueue(db, WebhookEvent.search_match, payload, [hook])
    return queued
