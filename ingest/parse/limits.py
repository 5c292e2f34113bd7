"""Limits a file must meet to be read: what its compressed parts expand to, how deep its markup nests,
and how many words make a document."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.errors import CorruptFile, FileTooLarge

if TYPE_CHECKING:
    from models.settings import Settings

DEFAULT_MAX_EXPANDED = 200 * 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n")
# Markup deeper than this is refused: no document needs it, and telling and reading it costs the square of
# its depth (10,000 levels take under a second; 200,000 took minutes).
MAX_NESTING = 10_000
# Fewer words than this is not a document ("x", a lone date, a page number).
MIN_WORDS = 3
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")
# Elements whose end tag may be left out, or that have none: counting them would see depth that is not there.
_UNCOUNTED = {
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb",
    "rt", "rp", "html", "head", "body", "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
    "meta", "source", "track", "wbr", "param", "keygen",
}
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")


@dataclass(frozen=True)
class ParseLimits:
    """The limits one file is read under (ACERVO_MAX_EXPANDED_MB, ACERVO_MAX_NESTING, ACERVO_MIN_WORDS)."""

    max_expanded_bytes: int = DEFAULT_MAX_EXPANDED
    max_nesting: int = MAX_NESTING
    min_words: int = MIN_WORDS

    @classmethod
    def from_settings(cls, settings: Settings) -> ParseLimits:
        return cls(
            max_expanded_bytes=settings.max_expanded_bytes,
            max_nesting=settings.max_nesting,
            min_words=settings.min_words,
        )


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


def check_nesting(text: str, file: str, limit: int = MAX_NESTING) -> None:
    """Refuse markup nested more than `limit` elements deep (counting elements whose end tag is required)."""
    if text.count("<") < limit:
        return
    depth = 0
    for match in _TAG.finditer(text):
        closing, name, selfclosing = match.groups()
        if selfclosing or name.lower() in _UNCOUNTED:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                raise CorruptFile(file, f"markup nested more than {limit} levels deep; refused")
