"""Search facets and the store lookups the search API adds to the index's results.

A query's result set is every document that matches it (see
`ingest.search.searcher`: most of its words, or a close meaning, among a few
hundred candidate passages). Facets count the documents of that set:
institution, body, document type and year from each document's index payload
(the very values the filters match), people and programs from the store for
the set's document ids. The person and program filters become a document-id
restriction resolved here from the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ingest.search.index import ScoredChunk, filter_key
from models import tables
from models.ids import in_ids
from models.store import run_for_ids

FACETS = ("institution", "body", "doc_type", "year", "person", "program")
MAX_VALUES = 30  # values listed per facet, most frequent first


@dataclass(frozen=True)
class FacetCount:
    value: str  # what the filter takes: a name, a type, a year, or a person's / program's id
    label: str
    count: int  # documents of the result set


def by_document(points: Iterable[ScoredChunk]) -> dict[int, dict]:
    """The payload of each document's first (best) point."""
    seen: dict[int, dict] = {}
    for point in points:
        document = point.payload.get("document_id")
        if isinstance(document, int) and document not in seen:
            seen[document] = point.payload
    return seen


def payload_facets(payloads: dict[int, dict]) -> dict[str, list[FacetCount]]:
    """Institution, body, type and year of the documents, counted from their index payload."""
    out: dict[str, list[FacetCount]] = {}
    for name, display in (("institution", "institution_name"), ("body", "body_name")):
        counts: Counter[str] = Counter()
        labels: dict[str, Counter[str]] = {}
        for payload in payloads.values():
            label = payload.get(display)
            key = filter_key(label)
            if key:
                counts[key] += 1
                labels.setdefault(key, Counter())[label] += 1
        out[name] = _sorted(
            FacetCount(labels[k].most_common(1)[0][0], labels[k].most_common(1)[0][0], n) for k, n in counts.items()
        )
    types = Counter(p.get("doc_type") for p in payloads.values() if p.get("doc_type"))
    out["doc_type"] = _sorted(FacetCount(t, t, n) for t, n in types.items())
    years = Counter(p.get("year") for p in payloads.values() if isinstance(p.get("year"), int))
    out["year"] = sorted(
        (FacetCount(str(y), str(y), n) for y, n in years.items()), key=lambda f: f.value, reverse=True
    )[:MAX_VALUES]
    return out


# Built once, run by `run_for_ids`: a search runs them on every page.
_P, _Pa, _S, _G, _M = tables.Person, tables.Participation, tables.BoardSession, tables.Program, tables.ProgramMention
_PEOPLE = (
    select(_P.id, _P.name, func.count(_S.document_id.distinct()))
    .join(_Pa, _Pa.person_id == _P.id)
    .join(_S, _S.id == _Pa.session_id)
    .where(in_ids(_S.document_id))
    .group_by(_P.id, _P.name)
)
_PROGRAMS = (
    select(_G.id, _G.name, func.count(_M.document_id.distinct()))
    .join(_M, _M.program_id == _G.id)
    .where(in_ids(_M.document_id))
    .group_by(_G.id, _G.name)
)
_SESSIONS = (
    select(_S.id, _S.document_id, _S.number, _S.type, _S.date)
    .where(in_ids(_S.document_id), (_S.number.is_not(None)) | (_S.date.is_not(None)))
    .order_by(_S.id)
)
_SPANS = select(tables.Chunk.id, tables.Chunk.span_start, tables.Chunk.span_end).where(in_ids(tables.Chunk.id))


def store_facets(db: Session, document_ids: Sequence[int]) -> dict[str, list[FacetCount]]:
    """People (by the sessions they took part in) and programs (by mention) of the documents."""
    if not document_ids:
        return {"person": [], "program": []}
    people = run_for_ids(db, _PEOPLE, document_ids)
    programs = run_for_ids(db, _PROGRAMS, document_ids)
    return {
        "person": _sorted(FacetCount(str(i), name, n) for i, name, n in people),
        "program": _sorted(FacetCount(str(i), name, n) for i, name, n in programs),
    }


def _sorted(values: Iterable[FacetCount]) -> list[FacetCount]:
    return sorted(values, key=lambda f: (-f.count, f.label.casefold()))[:MAX_VALUES]


def documents_of_person(db: Session, person_id: int) -> set[int]:
    S, Pa = tables.BoardSession, tables.Participation
    return set(db.scalars(select(S.document_id).join(Pa, Pa.session_id == S.id).where(Pa.person_id == person_id)))


def documents_of_program(db: Session, program_id: int) -> set[int]:
    M = tables.ProgramMention
    return set(db.scalars(select(M.document_id).where(M.program_id == program_id)))


@dataclass(frozen=True)
class SessionRef:
    id: int
    number: int | None
    type: str | None
    date: str | None


def sessions_of(db: Session, document_ids: Sequence[int]) -> dict[int, SessionRef]:
    """Each document's first recorded session (the one an acta records or an agenda announces)."""
    if not document_ids:
        return {}
    out: dict[int, SessionRef] = {}
    for session_id, document_id, number, kind, day in run_for_ids(db, _SESSIONS, document_ids):
        if document_id not in out:
            out[document_id] = SessionRef(session_id, number, kind, day.isoformat() if day else None)
    return out


def chunk_spans(db: Session, chunk_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Where each chunk lies in its document's text (character offsets)."""
    if not chunk_ids:
        return {}
    return {i: (start, end) for i, start, end in run_for_ids(db, _SPANS, chunk_ids)}
