"""Turn a parsed document and its extraction into store rows, spans included."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.chunk import Chunk
from ingest.extract.schema import Extraction
from ingest.parse.document import ParsedDocument
from models import tables
from models.keys import person_key, program_key


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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


def attach_shared(db: Session, document: tables.Document, extraction: Extraction) -> None:
    """Link people, agreements and programs, reusing the rows other documents created."""
    session = document.sessions[0]
    for participant in extraction.participants:
        key = person_key(participant.name)
        if not key:
            continue
        person = db.scalar(select(tables.Person).where(tables.Person.key == key))
        if person is None:
            person = tables.Person(key=key, name=participant.name)
            db.add(person)
            db.flush()
        session.participations.append(
            tables.Participation(
                person=person,
                name_as_written=participant.name,
                title=participant.title,
                role=participant.role,
                present=participant.present,
                **_span(participant.span),
            )
        )
    for mention in extraction.agreements:
        agreement = tables.Agreement(
            code=mention.id,
            institution=extraction.institution,
            body=extraction.body,
            text=mention.text,
            responsible=mention.responsible,
            due=_iso(mention.due),
            vote=mention.vote,
            document=document,
            origin_session=session if mention.kind == "taken" else None,
        )
        agreement.events.append(
            tables.AgreementEvent(
                document=document,
                session=session,
                kind=mention.kind,
                date=session.date,
                status_text=mention.status,
                **_span(mention.span),
            )
        )
        db.add(agreement)
    seen: set[str] = set()
    for mention in extraction.programs:
        key = program_key(mention.name)
        if not key or key in seen:
            continue
        seen.add(key)
        program = db.scalar(select(tables.Program).where(tables.Program.key == key))
        if program is None:
            program = tables.Program(key=key, name=mention.name, acronym=mention.acronym, aliases=[])
            db.add(program)
            db.flush()
        document.program_mentions.append(
            tables.ProgramMention(program=program, name_as_written=mention.name, **_span(mention.span))
        )
