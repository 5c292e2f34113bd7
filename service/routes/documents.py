"""Documents: list with filters and pagination, one document with its text, its entities, its file."""

from __future__ import annotations

import bisect
import copy
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
from service.deps import Db, SettingsDep
from service.errors import ApiError
from service.schemas import DateRange, DocumentId, Page, PageParams, date_range, page_params, paginate, where_dates

router = APIRouter(tags=["documents"])

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "markdown": "text/markdown",
    "text": "text/plain",
    "image": "application/octet-stream",
}
IMAGE_TYPES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


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


class PageSourceOut(BaseModel):
    page: int
    source: str  # "text": the file's text layer; "ocr": recognised from the page image
    ocr_confidence: float | None  # Tesseract's mean word confidence, 0-100

    model_config = {"from_attributes": True}


class DocumentDetail(DocumentSummary):
    content_hash: str
    size_bytes: int
    ingested_at: str
    text: str
    blocks: list[dict]
    # One per page of a PDF or image: where its text came from.
    page_sources: list[PageSourceOut] = []


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
        page_sources=[PageSourceOut.model_validate(p) for p in doc.page_sources],
    )


@router.get("/documents/{document_id}/entities")
def get_entities(document_id: DocumentId, _: ReadAccess, db: Db) -> dict:
    """The document's entities in the extraction schema, each with the character span it came from, and its
    regions (preamble, agenda, items, attendance, dispositive points, closing, signatures) with their spans.

    An entity on a page read by OCR also carries `page`, `source: "ocr"` and `ocr_confidence`."""
    doc = get_document_or_404(db, document_id)
    ocr = {p.page: p.ocr_confidence for p in doc.page_sources if p.source == "ocr"}
    if not ocr:
        return doc.extraction
    starts = [b["start"] for b in doc.blocks]

    def mark(entity: object) -> None:
        if not isinstance(entity, dict) or not entity.get("span"):
            return
        index = bisect.bisect_right(starts, entity["span"][0]) - 1
        page = doc.blocks[index].get("page") if index >= 0 else None
        if page in ocr:
            entity.update(page=page, source="ocr", ocr_confidence=ocr[page])

    extraction = copy.deepcopy(doc.extraction)
    mark(extraction.get("session"))
    for field in ("participants", "agreements", "dates", "programs"):
        for entity in extraction.get(field) or ():
            mark(entity)
    return extraction


@router.get("/documents/{document_id}/file", response_class=FileResponse)
def get_file(document_id: DocumentId, _: ReadAccess, db: Db, settings: SettingsDep) -> FileResponse:
    """The original file as it was ingested: the copy kept under the data folder, and nothing else."""
    doc = get_document_or_404(db, document_id)
    path = stored_copy(settings.uploads_dir, doc.content_hash)
    if path is None:
        raise ApiError(404, "not_found", "no stored copy of the original file (ingested before copies were kept?)")
    media_type = MEDIA_TYPES.get(doc.format)
    if doc.format == "image":
        with path.open("rb") as file:
            head = file.read(8)
        media_type = next((t for magic, t in IMAGE_TYPES if head.startswith(magic)), media_type)
    return FileResponse(path, media_type=media_type, filename=doc.file_name)


def stored_copy(uploads_dir: Path, digest: str) -> Path | None:
    """The regular file named by `digest` inside `uploads_dir` whose bytes still hash to it; never a link,
    never anything outside the folder (a path a walk or a client could have pointed elsewhere)."""
    if not digest.isalnum():
        return None
    path = uploads_dir / digest
    try:
        if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(uploads_dir.resolve()):
            return None
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return None
    except OSError:
        return None
    return path
