"""One agreement across the session that took it and every later session that reports on it.

A mention is linked, within the same institution and body (an unknown one on either side does not
disagree), to:
- the agreement with the same id (JD-XI-1), if it has one: the most recent such agreement first seen on or
  before the mention's date (ids restart every year, so an older one with the same id whose wording shares
  nothing with the mention is a different agreement);
- otherwise the stored agreement whose wording is most alike, if the Dice similarity of content stems
  reaches `INFERRED_THRESHOLD` and at least `MIN_SHARED` stems are shared; the event is marked "inferred"
  with that score.
A follow-up that links to nothing creates the agreement with its origin unknown; when the session that took
it arrives later, its "taken" mention links back to that agreement by id or wording and sets the origin.
A "taken" mention never links to an agreement that already has an origin: that is a new decision.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ingest.extract.schema import AgreementMention
from ingest.lang.es.formulas import INSTRUCTION
from ingest.tracking.people import PeopleLinker
from ingest.tracking.status import Status, read_status
from ingest.tracking.wording import code_key, shared_stems, wording_similarity
from models import tables
from models.text import fold_key
from models.vocabulary import OUTCOME_STATUSES, AgreementStatus, WebhookEvent

INFERRED_THRESHOLD = 0.45
MIN_SHARED = 3
RESPONSIBLE_BONUS = 0.15  # added to the wording score when a mention names the agreement's responsible
# Below this, an agreement with the same id is a different one (ids restart each year).
SAME_ID_FLOOR = 0.1


@dataclass
class Change:
    """Something a client may be notified of: "agreement.created" or "agreement.status_changed"."""

    event: str
    agreement: tables.Agreement
    previous_status: str | None = None
    detail: dict = field(default_factory=dict)


@lru_cache(maxsize=1024)
def _folded(name: str) -> str:
    # Asked for every stored agreement of every document, of a handful of bodies and institutions.
    return fold_key(name)


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or _folded(a) == _folded(b)


def _names_a_person(text: str | None) -> bool:
    """A responsible written as a name ("Juan Carlos Delgado"), not an office ("la Dirección")."""
    return (
        bool(text)
        and len(text.split()) >= 2
        and text[:1].isupper()
        and not fold_key(text).startswith(
            ("direccion", "coordinacion", "secretaria", "area", "consejo", "junta", "comision", "todos", "el ", "la ")
        )
    )


def _same_responsible(responsible: str | None, mention: AgreementMention) -> bool:
    """The mention names who the agreement charged (`responsible`): as its responsible, or in its wording."""
    if not responsible:
        return False
    wanted = fold_key(responsible)
    return bool(wanted) and (
        fold_key(mention.responsible or "") == wanted or f" {wanted} " in f" {fold_key(mention.text)} "
    )


def is_commitment(mention: AgreementMention) -> bool:
    """A commitment to act later (an instruction, a deadline, someone charged with it), not a decision the
    session settled there."""
    return bool(mention.commitment or mention.due or mention.responsible or INSTRUCTION.search(mention.text))


def _settled(mention: AgreementMention) -> Status:
    """What the session that took it left it at: open for a commitment or a deferral, else its outcome."""
    if is_commitment(mention):
        return Status(AgreementStatus.pendiente, None)
    return Status(OUTCOME_STATUSES.get(mention.outcome or "aprobado", AgreementStatus.aprobado), None)


def _follow_up_status(mention: AgreementMention) -> Status | None:
    """The status a follow-up states: its status column, or, written in prose, its sentence."""
    if mention.status:
        return read_status(mention.status)
    status = read_status(mention.text)
    return None if status.status == AgreementStatus.sin_informacion else status


@dataclass(frozen=True)
class _Candidate:
    """What matching reads of a stored agreement: a few columns, not the mapped row with its relationships.
    A document is matched against every agreement of its institution, so this is read once per document for
    thousands of them."""

    id: int
    code_key: str | None
    text: str
    responsible: str | None
    has_origin: bool
    first_date: date | None
    taken_on: date | None  # the date of the session that took it

    @classmethod
    def of(cls, agreement: tables.Agreement) -> _Candidate:
        origin = agreement.origin_session
        return cls(
            agreement.id,
            agreement.code_key,
            agreement.text,
            agreement.responsible,
            origin is not None,
            agreement.first_date,
            origin.date if origin is not None else None,
        )


def _order(event: tables.AgreementEvent) -> tuple[date, int, int]:
    return (event.date or date.min, 0 if event.kind == "taken" else 1, event.document_id or 0)


def summarise(agreement: tables.Agreement) -> None:
    """Recompute status, progress and dates from the agreement's events in date order."""
    events = sorted(agreement.events, key=_order)
    dates = [e.date for e in events if e.date]
    agreement.first_date = min(dates) if dates else None
    agreement.last_date = max(dates) if dates else None
    with_status = [e for e in events if e.status]
    if with_status:
        agreement.status = with_status[-1].status
        agreement.status_text = with_status[-1].status_text
    else:
        agreement.status = AgreementStatus.pendiente
        agreement.status_text = None
    progress = [e.progress for e in events if e.progress is not None]
    agreement.progress = progress[-1] if progress else None


class AgreementLinker:
    """Links the agreement mentions of one document being stored."""

    def __init__(
        self, db: Session, document: tables.Document, session: tables.BoardSession, people: PeopleLinker
    ) -> None:
        self.db = db
        self.document = document
        self.session = session
        self.people = people
        self.when = session.date or document.date
        self.institution = document.institution
        self.body = document.body
        self._pool: dict[int, _Candidate] | None = None

    def pool(self) -> dict[int, _Candidate]:
        """Stored agreements of the same institution and body (or of unknown ones), by id."""
        if self._pool is None:
            A, S = tables.Agreement, tables.BoardSession
            columns = (A.id, A.code_key, A.text, A.responsible, A.session_id, A.first_date, S.date)
            query = (
                select(*columns, A.body, A.institution)
                .outerjoin(S, A.session_id == S.id)
                .where(A.document_id != self.document.id)
                .order_by(A.id)  # ties go to the agreement stored first, on any database and join order
            )
            if self.institution:
                query = query.where(or_(A.institution.is_(None), A.institution == self.institution))
            self._pool = {
                r.id: _Candidate(
                    r.id, r.code_key, r.text, r.responsible, r.session_id is not None, r.first_date, r.date
                )
                for r in self.db.execute(query)
                if _agree(r.body, self.body) and _agree(r.institution, self.institution)
            }
        return self._pool

    def link(self, mentions: list[AgreementMention]) -> list[Change]:
        changes: list[Change] = []
        for mention in mentions:
            changes.extend(self._link_one(mention))
        return changes

    def _candidates(self, mention: AgreementMention) -> list[_Candidate]:
        pool = self.pool().values()
        if mention.kind == "taken":
            # only an agreement so far seen in follow-ups, none of them before this session
            return [
                a
                for a in pool
                if not a.has_origin and (self.when is None or a.first_date is None or a.first_date >= self.when)
            ]
        # anything but an agreement taken after this follow-up
        return [
            a for a in pool if not a.has_origin or self.when is None or a.taken_on is None or a.taken_on <= self.when
        ]

    def _find(self, mention: AgreementMention) -> tuple[tables.Agreement | None, str | None, float | None]:
        candidates = self._candidates(mention)
        key = code_key(mention.id)
        if key:
            same_id = [
                a
                for a in candidates
                if a.code_key == key
                and (
                    wording_similarity(a.text, mention.text) >= SAME_ID_FLOOR
                    or min(len(a.text.split()), len(mention.text.split())) < 6
                )
            ]
            if same_id:
                return self._stored(self._nearest(same_id)), "id", 1.0
        best, best_score = None, 0.0
        for candidate in candidates:
            if key and candidate.code_key and candidate.code_key != key:
                continue  # both have ids and they differ
            score = wording_similarity(candidate.text, mention.text)
            shared = shared_stems(candidate.text, mention.text)
            if _same_responsible(candidate.responsible, mention):
                # A prose report names who was charged with it: that and a few shared words are enough.
                score, needed = min(1.0, score + RESPONSIBLE_BONUS), MIN_SHARED - 1
            else:
                needed = MIN_SHARED
            if score > best_score and shared >= needed:
                best, best_score = candidate, round(score, 3)
        if best is not None and best_score >= INFERRED_THRESHOLD:
            return self._stored(best), "inferred", best_score
        return None, None, None

    def _stored(self, candidate: _Candidate) -> tables.Agreement:
        agreement = self.db.get(tables.Agreement, candidate.id)
        assert agreement is not None  # read in this transaction, under the linking lock
        return agreement

    def _nearest(self, same_id: list[_Candidate]) -> _Candidate:
        """Of agreements with one id (from different years), the one taken most recently before this
        mention, else the one first seen nearest to it."""
        taken = [a for a in same_id if a.taken_on is not None]
        if taken:
            return max(taken, key=lambda a: a.taken_on or date.min)
        if self.when is None:
            return same_id[0]
        return min(same_id, key=lambda a: abs(((a.first_date or self.when) - self.when).days))

    def _link_one(self, mention: AgreementMention) -> list[Change]:
        agreement, link, score = self._find(mention)
        changes: list[Change] = []
        previous = agreement.status if agreement is not None else None
        if agreement is None:
            agreement = tables.Agreement(
                code=mention.id,
                code_key=code_key(mention.id),
                institution=self.institution,
                body=self.body,
                text=mention.text,
                document=self.document,
            )
            self.db.add(agreement)
            changes.append(Change(WebhookEvent.agreement_created, agreement))
        if mention.kind == "taken":
            agreement.origin_session = self.session
            agreement.text = mention.text  # the wording of the decision itself
            agreement.code = agreement.code or mention.id
            agreement.code_key = agreement.code_key or code_key(mention.id)
        agreement.responsible = agreement.responsible or mention.responsible
        if _names_a_person(mention.responsible) and agreement.responsible_person is None:
            agreement.responsible_person = self.people.resolve(mention.responsible)
        if mention.due:
            with contextlib.suppress(ValueError):
                agreement.due = agreement.due or date.fromisoformat(mention.due)
        agreement.vote = agreement.vote or mention.vote
        status = _follow_up_status(mention) if mention.kind == "follow_up" else _settled(mention)
        agreement.events.append(
            tables.AgreementEvent(
                document=self.document,
                session=self.session,
                kind=mention.kind,
                date=self.when,
                status_text=mention.status,
                status=status.status if status else None,
                progress=status.progress if status else None,
                link=link,
                link_score=score,
                span_start=mention.span[0] if mention.span else None,
                span_end=mention.span[1] if mention.span else None,
            )
        )
        summarise(agreement)
        if agreement.id in self.pool():
            # a later mention of this document sees the agreement as this one left it (its origin, its dates)
            self._pool[agreement.id] = _Candidate.of(agreement)
        if previous is not None and agreement.status != previous:
            changes.append(Change(WebhookEvent.agreement_status_changed, agreement, previous_status=previous))
        return changes
