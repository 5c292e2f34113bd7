"""One person row for every way a person's name is written (see `names` for when two spellings agree)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ingest.tracking.names import Name, cut_short, fuller, match_score, parse_name
from models import tables


class PeopleLinker:
    """Finds or creates the person a written name refers to, inside one storing transaction. `institution` is
    the storing document's: a name whose last surname was cut short joins a person only of the same institution
    (or of a document whose institution is unknown)."""

    def __init__(self, db: Session, institution: str | None = None) -> None:
        self.db = db
        self.institution = institution
        self._known: dict[str, tables.Person | None] = {}  # spelling key -> its person, for keys read already

    def read_ahead(self, written: Iterable[str]) -> None:
        """Read the people of these spellings in one query, before `resolve` is asked for them one by one:
        asked each on its own, every name cost a query and a flush of the participation added before it."""
        keys = {parse_name(w).key for w in written} - set(self._known)
        keys.discard("")
        if not keys:
            return
        query = (
            select(tables.PersonName)
            .where(tables.PersonName.key.in_(keys))
            .options(joinedload(tables.PersonName.person))
        )
        self._known.update(dict.fromkeys(keys))
        self._known.update({row.key: row.person for row in self.db.scalars(query)})

    def resolve(self, written: str) -> tables.Person | None:
        name = parse_name(written)
        if not name.words:
            return None
        if name.key in self._known:
            person = self._known[name.key]
        else:
            existing = self.db.scalar(select(tables.PersonName).where(tables.PersonName.key == name.key))
            person = existing.person if existing is not None else None
        if person is not None:
            person.name = fuller(person.name, written)
            return person
        person = self._best_match(name)
        if person is None:
            person = tables.Person(key=name.key, name=written)
            self.db.add(person)
        else:
            person.name = fuller(person.name, written)
        person.names.append(tables.PersonName(key=name.key, sounds=" ".join(name.sounds), name=written))
        self.db.flush()
        self._known[name.key] = person
        return person

    def _best_match(self, name: Name) -> tables.Person | None:
        """The one stored person all of whose spellings agree with `name`; none if two people could be meant."""
        if len(name.words) < 2:
            return None
        # Any later word (a surname) must be shared for two spellings to agree, so search by those.
        surnames = [s for s in name.sounds[1:] if len(s) > 1]
        if not surnames:
            return None
        sharing = select(tables.PersonName.person_id).where(
            or_(*[tables.PersonName.sounds.contains(s) for s in surnames])
        )
        # The candidates with their spellings, read at once rather than two queries for each candidate.
        candidates = self.db.scalars(
            select(tables.Person).where(tables.Person.id.in_(sharing)).options(selectinload(tables.Person.names))
        )
        scored: list[tuple[float, tables.Person]] = []
        for person in candidates:
            written = [parse_name(n.name) for n in person.names]
            scores = [match_score(name, w) for w in written]
            if scores and min(scores) > 0:
                scored.append((min(scores), person))
            elif any(cut_short(name, w) for w in written) and self._same_institution(person):
                scored.append((0.9, person))
        if not scored:
            return None
        scored.sort(key=lambda item: item[0], reverse=True)
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.05:
            return None  # "Juan Delgado" could be Juan Carlos or Juan Pablo Delgado: neither
        return scored[0][1]

    def _same_institution(self, person: tables.Person) -> bool:
        """The person was read in a document of this institution, or either institution is unknown."""
        if self.institution is None:
            return True
        seen = {pa.session.document.institution for pa in person.participations}
        return not seen or None in seen or self.institution in seen
