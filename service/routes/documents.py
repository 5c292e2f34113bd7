"""Documents: list with filters and pagination, one document with its text and entities."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import func, select

from models import tables
from service.deps import Db

router = APIRouter(tags=["documents"])


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


class DocumentPage(BaseModel):
    total: int
    items: list[DocumentSummary]


class DocumentDetail(DocumentSummary):
    content_hash: str
    text: str
    blocks: list[dict]


def _summary(doc: tables.Document) -> DocumentSummary:
    return DocumentSummary(
        id=doc.id,
        file_name=doc.file_name,
        format=doc.format,
        doc_type=doc.doc_type,
        institution=doc.institution,
        body=doc.body,
        date=doc.date,
        pages=doc.pages,
        title=doc.title,
    )


@router.get("/documents", response_model=DocumentPage)
def list_documents(
    db: Db,
    doc_type: str | None = None,
    institution: str | None = None,
    limit: int = Query(20, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> DocumentPage:
    query = select(tables.Document)
    if doc_type:
        query = query.where(tables.Document.doc_type == doc_type)
    if institution:
        query = query.where(tables.Document.institution == institution)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.scalars(query.order_by(tables.Document.date.desc(), tables.Document.id).limit(limit).offset(offset))
    return DocumentPage(total=total, items=[_summary(d) for d in rows])


@router.get("/documents/{document_id}", response_model=DocumentDetail)
def get_document(document_id: int, db: Db) -> DocumentDetail:
    doc = db.get(tables.Document, document_id)
    if doc is None:
        raise HTTPException(404, detail="document not found")
    return DocumentDetail(**_summary(doc).model_dump(), content_hash=doc.content_hash, text=doc.text, blocks=doc.blocks)


@router.get("/documents/{document_id}/entities")
def get_entities(document_id: int, db: Db) -> dict:
    doc = db.get(tables.Document, document_id)
    if doc is None:
        raise HTTPException(404, detail="document not found")
    return doc.extraction
