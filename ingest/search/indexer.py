"""From stored documents to index points: chunk texts embedded densely and sparsely, with their payload.

The store is the system of record: chunks are rows there, written in the
document's own transaction, and the index is filled after the commit from
those rows. Point ids are chunk row ids and a document's old points are
deleted before its new ones go in, so indexing a document twice, or
rebuilding the whole index from the store, gives the same index.
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ingest.embed.encoder import DenseEncoder, Passages
from ingest.parse.document import ParsedDocument
from ingest.search.chunk import Chunk, chunk
from ingest.search.index import IndexPoint, VectorIndex, filter_key
from ingest.search.sparse import SparseEncoder, packed_term_ids
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
    # A passage's target size: small enough to point at the place, large enough to mean something. On the dev
    # queries hybrid nDCG@10 was 0.966 / 0.983 / 0.970 / 0.959 at 128 / 192 / 256 / 384 tokens.
    chunk_tokens: int = 192
    # Chunks given to the encoder together. It sorts each call by length before cutting model batches, so a
    # larger call pads less: the same passages took 8 % longer in calls of about 130 than in one call, and
    # ingest went from 31-32 to 33-35 passages/s at 256 (bench_embed --phase ingest).
    batch_chunks: int = 256
    # Encode a batch in a worker thread while the next documents are parsed and extracted (the model releases
    # the GIL), and write it to the index in another while the next batch is encoded: the encoder never waits
    # for the index. One batch encoding and one writing at most, so memory stays bounded; an error surfaces
    # at the next batch.
    background: bool = False

    def __post_init__(self) -> None:
        self._pending: list[int] = []
        self._pending_chunks = 0
        self._ready = False
        self._encoding: Future[_Embedded] | None = None
        self._writing: deque[tuple[_Batch, Future[int]]] = deque()
        self._workers: tuple[ThreadPoolExecutor, ThreadPoolExecutor] | None = None
        self._indexed = 0

    def chunk(self, parsed: ParsedDocument) -> list[Chunk]:
        room = self.encoder.max_tokens - self.encoder.prompt_tokens() - TITLE_TOKENS
        return chunk(parsed, max_tokens=min(self.chunk_tokens, room), count_tokens=self.encoder.count_tokens)

    def ensure_collection(self) -> None:
        if not self._ready:
            self.index.ensure_collection(self.encoder.dim)
            self._ready = True

    def add(self, document_id: int, chunk_count: int, store: Store) -> None:
        """Queue a stored document; the queue is indexed when it holds enough chunks to batch well, or, in
        the background, as soon as it fills one model batch while the encoder has nothing to do."""
        self._pending.append(document_id)
        self._pending_chunks += chunk_count
        # An idle encoder is time the ingest never gets back: waiting for a full batch of chunks kept it idle
        # while the first documents were extracted, which cost a tenth of a whole ingest's time.
        idle = self.background and (self._encoding is None or self._encoding.done())
        if self._pending_chunks >= self.batch_chunks or (idle and self._pending_chunks >= self.encoder.batch_size):
            self._submit(store)

    @property
    def pending_chunks(self) -> int:
        """Chunks of queued documents not yet given to the encoder."""
        return self._pending_chunks

    def flush(self, store: Store) -> int:
        """Index everything queued and wait for it; the number of chunks indexed since the last flush.

        A failure surfaces only once no batch is in flight: a write still running after the error reached
        the caller would meet an index the caller has since closed or rebuilt."""
        try:
            self._submit(store)
        except Exception:
            with contextlib.suppress(Exception):
                self._wait()  # the other batches end too, each requeued if it failed
            raise
        self._wait()
        indexed, self._indexed = self._indexed, 0
        return indexed

    def close(self) -> None:
        """Stop the worker threads (after `flush`) and close the index."""
        if self._workers is not None:
            for worker in self._workers:
                worker.shutdown(wait=True)
            self._workers = None
        self.index.close()

    def _submit(self, store: Store) -> None:
        pending, chunks = self._pending, self._pending_chunks
        self._pending, self._pending_chunks = [], 0
        if not pending:
            return
        try:
            if not self.background:
                self._wait()
                self._indexed += self.index_documents(store, pending)
                return
            # The batch is read here, while the encoder is still busy with the one before, so that it goes from
            # one batch to the next without waiting: read in the encoder's thread, a batch's rows left both
            # cores to the interpreter alone for 160-260 ms (5 % of an ingest on bench_embed's actas).
            batch = self._read(store, pending)
            if self._encoding is not None:
                wait([self._encoding])  # its error, if any, is its write's, collected below
            while self._writing and (len(self._writing) > 1 or self._writing[0][1].done()):
                self._collect()
        except Exception:
            self._requeue(pending, chunks)
            raise
        if self._workers is None:
            self._workers = (
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="acervo-embed"),
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="acervo-index"),
            )
        encoders, writers = self._workers
        self._encoding = encoders.submit(self._embed, batch)
        self._writing.append((batch, writers.submit(lambda embedded: self._write(embedded.result()), self._encoding)))

    def _wait(self) -> None:
        """Wait for every batch given to the workers; the first error, once all have ended."""
        self._encoding = None
        error: Exception | None = None
        while self._writing:
            try:
                self._collect()
            except Exception as exc:
                error = error or exc
        if error is not None:
            raise error

    def _collect(self) -> None:
        """The oldest batch's write: counted, or, when it failed, its documents queued again."""
        batch, writing = self._writing.popleft()
        try:
            self._indexed += writing.result()
        except Exception:
            self._requeue(batch.document_ids, len(batch.ids))
            raise

    def _requeue(self, document_ids: Sequence[int], chunks: int) -> None:
        # A batch that did not reach the index stays queued, so the next flush indexes it before the
        # ingest marks its documents indexed: marked but missing, they would never be searched.
        self._pending = [*document_ids, *self._pending]
        self._pending_chunks += chunks

    def index_documents(self, store: Store, document_ids: Sequence[int]) -> int:
        return self._write(self._embed(self._read(store, document_ids)))

    def _read(self, store: Store, document_ids: Sequence[int]) -> _Batch:
        """The stored chunks of these documents: ids, passages and payloads."""
        self.ensure_collection()
        with store.session() as db:
            documents = db.scalars(
                select(tables.Document)
                .where(tables.Document.id.in_(document_ids))
                .options(selectinload(tables.Document.chunks), selectinload(tables.Document.dates))
            ).all()
            rows = [(document, row) for document in documents for row in document.chunks]
            texts = [passage_text(document, row) for document, row in rows]
            return _Batch(
                document_ids=list(document_ids),
                ids=[row.id for _, row in rows],
                passages=self.encoder.prepare_passages(texts),
                payloads=[chunk_payload(document, row) for document, row in rows],
            )

    def _embed(self, batch: _Batch) -> _Embedded:
        return _Embedded(batch, self.encoder.encode_passages(batch.passages))

    def _write(self, embedded: _Embedded) -> int:
        """Replace the documents' points in the index; the number of points written."""
        points = [
            IndexPoint(id=i, dense=vector, sparse=self.sparse.encode_passage(text), payload=payload)
            for i, vector, text, payload in zip(
                embedded.batch.ids, embedded.dense, embedded.batch.passages.texts, embedded.batch.payloads, strict=True
            )
        ]
        self.index.delete_documents(embedded.batch.document_ids)
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


@dataclass(frozen=True)
class _Batch:
    """A batch of documents' stored chunks, read for the index and ready for the encoder."""

    document_ids: list[int]
    ids: list[int]
    passages: Passages
    payloads: list[dict]


@dataclass(frozen=True)
class _Embedded:
    """A batch with its passages embedded, on its way to the index."""

    batch: _Batch
    dense: np.ndarray


_NAME_PARTS = re.compile(r"[_\-.\s]+")
_HASH_LIKE = re.compile(r"^(?=.*\d)[0-9a-f]{8,}$")
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")


def file_words(file_name: str) -> str:
    """The words of a file name ("017_convenio-implan-santa-lucia-2024.md" -> "convenio implan santa lucia 2024"),
    without the extension, serial numbers or content hashes, which say nothing about the document."""
    stem = file_name.rsplit(".", 1)[0]
    parts = [p for p in _NAME_PARTS.split(stem) if p and not _HASH_LIKE.match(p.lower())]
    return " ".join(p for p in parts if not (p.isdigit() and len(p) < 4))


def document_context(document: tables.Document) -> str | None:
    """What every chunk of the document is read with: its title and the words of its file name."""
    parts = [document.title, file_words(document.file_name)]
    words = " ".join(p for p in parts if p).split()
    return " ".join(words[: TITLE_TOKENS // 2]) or None  # a word is one or two tokens in Spanish


def passage_text(document: tables.Document, row: tables.Chunk) -> str:
    """What both the dense and the sparse side index for a stored chunk: its text with the document's
    context and its section in front."""
    passage = Chunk(ordinal=row.ordinal, text=row.text, start=row.span_start, end=row.span_end, section=row.section)
    return passage.embedding_text(document_context(document))


def document_years(document: tables.Document) -> tuple[int | None, list[int]]:
    """The document's year (its date's, else the one year its title or file name states) and every year
    its dates, title and file name mention."""
    named = {int(y) for y in _YEAR.findall(f"{document.title or ''} {file_words(document.file_name)}")}
    mentioned = {d.value.year for d in document.dates} | named
    if document.date:
        year: int | None = document.date.year
        mentioned.add(year)
    else:
        year = next(iter(named)) if len(named) == 1 else None
    return year, sorted(mentioned)


def chunk_payload(document: tables.Document, row: tables.Chunk) -> dict:
    """What the index keeps beside a chunk's vectors: enough to filter, rank by document and show a result."""
    year, years = document_years(document)
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
        "year": year,
        "years": years,
        "page": row.page,
        "section": row.section,
        "text": row.text,
        # the chunk's own words, so search measures how much of a query a candidate holds without analysing it
        "terms": packed_term_ids(row.text),
    }
