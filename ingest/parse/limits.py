"""Limits a file must meet before a parser inflates it: what its compressed parts expand to."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ingest.errors import FileTooLarge

DEFAULT_MAX_EXPANDED = 200 * 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")


def _too_large(file: str, limit: int) -> FileTooLarge:
    return FileTooLarge(file, f"expands beyond {limit / 1024 / 1024:.0f} MB once decompressed; refused")


def check_zip(data: bytes, file: str, limit: int = DEFAULT_MAX_EXPANDED) -> None:
    """Refuse a zip (DOCX) whose members add up to more than `limit` bytes, measured by inflating them
    (the sizes a zip declares can lie) and stopping as soon as the limit is passed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # the parser reports a damaged archive in its own words
    total = 0
    with archive:
        for info in archive.infolist():
            total += info.file_size
            if total > limit:
                raise _too_large(file, limit)
        total = 0
        for info in archive.infolist():
            try:
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        total += len(chunk)
                        if total > limit:
                            raise _too_large(file, limit)
            except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError, zlib.error):
                return  # encrypted or damaged member: the parser says which


def check_pdf(data: bytes, file: str, limit: int = DEFAULT_MAX_EXPANDED) -> None:
    """Refuse a PDF whose compressed non-image streams (page content, fonts, object streams) inflate to more
    than `limit` bytes: the text reader inflates each of them whole in memory. Images are left out:
    a scan's pages are large by nature and are rendered one at a time."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - 2048) : match.start()]
        dictionary = head[head.rfind(b"<<") :] if b"<<" in head else head
        if _IMAGE.search(dictionary) or not _FLATE.search(dictionary):
            continue
        inflater = zlib.decompressobj()
        position = start
        try:
            while position < len(data):
                piece = data[position : position + 65536]
                position += len(piece)
                total += len(inflater.decompress(piece, limit + 1 - total))
                while inflater.unconsumed_tail and total <= limit:
                    total += len(inflater.decompress(inflater.unconsumed_tail, limit + 1 - total))
                if total > limit:
                    raise _too_large(file, limit)
                if inflater.eof:
                    break
        except zlib.error:
            continue  # a damaged stream is the parser's to report
