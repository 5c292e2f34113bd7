"""The ingest pipeline: file -> parse -> extract -> chunk -> store -> index, one file at a time, never failing a batch.

The store is the system of record: a document, its entities and its chunks
are one transaction. The index is filled after the commit, a few documents
at a time so the embedding model sees full batches; call `flush_index` at the
end of a batch (`acervo reindex` rebuilds the index from the store).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import IntegrityError

from ingest.curation.overrides import apply_corrections, apply_document_fields, corrections_for, deletion_of
from ingest.errors import EmptyFile, FileTooLarge, IngestError, TextTooLong, Unreadable
from ingest.extract import Extractor
from ingest.parse import OcrConfig, parse_bytes
from ingest.parse.limits import ParseLimits
from ingest.parse.sandbox import ParseSandbox, Stopped
from ingest.records import attach_shared, build_document
from ingest.search.indexed import mark_indexed
from ingest.tracking.events import notify
from models.store import Store

if TYPE_CHECKING:
    from ingest.parse.document import ParsedDocument
    from ingest.search.chunk import Chunk
    from ingest.search.indexer import Indexer

Status = Literal["ingested", "duplicate", "failed"]

# spaCy's own ceiling, under which a document's tokens and spans stay within a few hundred MB.
DEFAULT_MAX_TEXT_CHARS = 1_000_000

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
    # Stored, but worth a look: bytes skipped before a PDF header, text that collapsed to almost nothing...
    warnings: tuple[str, ...] = ()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One entry met by a walk: a file to ingest (`skipped` None) or one left out, with the reason."""

    path: Path
    skipped: str | None = None


def walk(paths: Iterable[Path]) -> Iterator[Entry]:
    """Files under the given paths, folders walked recursively in name order, and every entry left out.

    A walk never leaves the folder it was given: a link whose target lies outside it is refused, and
    links to folders are not followed (they would be walked twice, or forever). Hidden entries, special
    files (pipes, sockets, devices) and broken links are skipped, each with its reason. A path given
    by name is taken as it is, even through a link: the user named it."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk_folder(path, path.resolve())
        elif path.exists() and not path.resolve().is_file():
            yield Entry(path, f"not a regular file ({_kind_of(path.resolve())})")
        else:
            yield Entry(path)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files a walk of `paths` takes (see `walk`)."""
    return (entry.path for entry in walk(paths) if entry.skipped is None)


def _kind_of(path: Path) -> str:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "missing"
    for test, name in ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device"),
                       (stat.S_ISBLK, "device"), (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "special file"


def _walk_folder(folder: Path, root: Path) -> Iterator[Entry]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Entry(folder, f"cannot read the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            yield Entry(path, "hidden, skipped")
            continue
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                yield Entry(path, f"link to {target}, outside the folder; refused")
            elif not target.exists():
                yield Entry(path, "broken link, skipped")
            elif target.is_dir():
                yield Entry(path, "link to a folder, not followed")
            elif target.is_file():
                yield Entry(path)
            else:
                yield Entry(path, f"link to a {_kind_of(target)}, skipped")
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(path, root)
        elif entry.is_file(follow_symlinks=False):
            yield Entry(path)
        else:
            yield Entry(path, f"not a regular file ({_kind_of(path)}), skipped")


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing before reading a file over the limit, or anything but a regular file
    (a named pipe would block the batch forever)."""
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise Unreadable(path.name, f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(path.name, f"not a regular file ({_kind_of(path)})")
        if info.st_size > max_bytes:
            raise FileTooLarge(
                path.name, f"file is {info.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"
            )
        if info.st_size == 0:
            raise EmptyFile(path.name, "empty file (0 bytes)")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(path.name, f"file grew over the {max_bytes / 1e6:.0f} MB limit while being read")
    return data


def keep_copy(folder: Path, data: bytes, digest: str) -> Path:
    """Write the bytes under their hash in `folder` (atomically); the copy `/file` serves."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / digest
    if not target.is_file() or target.is_symlink():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target


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
        keep_dir: Path | None = None,
        file_timeout_s: float | None = None,
        limits: ParseLimits | None = None,
        max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    ) -> None:
        """`indexer` indexes each document after it is stored; without one (a worker beside an embedded
        index another process owns), `chunker` still cuts the chunks that are stored for it to index.
        `keep_dir` (the data folder's uploads) receives a copy of each stored file under its hash: the
        only copy the API serves, whatever happens to the original. With `file_timeout_s`, each file is
        parsed in a child process that is killed past the deadline ("took longer than N s"); files that break
        `limits` (inflated size, markup depth, too few words), or whose text is over `max_text_chars`, are
        refused with that reason."""
        self.store = store
        self.extractor = extractor
        self.max_file_bytes = max_file_bytes
        self.indexer = indexer
        self.chunker = chunker or (indexer.chunk if indexer else None)
        self.ocr = ocr or OcrConfig()
        self.keep_dir = keep_dir
        self.limits = limits or ParseLimits()
        self.max_text_chars = max_text_chars
        # The child gets room for the inflated parts several times over (pdfminer copies them), and a floor
        # for the interpreter, the parsers and Tesseract's models.
        memory = 1024 * 1024 * 1024 + 4 * self.limits.max_expanded_bytes
        self.sandbox = ParseSandbox(file_timeout_s, memory_bytes=memory) if file_timeout_s else None
        self._queued: list[int] = []

    def load_models(self, *, freeze: bool = False) -> None:
        """Load the extraction model now rather than with the first file. With `freeze`, in a process that is
        Acervo's alone (not a test run's), leave what is loaded by now out of the cyclic garbage collector's
        passes: the models live as long as the process, and walking their few hundred thousand objects at every
        full pass cost 2.1 ms a document against 0.3 ms (bench_embed's actas)."""
        self.extractor.nlp  # noqa: B018 - the property loads it
        if freeze:
            gc.collect()  # the loading's garbage goes now: frozen, it would never be collected
            gc.freeze()

    def stop_parsing(self) -> None:
        """Stop the file being parsed now (another thread's call to ingest fails it as stopped)."""
        if self.sandbox:
            self.sandbox.stop()

    def close(self) -> None:
        """End the parsing child process, if one was started."""
        if self.sandbox:
            self.sandbox.close()

    def flush_index(self) -> int:
        """Index the documents stored since the last flush; the number of chunks indexed."""
        if not self.indexer:
            return 0
        queued, self._queued = self._queued, []
        try:
            indexed = self.indexer.flush(self.store)
        except Exception:
            # The documents whose batches went in before the failure are in the index but cannot be told
            # apart here; they stay unmarked and `acervo reindex` (or a server) indexes them again.
            self._queued = queued
            raise
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
            if self.keep_dir is not None and len(data) <= self.max_file_bytes:
                # Documents stored before copies were kept get theirs when their files are ingested again.
                with contextlib.suppress(OSError):
                    keep_copy(self.keep_dir, data, digest)
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
            if self.sandbox:
                parsed = self.sandbox.parse(
                    data, file_name, ocr=self.ocr, on_page=on_page, limits=self.limits
                )
            else:
                parsed = parse_bytes(
                    data, file_name, ocr=self.ocr, on_page=on_page, limits=self.limits
                )
            if len(parsed.text) > self.max_text_chars:
                raise TextTooLong(
                    file_name, f"text too long ({len(parsed.text)} characters, limit {self.max_text_chars})"
                )
            stage("extracting")
            extraction = self.extractor.extract(parsed)
            chunks = self.chunker(parsed) if self.chunker else []
        except Stopped:
            raise
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
        if self.keep_dir is not None:
            stage("storing")
            try:
                keep_copy(self.keep_dir, data, digest)
            except OSError as exc:
                # A full or read-only data folder fails this file with its reason; the caller decides to stop.
                return Outcome(file_name, "failed", code="store_failed",
                               reason=f"cannot keep a copy in the data folder: {exc.strerror or exc}")
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
                warnings = list(parsed.warnings)
                if self.indexer:
                    # The indexer keeps the document queued even when adding it brings up an earlier batch's
                    # failure (that batch is queued again as well): the flush indexes both, then marks them.
                    self._queued.append(document_id)
                    try:
                        self.indexer.add(document_id, len(chunks), self.store)
                    except Exception as exc:  # stored is stored: the index is rebuilt from the store
                        log.exception("indexing failed", extra={"file": file_name, "document": document_id})
                        warnings.append(
                            f"stored, but a batch failed to reach the index ({type(exc).__name__}); it is tried"
                            " again when this ingest ends, and `acervo reindex` indexes whatever is still missing"
                        )
                low = tuple(
                    (p.page, p.confidence)
                    for p in parsed.ocr_pages
                    if p.confidence is not None and p.confidence < self.ocr.low_confidence
                )
                return Outcome(
                    file_name,
                    "ingested",
                    document_id=document_id,
                    ocr_pages=len(parsed.ocr_pages),
                    low_confidence=low,
                    warnings=tuple(warnings),
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
