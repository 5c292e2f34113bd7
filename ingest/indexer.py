"""From stored documents to index points: chunk texts embedded densely and sparsely, with their payload.

The store is the system of record: chunks are rows there, written in the
document's own transaction, and the index is filled after the commit from
those rows. Point ids are chunk row ids and a document's old points are
deleted before its new ones go in, so indexing a document twice, or
rebuilding the whole index from the store, gives the same index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ingest.chunk import Chunk, chunk
from ingest.embed.encoder import DenseEncoder
from ingest.index import IndexPoint, VectorIndex, filter_key
from ingest.parse.document import ParsedDocument
from ingest.sparse import SparseEncoder
from models import tables
from models.store import Store

# Tokens kept free besides the passage: the title prefixed to every chunk is cut to fit in this.
TITLE_TOKENS = 48


@dataclass
class Indexer:
    """Chunks documents with the model's tokenizer and keeps the index in step with the store."""

    index: VectorIndex
    encoder: DenseEncoder
    sparse: SparseEncoder = field(default_factory=SparseEncoder)
    # A passage's target size: small enough to point at the place, large enough to mean something.
    chunk_tokens: int = 256
    batch_chunks: int = 128  # chunks encoded together: larger batches encode faster per chunk

    def __post_init__(self) -> None:
        self._pending: list[int] = []
        self._pending_chunks = 0
        self._ready = False

    def chunk(self, parsed: ParsedDocument) -> list[Chunk]:
        room = self.encoder.max_tokens - self.encoder.prompt_tokens() - TITLE_TOKENS
        return chunk(parsed, max_tokens=min(self.chunk_tokens, room), count_tokens=self.encoder.count_tokens)

    def ensure_collection(self) -> None:
        if not self._ready:
            self.index.ensure_collection(self.encoder.dim)
            self._ready = True

    def add(self, document_id: int, chunk_count: int, store: Store) -> None:
        """Queue a stored document; the queue is indexed when it holds enough chunks to batch well."""
        self._pending.append(document_id)
        self._pending_chunks += chunk_count
        if self._pending_chunks >= self.batch_chunks:
            self.flush(store)

    def flush(self, store: Store) -> int:
        """Index the queued documents; the number of chunks indexed."""
        pending, self._pending, self._pending_chunks = self._pending, [], 0
        return self.index_documents(store, pending) if pending else 0

    def index_documents(self, store: Store, document_ids: Sequence[int]) -> int:
        self.ensure_collection()
        with store.session() as db:
            documents = db.scalars(
                select(tables.Document)
                .where(tables.Document.id.in_(document_ids))
                .options(selectinload(tables.Document.chunks), selectinload(tables.Document.dates))
            ).all()
            rows = [(document, row) for document in documents for row in document.chunks]
            texts = [_embedding_text(document, row) for document, row in rows]
            payloads = [chunk_payload(document, row) for document, row in rows]
            ids = [row.id for _, row in rows]
        dense = self.encoder.encode_passages(texts)
        points = [
            IndexPoint(id=i, dense=vector, sparse=self.sparse.encode_passage(text), payload=payload)
            for i, vector, text, payload in zip(ids, dense, texts, payloads, strict=True)
        ]
        self.index.delete_documents(list(document_ids))
        for start in range(0, len(points), 512):
            self.index.upsert(points[start : start + 512])
        return len(points)

    def rebuild(self, store: Store, *, batch_documents: int = 32) -> Iterable[int]:
        """Empty the index and fill it from every stored document; yields chunks indexed per batch."""
        self.index.recreate(self.encoder.dim)
        self._ready = True
        with store.session() as db:
            all_ids = list(db.scalars(select(tables.Document.id).order_by(tables.Document.id)))
        for start in range(0, len(all_ids), batch_documents):
            yield self.index_documents(store, all_ids[start : start + batch_documents])


def _title_words(title: str | None) -> str | None:
    if not title:
        return None
    words = title.split()
    return " ".join(words[:TITLE_TOKENS // 2])  # a word is one or two tokens in Spanish


def _embedding_text(document: tables.Document, row: tables.Chunk) -> str:
    title = _title_words(document.title or document.file_name.rsplit(".", 1)[0])
    passage = Chunk(ordinal=row.ordinal, text=row.text, start=row.span_start, end=row.span_end, section=row.section)
    return passage.embedding_text(title)


def chunk_payload(document: tables.Document, row: tables.Chunk) -> dict:
    """What the index keeps beside a chunk's vectors: enough to filter, rank by document and show a result."""
    years = sorted({d.value.year for d in document.dates} | ({document.date.year} if document.date else set()))
    return {
        "document_id": document.id,
        "chunk_id": row.id,
        "ordinal": row.ordinal,
        "file_name": document.file_name,
        "title": document.title,
        "institution": filter_key(document.institution),
        "body": filter_key(document.body),
        "doc_type": document.doc_type,
        "institution_name": document.institution,
        "body_name": document.body,
        "date": document.date.isoformat() if document.date else None,
        "year": document.date.year if document.date else None,
        "years": years,
        "page": row.page,
        "section": row.section,
        "text": row.text,
    }
