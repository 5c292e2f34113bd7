"""Turn a parsed document and its extraction into store rows, spans included."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from ingest.extract.schema import Extraction, Participant
from ingest.parse.document import ParsedDocument
from ingest.search.chunk import Chunk
from ingest.tracking.agreements import AgreementLinker, Change
from ingest.tracking.people import PeopleLinker
from ingest.tracking.programs import ProgramsLinker
from models import tables
from models.vocabulary import PRESENCE, ParticipationKind

# Any fixed number: the PostgreSQL advisory lock that serialises linking.
LINKING_LOCK = 0x4163_6572


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _present(participant: Participant) -> bool | None:
    """Attendance: stated as attended or signed, absent as absent; a name only mentioned says nothing."""
    kind = participant.kind
    if kind in PRESENCE:
        return True
    if kind == ParticipationKind.absent:
        return False
    return participant.present if kind is None else None


def _span(span: tuple[int, int] | None) -> dict:
    return {"span_start": span[0], "span_end": span[1]} if span else {"span_start": None, "span_end": None}


def build_document(
    parsed: ParsedDocument,
    extraction: Extraction,
    *,
    content_hash: str,
    size_bytes: int,
    source_path: str | None,
    chunks: list[Chunk] | None = None,
) -> tables.Document:
    """The document row with its session, agreements, dates and chunks attached (people and
    programs are linked by `attach_shared` inside the storing transaction)."""
    session_date = _iso(extraction.session.date)
    document = tables.Document(
        content_hash=content_hash,
        file_name=parsed.file,
        source_path=source_path,
        format=parsed.format,
        size_bytes=size_bytes,
        encoding=parsed.encoding,
        title=parsed.title,
        doc_type=extraction.doc_type,
        institution=extraction.institution,
        body=extraction.body,
        date=session_date or _first_date(extraction),
        pages=parsed.pages,
        text=parsed.text,
        blocks=[b.to_dict() for b in parsed.blocks],
        extraction=extraction.to_dict(),
        ingested_at=datetime.now(UTC),
    )
    info = extraction.session
    session = tables.BoardSession(
        institution=extraction.institution,
        body=extraction.body,
        number=info.number,
        type=info.type,
        date=session_date,
        start_time=info.start_time,
        end_time=info.end_time,
        place=info.place,
        **_span(info.span),
    )
    document.sessions.append(session)
    for mention in extraction.dates:
        value = _iso(mention.value)
        if value is not None:
            document.dates.append(
                tables.DateMention(value=value, time=mention.time, text=mention.text, **_span(mention.span))
            )
    for source in parsed.page_sources:
        document.page_sources.append(
            tables.DocumentPage(page=source.page, source=source.source, ocr_confidence=source.confidence)
        )
    for passage in chunks or ():
        document.chunks.append(
            tables.Chunk(
                ordinal=passage.ordinal,
                text=passage.text,
                section=passage.section,
                page=passage.page,
                span_start=passage.start,
                span_end=passage.end,
            )
        )
    return document


def _first_date(extraction: Extraction) -> date | None:
    values = sorted(v for v in (_iso(d.value) for d in extraction.dates) if v)
    return values[0] if values else None


def attach_shared(db: Session, document: tables.Document, extraction: Extraction) -> list[Change]:
    """Link people, agreements and programs to the rows other documents created; returns what changed
    for webhooks."""
    if db.get_bind().dialect.name == "postgresql":
        # Linking reads then writes shared rows (people, agreements): one storing transaction at a time
        # does it, so two workers never create the same person or agreement twice.
        db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LINKING_LOCK})
    session = document.sessions[0]
    people = PeopleLinker(db, extraction.institution)
    people.read_ahead(p.name for p in extraction.participants)
    for participant in extraction.participants:
        person = people.resolve(participant.name)
        if person is None:
            continue
        session.participations.append(
            tables.Participation(
                person=person,
                name_as_written=participant.name,
                title=participant.title,
                role=participant.role,
                present=_present(participant),
                kind=participant.kind,
                **_span(participant.span),
            )
        )
    changes = AgreementLinker(db, document, session, people).link(extraction.agreements)
    programs = ProgramsLinker(db, extraction.institution)
    programs.read_ahead(extraction.programs)
    seen: set[tuple[int, str]] = set()
    for mention in extraction.programs:
        program = programs.resolve(mention)
        if program is None or (program.id, mention.name) in seen:
            continue
        seen.add((program.id, mention.name))
        document.program_mentions.append(
            tables.ProgramMention(program=program, name_as_written=mention.name, **_span(mention.span))
        )
    return changes
