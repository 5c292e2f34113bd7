"""The ingest pipeline: file -> parse -> extract -> chunk -> store -> index, one file at a time, never failing a batch.

The store is the system of record: a document, its entities and its chunks
are one transaction. The index is filled after the commit, a few documents
at a time so the embedding model sees full batches; call `flush_index` at the
end of a batch (`acervo reindex` rebuilds the index from the store).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import IntegrityError

from ingest.curation.overrides import apply_corrections, apply_document_fields, corrections_for, deletion_of
from ingest.errors import EmptyFile, FileTooLarge, IngestError
from ingest.extract import Extractor
from ingest.parse import OcrConfig, parse_bytes
from ingest.records import attach_shared, build_document
from ingest.search.indexed import mark_indexed
from ingest.tracking.events import notify
from models.store import Store

if TYPE_CHECKING:
    from ingest.parse.document import ParsedDocument
    from ingest.search.chunk import Chunk
    from ingest.search.indexer import Indexer

Status = Literal["ingested", "duplicate", "failed"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one file."""

    file: str
    status: Status
    document_id: int | None = None
    code: str | None = None
    reason: str | None = None
    # Pages whose text came from OCR, and those among them read with low confidence: (page, confidence).
    ocr_pages: int = 0
    low_confidence: tuple[tuple[int, float], ...] = ()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths, folders walked recursively in name order, hidden entries skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing before reading a file over the limit."""
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(path.name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
    if size == 0:
        raise EmptyFile(path.name, "empty file (0 bytes)")
    return path.read_bytes()


class Ingestor:
    """Stores files with their entities. Each file is one transaction: all of it or nothing."""

    def __init__(
        self,
        store: Store,
        extractor: Extractor,
        *,
        max_file_bytes: int,
        indexer: Indexer | None = None,
        chunker: Callable[[ParsedDocument], list[Chunk]] | None = None,
        ocr: OcrConfig | None = None,
    ) -> None:
        """`indexer` indexes each document after it is stored; without one (a worker beside an embedded
        index another process owns), `chunker` still cuts the chunks that are stored for it to index."""
        self.store = store
        self.extractor = extractor
        self.max_file_bytes = max_file_bytes
        self.indexer = indexer
        self.chunker = chunker or (indexer.chunk if indexer else None)
        self.ocr = ocr or OcrConfig()
        self._queued: list[int] = []

    def flush_index(self) -> int:
        """Index the documents stored since the last flush; the number of chunks indexed."""
        if not self.indexer:
            return 0
        indexed = self.indexer.flush(self.store)
        queued, self._queued = self._queued, []
        mark_indexed(self.store, queued)
        return indexed

    def ingest_path(self, path: Path, *, on_page: Callable[[int, int], None] | None = None) -> Outcome:
        try:
            data = read_limited(path, self.max_file_bytes)
        except IngestError as exc:
            return Outcome(path.name, "failed", code=exc.code, reason=exc.reason)
        except OSError as exc:
            return Outcome(path.name, "failed", code="unreadable", reason=f"cannot read file: {exc.strerror or exc}")
        return self.ingest_bytes(data, path.name, source_path=str(path.resolve()), on_page=on_page)

    def ingest_bytes(
        self,
        data: bytes,
        file_name: str,
        *,
        source_path: str | None = None,
        on_stage: Callable[[str], None] | None = None,
        on_page: Callable[[int, int], None] | None = None,
    ) -> Outcome:
        """Ingest one file's bytes; `on_stage` hears "parsing", "extracting" and "storing" as they start,
        `on_page(done, total)` each page of a PDF or image as it is read (OCR takes seconds a page)."""
        stage = on_stage or (lambda _name: None)
        digest = content_hash(data)
        existing = self.store.document_by_hash(digest)
        if existing is not None:
            return Outcome(
                file_name, "duplicate", document_id=existing.id, reason=f"same content as {existing.file_name}"
            )
        with self.store.session() as db:
            deleted = deletion_of(db, digest)
            if deleted is not None:
                when = deleted.created_at.date().isoformat()
                return Outcome(
                    file_name,
                    "failed",
                    code="deleted_by_staff",
                    reason=f"deleted by {deleted.actor} on {when} (correction {deleted.id}); not ingested again",
                )
        try:
            if len(data) > self.max_file_bytes:
                raise FileTooLarge(file_name, f"file is {len(data) / 1e6:.1f} MB, over the limit")
            stage("parsing")
            parsed = parse_bytes(data, file_name, ocr=self.ocr, on_page=on_page)
            stage("extracting")
            extraction = self.extractor.extract(parsed)
            chunks = self.chunker(parsed) if self.chunker else []
        except IngestError as exc:
            log.info("refused", extra={"file": file_name, "code": exc.code, "reason": exc.reason})
            return Outcome(file_name, "failed", code=exc.code, reason=exc.reason)
        except Exception as exc:  # a file our parsers do not survive must not stop the batch
            # The traceback is what a developer needs to fix the parser; the outcome is what staff see.
            log.exception("unprocessable", extra={"file": file_name})
            return Outcome(
                file_name,
                "failed",
                code="unprocessable",
                reason=f"could not be processed ({type(exc).__name__}: {exc})",
            )
        document = build_document(
            parsed, extraction, content_hash=digest, size_bytes=len(data), source_path=source_path, chunks=chunks
        )
        for attempt in range(2):
            try:
                with self.store.session() as db:
                    db.add(document)
                    # Staff corrections of these bytes (title, date, body...) hold before linking uses them,
                    # and every correction is re-applied after it (a dismissed agreement stays dismissed).
                    apply_document_fields(document, corrections_for(db, digest))
                    changes = attach_shared(db, document, extraction)
                    db.flush()
                    apply_corrections(db)
                    changes = [c for c in changes if c.agreement in db]
                    notify(db, document, changes)
                    document_id = document.id
                if self.indexer:
                    self.indexer.add(document_id, len(chunks), self.store)
                    self._queued.append(document_id)
                low = tuple(
                    (p.page, p.confidence)
                    for p in parsed.ocr_pages
                    if p.confidence is not None and p.confidence < self.ocr.low_confidence
                )
                return Outcome(
                    file_name, "ingested", document_id=document_id, ocr_pages=len(parsed.ocr_pages), low_confidence=low
                )
            except IntegrityError:
                # Another process stored the same bytes, or created the same person
                # or program, between our check and our commit.
                existing = self.store.document_by_hash(digest)
                if existing is not None:
                    return Outcome(
                        file_name, "duplicate", document_id=existing.id, reason=f"same content as {existing.file_name}"
                    )
                if attempt:
                    raise
                document = build_document(
                    parsed,
                    extraction,
                    content_hash=digest,
                    size_bytes=len(data),
                    source_path=source_path,
                    chunks=chunks,
                )
        raise AssertionError("unreachable")
