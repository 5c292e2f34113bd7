"""Which stored documents the vector index holds (documents.indexed_at)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select, update

from models import tables
from models.store import Store


def pending_documents(store: Store, limit: int = 32) -> list[int]:
    """Stored documents not yet in the index, oldest first."""
    with store.session() as db:
        query = select(tables.Document.id).where(tables.Document.indexed_at.is_(None))
        return list(db.scalars(query.order_by(tables.Document.id).limit(limit)))


def mark_indexed(store: Store, document_ids: Sequence[int]) -> None:
    if not document_ids:
        return
    with store.session() as db:
        db.execute(
            update(tables.Document)
            .where(tables.Document.id.in_(list(document_ids)))
            .values(indexed_at=datetime.now(UTC))
        )


def is_indexed(store: Store, document_id: int | None) -> bool:
    """Whether the index holds this document (a duplicate's document was indexed when first stored)."""
    if document_id is None:
        return False
    with store.session() as db:
        return db.scalar(select(tables.Document.indexed_at).where(tables.Document.id == document_id)) is not None
