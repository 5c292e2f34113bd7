"""SQLAlchemy tables: what Acervo knows about each document and its entities."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

MAX_ID = 2**63 - 1  # ids are signed 64-bit integers in every store; a larger one fails the query itself


class Base(DeclarativeBase):
    pass


class Document(Base):
    """One ingested file. Its identity is the hash of its bytes."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(512))
    source_path: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(Integer)
    encoding: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    doc_type: Mapped[str | None] = mapped_column(String(32), index=True)
    institution: Mapped[str | None] = mapped_column(String(256), index=True)
    body: Mapped[str | None] = mapped_column(String(256), index=True)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    blocks: Mapped[list] = mapped_column(JSON, default=list)
    extraction: Mapped[dict] = mapped_column(JSON, default=dict)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set once the document's chunks are in the vector index; the process owning the index catches up on nulls.
    indexed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    sessions: Mapped[list[BoardSession]] = relationship(back_populates="document", cascade="all, delete-orphan")
    chunks: Mapped[list[Chunk]] = relationship(back_populates="document", cascade="all, delete-orphan")
    dates: Mapped[list[DateMention]] = relationship(back_populates="document", cascade="all, delete-orphan")
    program_mentions: Mapped[list[ProgramMention]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )
    page_sources: Mapped[list[DocumentPage]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentPage.page"
    )


class DocumentPage(Base):
    """Where one page's text came from: the file's text layer ("text") or OCR ("ocr"), with Tesseract's
    mean word confidence (0-100). PDFs and images have one row per page; other formats none."""

    __tablename__ = "document_pages"
    __table_args__ = (UniqueConstraint("document_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    page: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(8))
    ocr_confidence: Mapped[float | None] = mapped_column(Float)

    document: Mapped[Document] = relationship(back_populates="page_sources")


class BoardSession(Base):
    """A meeting of a collegiate body, as a document records or announces it."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str | None] = mapped_column(String(256))
    body: Mapped[str | None] = mapped_column(String(256))
    number: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str | None] = mapped_column(String(32))
    date: Mapped[date | None] = mapped_column(Date, index=True)
    start_time: Mapped[str | None] = mapped_column(String(5))
    end_time: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(Text)
    quorum: Mapped[str | None] = mapped_column(Text)
    agenda: Mapped[list] = mapped_column(JSON, default=list)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="sessions")
    participations: Mapped[list[Participation]] = relationship(back_populates="session", cascade="all, delete-orphan")


class Person(Base):
    """One person across documents; `key` is the name without honorifics, accents or case."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(256), unique=True)
    name: Mapped[str] = mapped_column(String(256))

    # Set when staff confirmed the row is one real person (a correction); null otherwise.
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    participations: Mapped[list[Participation]] = relationship(back_populates="person")
    names: Mapped[list[PersonName]] = relationship(back_populates="person", cascade="all, delete-orphan")


class PersonName(Base):
    """One way a person's name was written, folded (`key`) and as sounds (`sounds`), for matching."""

    __tablename__ = "person_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(256), unique=True)
    sounds: Mapped[str] = mapped_column(String(256), index=True)
    name: Mapped[str] = mapped_column(String(256))

    person: Mapped[Person] = relationship(back_populates="names")


class Participation(Base):
    """A person in a session: the honorific and role written there, and attendance where stated."""

    __tablename__ = "participations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    name_as_written: Mapped[str] = mapped_column(String(256))
    title: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(Text)
    present: Mapped[bool | None] = mapped_column()
    # attended, absent, signed or mentioned (models.vocabulary.ParticipationKind); attended and signed are presence
    kind: Mapped[str | None] = mapped_column(String(16))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    person: Mapped[Person] = relationship(back_populates="participations")
    session: Mapped[BoardSession] = relationship(back_populates="participations")


class Agreement(Base):
    """A decision a body took, across every document that speaks of it.

    `code` is its id as written (JD-XI-1) and `code_key` the same normalised for matching. `status`,
    `status_text`, `progress`, `first_date` and `last_date` summarise its events and are recomputed whenever
    one is added."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(64), index=True)
    code_key: Mapped[str | None] = mapped_column(String(64), index=True)
    institution: Mapped[str | None] = mapped_column(String(256), index=True)
    body: Mapped[str | None] = mapped_column(String(256), index=True)
    text: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(Text)
    responsible_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    due: Mapped[date | None] = mapped_column(Date, index=True)
    vote: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(32), index=True)
    status_text: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[int | None] = mapped_column(Integer)
    first_date: Mapped[date | None] = mapped_column(Date, index=True)
    last_date: Mapped[date | None] = mapped_column(Date, index=True)
    overdue_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Staff corrections (ingest/curation): confirmed as a real agreement, and the note
    # given with a status set by hand.
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_note: Mapped[str | None] = mapped_column(Text)
    # The session that took it; null when it was first seen in a follow-up.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"), index=True)
    # The first document that mentioned it.
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)

    document: Mapped[Document] = relationship()
    origin_session: Mapped[BoardSession | None] = relationship()
    responsible_person: Mapped[Person | None] = relationship()
    events: Mapped[list[AgreementEvent]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementEvent.date"
    )


class AgreementEvent(Base):
    """Something a document says about an agreement: taken, or a follow-up with its status."""

    __tablename__ = "agreement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    date: Mapped[date | None] = mapped_column(Date)
    status_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(32))
    progress: Mapped[int | None] = mapped_column(Integer)
    link: Mapped[str | None] = mapped_column(String(16))
    link_score: Mapped[float | None] = mapped_column(Float)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    agreement: Mapped[Agreement] = relationship(back_populates="events")
    document: Mapped[Document] = relationship()
    session: Mapped[BoardSession | None] = relationship()


class Program(Base):
    """A named plan, program, project, regulation or system; `key` is its normalised name."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    name: Mapped[str] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(String(64), index=True)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    # The institution of the first document that named it: short names and acronyms link within it.
    institution: Mapped[str | None] = mapped_column(String(256), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    mentions: Mapped[list[ProgramMention]] = relationship(back_populates="program")
    names: Mapped[list[ProgramName]] = relationship(back_populates="program", cascade="all, delete-orphan")


class ProgramName(Base):
    """One folded way a program was named (full name, short name or acronym)."""

    __tablename__ = "program_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)

    program: Mapped[Program] = relationship(back_populates="names")


class ProgramMention(Base):
    __tablename__ = "program_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    name_as_written: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    program: Mapped[Program] = relationship(back_populates="mentions")
    document: Mapped[Document] = relationship(back_populates="program_mentions")


class DateMention(Base):
    """An explicit calendar date in a document, resolved to ISO."""

    __tablename__ = "date_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    value: Mapped[date] = mapped_column(Date, index=True)
    time: Mapped[str | None] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="dates")


class Chunk(Base):
    """A passage of a document as it is indexed for search."""

    __tablename__ = "chunks"
    __table_args__ = (UniqueConstraint("document_id", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="chunks")


Index("ix_documents_file_name", Document.file_name)


class ApiKey(Base):
    """A machine client's key. Only its SHA-256 is kept; the key itself is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Webhook(Base):
    """A client's subscription: events posted to `url`, signed with `secret` (HMAC-SHA256)."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    # Kept as written: signing needs it. Shown to the client once, at registration.
    secret: Mapped[str] = mapped_column(String(128))
    events: Mapped[list] = mapped_column(JSON, default=list)
    # For "search.match": {"q": ..., "institution": ..., "body": ..., "doc_type": ..., "year": ...}
    search: Mapped[dict | None] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(Text)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    deliveries: Mapped[list[WebhookDelivery]] = relationship(back_populates="webhook", cascade="all, delete-orphan")


class WebhookDelivery(Base):
    """One event for one webhook: written in the transaction that caused it, then posted until it succeeds
    or runs out of attempts."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending, delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    response_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")


class Correction(Base):
    """One correction staff made (who, when, what it was before and after). Corrections are also the
    overrides re-applied after every extraction, linking and relink (ingest/curation), so they name their
    target by what survives those: a document by its content hash, a person or program by one of its written
    names' keys, an agreement by the document hash and span of one of its events."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(32), index=True)
    target_type: Mapped[str] = mapped_column(String(16), index=True)
    target: Mapped[str] = mapped_column(String(600), index=True)
    label: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
