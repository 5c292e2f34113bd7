"""Documents: list with filters and pagination, one document with its text, its entities, its file."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy import select

from models import tables
from models.vocabulary import DocType
from service.auth import ReadAccess
from service.deps import Db
from service.errors import ApiError
from service.schemas import DateRange, DocumentId, Page, PageParams, date_range, page_params, paginate, where_dates

router = APIRouter(tags=["documents"])

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "markdown": "text/markdown",
    "text": "text/plain",
}


class DocumentSummary(BaseModel):
    id: int
    file_name: str
    format: str
    doc_type: str | None
    institution: str | None
    body: str | None
    date: date | None
    pages: int | None
    title: str | None

    model_config = {
        "from_attributes": True,
        "json_schema_extra": {
            "examples": [
                {
                    "id": 12,
                    "file_name": "acta-3-2024.pdf",
                    "format": "pdf",
                    "doc_type": "acta",
                    "institution": "IMPLAN Santa Lucía",
                    "body": "Consejo Directivo",
                    "date": "2024-03-21",
                    "pages": 6,
                    "title": "Acta de la Tercera Sesión Ordinaria 2024",
                }
            ]
        },
    }


class DocumentDetail(DocumentSummary):
    content_hash: str
    size_bytes: int
    ingested_at: str
    text: str
    blocks: list[dict]


def get_document_or_404(db: Db, document_id: int) -> tables.Document:
    doc = db.get(tables.Document, document_id)
    if doc is None:
        raise ApiError(404, "not_found", f"document {document_id}")
    return doc


@router.get("/documents", response_model=Page[DocumentSummary])
def list_documents(
    _: ReadAccess,
    db: Db,
    page: Annotated[PageParams, Depends(page_params)],
    dates: Annotated[DateRange, Depends(date_range)],
    doc_type: DocType | None = None,
    institution: str | None = None,
    body: str | None = None,
) -> Page[DocumentSummary]:
    """Documents, newest first, with filters."""
    query = select(tables.Document)
    if doc_type:
        query = query.where(tables.Document.doc_type == doc_type)
    if institution:
        query = query.where(tables.Document.institution == institution)
    if body:
        query = query.where(tables.Document.body == body)
    query = where_dates(query, tables.Document.date, dates)
    query = query.order_by(tables.Document.date.desc().nulls_last(), tables.Document.id.desc())
    total, rows = paginate(db, query, page)
    items = [DocumentSummary.model_validate(row[0]) for row in rows]
    return Page[DocumentSummary](total=total, limit=page.limit, offset=page.offset, items=items)


@router.get("/documents/{document_id}", response_model=DocumentDetail)
def get_document(document_id: DocumentId, _: ReadAccess, db: Db) -> DocumentDetail:
    """One document with its text and its structure (blocks with kind, page and offsets)."""
    doc = get_document_or_404(db, document_id)
    return DocumentDetail(
        **DocumentSummary.model_validate(doc).model_dump(),
        content_hash=doc.content_hash,
        size_bytes=doc.size_bytes,
        ingested_at=doc.ingested_at.isoformat(),
        text=doc.text,
        blocks=doc.blocks,
    )


@router.get("/documents/{document_id}/entities")
def get_entities(document_id: DocumentId, _: ReadAccess, db: Db) -> dict:
    """The document's entities in the extraction schema, each with the character span it came from, and its
    regions (preamble, agenda, items, attendance, dispositive points, closing, signatures) with their spans."""
    return get_document_or_404(db, document_id).extraction


@router.get("/documents/{document_id}/file", response_class=FileResponse)
def get_file(document_id: DocumentId, _: ReadAccess, db: Db) -> FileResponse:
    """The original file as it was ingested."""
    doc = get_document_or_404(db, document_id)
    path = Path(doc.source_path) if doc.source_path else None
    if path is None or not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != doc.content_hash:
        raise ApiError(404, "not_found", "the original file is no longer where it was ingested from")
    return FileResponse(path, media_type=MEDIA_TYPES.get(doc.format), filename=doc.file_name)
