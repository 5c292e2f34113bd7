"""Chunk payloads kept in memory for ranking, so candidate lists come from the embedded index without payloads.

Every search reads the payload of a few hundred candidate chunks (their document, metadata and words); the
shard decodes a stored payload at ~15 µs a point even from memory, which made payload reading most of a
search's index time. What ranking needs is kept here instead, compactly: the fields a document's chunks
share once per distinct value set, each chunk's own fields beside a reference to them, its term ids as a
packed array, and its text only where the payload has no term ids (an index written before they were
stored). A chunk's text for the page of results is read from the shard, ten points at a time.

Filled as points are first seen by a search (or all at once by `fill`), forgotten when upserted again or
when their documents are deleted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from ingest.search.sparse import unpacked_term_ids

TEXT = "text"
TERMS = "terms"
# What differs between the chunks of one document; everything else in a payload is the document's.
CHUNK_FIELDS = ("chunk_id", "ordinal", "page", "section", TERMS)


class ResidentPayloads:
    """Payloads by point id, without chunk texts that term ids stand for."""

    def __init__(self) -> None:
        self._points: dict[int, tuple] = {}
        self._shared: dict[tuple, dict[str, Any]] = {}  # one dict per distinct set of document fields
        self._of_document: dict[Any, set[int]] = {}
        self.lock = threading.Lock()  # held by writers and by whoever reads the shard to fill in points

    def __len__(self) -> int:
        return len(self._points)

    def __contains__(self, point_id: int) -> bool:
        return point_id in self._points

    def get(self, point_id: int) -> dict[str, Any] | None:
        row = self._points.get(point_id)
        if row is None:
            return None
        shared, own, terms, text = row
        payload = {**shared, **own}
        if terms is not None:
            payload[TERMS] = terms
        if text is not None:
            payload[TEXT] = text
        return payload

    def put(self, point_id: int, payload: dict[str, Any]) -> None:
        """Keep `payload` for `point_id` (call with `lock` held)."""
        terms = payload.get(TERMS)
        document = {k: v for k, v in payload.items() if k not in CHUNK_FIELDS and k != TEXT}
        key = tuple((k, _hashable(v)) for k, v in sorted(document.items()))
        shared = self._shared.setdefault(key, document)
        own = {k: payload[k] for k in CHUNK_FIELDS if k in payload and k != TERMS}
        packed = unpacked_term_ids(terms) if terms is not None else None
        text = payload.get(TEXT) if terms is None else None
        self.forget([point_id])
        self._points[point_id] = (shared, own, packed, text)
        self._of_document.setdefault(shared.get("document_id"), set()).add(point_id)

    def forget(self, point_ids: Iterable[int]) -> None:
        """Drop these points (call with `lock` held)."""
        for point_id in point_ids:
            row = self._points.pop(point_id, None)
            if row is not None:
                self._of_document.get(row[0].get("document_id"), set()).discard(point_id)

    def forget_documents(self, document_ids: Iterable[Any]) -> None:
        """Drop every point of these documents (call with `lock` held)."""
        # A document's shared fields stay behind (one small dict): pruning them means a pass over every point.
        for document_id in document_ids:
            self.forget(list(self._of_document.pop(document_id, ())))

    def clear(self) -> None:
        self._points.clear()
        self._shared.clear()
        self._of_document.clear()


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
