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


def store_facets(db: Session, document_ids: Sequence[int]) -> dict[str, list[FacetCount]]:
    """People (by the sessions they took part in) and programs (by mention) of the documents."""
    if not document_ids:
        return {"person": [], "program": []}
    P, Pa, S = tables.Person, tables.Participation, tables.BoardSession
    people = db.execute(
        select(P.id, P.name, func.count(S.document_id.distinct()))
        .join(Pa, Pa.person_id == P.id)
        .join(S, S.id == Pa.session_id)
        .where(S.document_id.in_(document_ids))
        .group_by(P.id, P.name)
    ).all()
    G, M = tables.Program, tables.ProgramMention
    programs = db.execute(
        select(G.id, G.name, func.count(M.document_id.distinct()))
        .join(M, M.program_id == G.id)
        .where(M.document_id.in_(document_ids))
        .group_by(G.id, G.name)
    ).all()
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
    S = tables.BoardSession
    rows = db.scalars(select(S).where(S.document_id.in_(document_ids)).order_by(S.id))
    out: dict[int, SessionRef] = {}
    for s in rows:
        if s.document_id not in out and (s.number is not None or s.date is not None):
            out[s.document_id] = SessionRef(s.id, s.number, s.type, s.date.isoformat() if s.date else None)
    return out


def chunk_spans(db: Session, chunk_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Where each chunk lies in its document's text (character offsets)."""
    if not chunk_ids:
        return {}
    C = tables.Chunk
    rows = db.execute(select(C.id, C.span_start, C.span_end).where(C.id.in_(chunk_ids)))
    return {i: (start, end) for i, start, end in rows}
