"""Page provenance as a query: which pages of which documents were read by OCR, and how confidently."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import tables

_P = tables.DocumentPage
_OCR_PAGES = select(_P.document_id, _P.page, _P.ocr_confidence).where(
    _P.document_id.in_(bindparam("ids", expanding=True)), _P.source == "ocr"
)  # built once: a search asks it on every page


def ocr_pages(db: Session, document_ids: Sequence[int]) -> dict[tuple[int, int], float | None]:
    """{(document id, page): OCR mean confidence} for the pages of these documents whose text came from OCR."""
    if not document_ids:
        return {}
    rows = db.connection().execute(_OCR_PAGES, {"ids": sorted(set(document_ids))})
    return {(doc, page): confidence for doc, page, confidence in rows}
