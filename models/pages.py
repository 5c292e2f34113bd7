"""Page provenance as a query: which pages of which documents were read by OCR, and how confidently."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables


def ocr_pages(db: Session, document_ids: Sequence[int]) -> dict[tuple[int, int], float | None]:
    """{(document id, page): OCR mean confidence} for the pages of these documents whose text came from OCR."""
    if not document_ids:
        return {}
    P = tables.DocumentPage
    rows = db.execute(
        select(P.document_id, P.page, P.ocr_confidence).where(P.document_id.in_(set(document_ids)), P.source == "ocr")
    )
    return {(doc, page): confidence for doc, page, confidence in rows}
