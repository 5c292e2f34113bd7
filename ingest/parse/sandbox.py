"""Parsing in a child process, so that a deadline really stops it and its memory has a ceiling.

A thread cannot be stopped: a parser looping on a hostile file would run on after its job gave up and keep
the process from exiting. The child is started once and reused; when a file takes too long (or the caller
stops it) the child is killed and the next file starts a new one.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from ingest.errors import FileTooLarge, IngestError
from ingest.parse.document import ParsedDocument
from ingest.parse.limits import ParseLimits
from ingest.parse.ocr import OcrConfig
from ingest.parse.pdf import PageProgress

log = logging.getLogger(__name__)

# How long the child may take to start (import the parsers) before the first file is given to it.
STARTUP_S = 120


class TookTooLong(IngestError):
    code = "timeout"


class Stopped(Exception):
    """Parsing was stopped from outside (the worker is shutting down)."""


def _serve(conn: Connection, memory_bytes: int | None) -> None:
    """The child's loop: parse each request and send back the document or the error, page by page."""
    if memory_bytes:
        import resource

        # A ceiling on the address space: a file that inflates past it fails this file, not the machine.
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from ingest.parse.api import parse_bytes

    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        data, file, ocr, limits = request

        def page(done: int, total: int) -> None:
            conn.send(("page", done, total))

        try:
            doc = parse_bytes(data, file, ocr=ocr, on_page=page, limits=limits)
            conn.send(("ok", doc))
        except IngestError as exc:
            conn.send(("refused", type(exc).__name__, exc.code, exc.file, exc.reason))
        except MemoryError:
            conn.send(("memory",))
        except Exception as exc:  # reported to the parent, which logs it and fails this file only
            conn.send(("crash", f"{type(exc).__name__}: {exc}"))
        del data


class ParseSandbox:
    """A reusable child process that parses one file at a time under a deadline."""

    def __init__(self, timeout_s: float, *, memory_bytes: int | None = None) -> None:
        self.timeout_s = timeout_s
        self.memory_bytes = memory_bytes
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def _start(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._kill()
        # spawn, not fork: the parent may hold threads and locks (the embedding model, the event loop).
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, self.memory_bytes), name="acervo-parse", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        # Starting takes seconds (imports); the deadline is for reading the file, so wait for it apart.
        try:
            ready = parent.poll(STARTUP_S) and parent.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            code = process.exitcode
            self._kill()
            raise RuntimeError(f"the reader process did not start (exit code {code})")
        return parent

    def _kill(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        self._process, self._conn = None, None

    def parse(
        self,
        data: bytes,
        file: str,
        *,
        ocr: OcrConfig | None = None,
        on_page: PageProgress | None = None,
        limits: ParseLimits,
    ) -> ParsedDocument:
        """Parse in the child; TookTooLong past the deadline, FileTooLarge when memory runs out,
        Stopped when `stop()` was called meanwhile."""
        with self._lock:
            self._stop.clear()
            conn = self._start()
            conn.send((data, file, ocr, limits))
            deadline = time.monotonic() + self.timeout_s
            while True:
                if self._stop.is_set():
                    self._kill()
                    raise Stopped(file)
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("parse timeout", extra={"file": file, "timeout_s": self.timeout_s})
                    self._kill()
                    raise TookTooLong(file, f"took longer than {self.timeout_s:g} s to read; stopped")
                try:
                    ready = conn.poll(min(left, 0.2))
                    message: Any = conn.recv() if ready else None
                except (EOFError, OSError):
                    code = self._process.exitcode if self._process else None
                    self._kill()
                    if self._stop.is_set():
                        raise Stopped(file) from None
                    raise IngestError(file, f"the reader crashed on this file (exit code {code})") from None
                if message is None:
                    continue
                kind = message[0]
                if kind == "page":
                    if on_page:
                        on_page(message[1], message[2])
                    continue
                if kind == "ok":
                    return message[1]
                if kind == "refused":
                    error = _error_class(message[1], message[2])(message[3], message[4])
                    raise error
                if kind == "memory":
                    self._kill()  # its heap may be left fragmented at the ceiling
                    limit = (self.memory_bytes or 0) / 1024 / 1024
                    raise FileTooLarge(file, f"expands beyond {limit:.0f} MB in memory while being read; refused")
                raise RuntimeError(message[1])

    def stop(self) -> None:
        """Stop the file being parsed (from another thread); the parse call raises Stopped."""
        self._stop.set()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            self._kill()


def _error_class(name: str, code: str) -> type[IngestError]:
    import ingest.errors as errors

    found = getattr(errors, name, None)
    if isinstance(found, type) and issubclass(found, IngestError):
        return found
    if name == "TookTooLong":
        return TookTooLong
    return type(name, (IngestError,), {"code": code})
