"""Uploaded files: read within the size limit, named safely, stored by content hash."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from fastapi import UploadFile

from ingest.pipeline import content_hash
from service.errors import ApiError

_CHUNK = 1024 * 1024


def display_name(raw: str | None) -> str:
    """The client's file name reduced to a label: last path component, no control characters.
    It is shown to people and never used to build a path."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:200] or "documento"


async def read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    chunks, size = [], 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ApiError(
                413, "payload_too_large", f"{display_name(upload.filename)}: over the {max_bytes / 1e6:.0f} MB limit"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def store_upload(uploads_dir: Path, data: bytes) -> tuple[str, Path]:
    """Write the bytes under their own hash (atomically); the same upload twice is one file."""
    digest = content_hash(data)
    uploads_dir.mkdir(parents=True, exist_ok=True)
    target = uploads_dir / digest
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=uploads_dir, prefix=".upload-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    return digest, target
