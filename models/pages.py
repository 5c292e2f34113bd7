"""Page provenance as a query: which pages of which documents were read by OCR, and how confidently."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables
from models.ids import in_ids
from models.store import run_for_ids

_P = tables.DocumentPage
_OCR_PAGES = select(_P.document_id, _P.page, _P.ocr_confidence).where(
    in_ids(_P.document_id), _P.source == "ocr"
)


def ocr_pages(db: Session, document_ids: Sequence[int]) -> dict[tuple[int, int], float | None]:
    """{(document id, page): OCR mean confidence} for the pages of these documents whose text came from OCR."""
    if not document_ids:
        return {}
    rows = run_for_ids(db, _OCR_PAGES, sorted(set(document_ids)))
    return {(doc, page): confidence for doc, page, confidence in rows}
