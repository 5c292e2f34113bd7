"""What extraction returns: the entities of one document, each with its source span."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DOC_TYPES = ("acta", "orden_del_dia", "informe", "plan", "comunicado", "convocatoria", "other")

Span = tuple[int, int]


@dataclass
class Region:
    """A part of the document: preamble, agenda, attendance, item (one per agenda item), body, dispositive,
    point (one dispositive point), closing, signatures."""

    kind: str
    start: int
    end: int
    label: str | None = None


@dataclass
class SessionInfo:
    number: int | None = None
    type: str | None = None
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    span: Span | None = None


@dataclass
class Participant:
    name: str
    title: str | None = None
    role: str | None = None
    present: bool | None = None
    span: Span | None = None
    # attended, absent, signed (a signature block) or mentioned (named in the text only)
    kind: str = "mentioned"


@dataclass
class AgreementMention:
    text: str
    id: str | None = None
    status: str | None = None
    vote: str | None = None
    responsible: str | None = None
    due: str | None = None
    # "taken" in the session that decided it, "follow_up" in a later report on it.
    kind: str = "taken"
    span: Span | None = None
    # aprobado, rechazado, retirado, diferido, or None where the text gives no outcome (a follow-up row)
    outcome: str | None = None
    # True for a commitment to act later ("se instruye", "presentará", "a más tardar"), False for a decision
    # closed at the session
    commitment: bool = False
    # the agenda item or dispositive point it was taken under ("punto 4", "segundo"), when it has no code
    item: str | None = None


@dataclass
class DateMention:
    value: str
    text: str
    time: str | None = None
    span: Span | None = None


@dataclass
class ProgramMention:
    name: str
    acronym: str | None = None
    span: Span | None = None
    # True for a legal instrument the document only cites as the basis of an act ("con fundamento en la Ley
    # …"): extracted, but no program row is made for it
    cited: bool = False


@dataclass
class Extraction:
    file: str
    doc_type: str = "other"
    institution: str | None = None
    body: str | None = None
    session: SessionInfo = field(default_factory=SessionInfo)
    participants: list[Participant] = field(default_factory=list)
    agreements: list[AgreementMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    programs: list[ProgramMention] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    # finer than doc_type: oficio, lista, guion, nota_de_prensa... (doc_type keeps the scorer's vocabulary)
    doc_kind: str | None = None
    title: str | None = None
    # the date the document states as its own (a letter's or a release's), apart from the session's
    document_date: str | None = None

    def to_schema(self) -> dict:
        """The object `acervo extract --format jsonl` prints (see the extraction schema)."""
        session = {k: v for k, v in asdict(self.session).items() if k != "span"}
        return {
            "file": self.file,
            "doc_type": self.doc_type,
            "institution": self.institution,
            "body": self.body,
            "session": session,
            "participants": [{"name": p.name, "title": p.title, "role": p.role} for p in self.participants],
            "agreements": [
                {
                    "id": a.id,
                    "text": a.text,
                    "status": a.status,
                    "vote": a.vote,
                    "responsible": a.responsible,
                    "due": a.due,
                }
                for a in self.agreements
            ],
            "dates": sorted({d.value for d in self.dates}),
            "programs": [p.name for p in self.programs],
        }

    def to_dict(self) -> dict:
        """Everything, spans included, as stored with the document."""
        return asdict(self)
