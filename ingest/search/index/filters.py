"""One translation of `SearchFilters` into a Qdrant filter, for every backend.

The embedded engine (qdrant-edge) and the server client (qdrant-client) spell the same filter with their
own classes; a backend hands over a `Dialect` (how to write a match, a match-any, a date range, an
is-empty test and a filter) and `to_filter` builds the tree, so what a filter means is decided here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ingest.search.index.base import SearchFilters


class Dialect(Protocol):
    """How one backend writes filter parts."""

    def match(self, key: str, value: str | int) -> Any: ...

    def match_any(self, key: str, values: list[int]) -> Any: ...

    def date_range(self, key: str, gte: str | None, lte: str | None) -> Any: ...

    def is_empty(self, key: str) -> Any: ...

    def filter(self, *, must: list | None = None, should: list | None = None) -> Any: ...


def all_filters(outer: SearchFilters | None, inner: Sequence[SearchFilters] = ()) -> list[SearchFilters]:
    """The query's filters and a prefetch's own, without the empty ones."""
    return [f for f in (outer, *inner) if f is not None and not f.is_empty()]


def to_filter(dialect: Dialect, filters: SearchFilters | None) -> Any:
    """The backend's filter for `filters`, or None when they restrict nothing."""
    if filters is None or filters.is_empty():
        return None
    must: list[tuple[str, Any]] = [(name, dialect.match(name, key)) for name, key in filters.keyword_conditions()]
    if filters.year is not None:
        must.append(("year", dialect.match("year", filters.year)))
    if filters.years_any:
        must.append(("years", dialect.match_any("years", list(filters.years_any))))
    if filters.document_ids:
        must.append(("document_id", dialect.match_any("document_id", list(filters.document_ids))))
    if filters.date_from or filters.date_to:
        gte = f"{filters.date_from.isoformat()}T00:00:00Z" if filters.date_from else None
        lte = f"{filters.date_to.isoformat()}T23:59:59Z" if filters.date_to else None
        must.append(("date", dialect.date_range("date", gte, lte)))
    if filters.or_missing:
        return dialect.filter(must=[dialect.filter(should=[c, dialect.is_empty(key)]) for key, c in must])
    return dialect.filter(must=[c for _, c in must])


def combined(dialect: Dialect, outer: SearchFilters | None, inner: Sequence[SearchFilters] = ()) -> Any:
    """The filter for a list restricted by the query's filters and its own: all of them apply."""
    parts = all_filters(outer, inner)
    if not parts:
        return None
    if len(parts) == 1:
        return to_filter(dialect, parts[0])
    return dialect.filter(must=[to_filter(dialect, f) for f in parts])
