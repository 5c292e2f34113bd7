"""One program row for its full name, its short names and its acronym.

Programs belong to the institution whose documents name them: each city's "Plan Municipal de Desarrollo"
is its own. Within an institution, a mention is the same program as a stored one when:
- its folded name is one already seen (`program_names`);
- without trailing qualifiers (years such as 2040 or 2021-2024, the institution's city, "municipal") it is
  a name already seen ("Plan Municipal de Desarrollo Santa Lucía 2045" and "Plan Municipal de Desarrollo");
- it is an acronym (alone or with qualifiers: "PMD 2040") already used for a program, or that spells the
  initials of exactly one program.
A new full name with an acronym takes over a program so far known only by that acronym. Two names
with different periods ("Programa de Gobierno 2018-2021" and "... 2021-2024") are two editions. Different
programs that share a prefix ("Plan de Movilidad" and "Plan de Movilidad Activa") stay apart: only years
and places are qualifiers.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ingest.extract.schema import ProgramMention
from models import tables
from models.keys import program_key
from models.text import fold_key

_CONNECTORS = frozenset(
    ["de", "del", "la", "las", "los", "y", "e", "para", "en", "a", "al", "con", "el", "sobre", "por"]
)
_INSTITUTION_WORDS = frozenset(
    ["implan", "instituto", "municipal", "planeacion", "de", "del", "la", "para", "el", "municipio"]
)
_YEAR = re.compile(r"^(?:\d{4}|\d{2})(?:\s?[-–]\s?(?:\d{4}|\d{2}))?$")


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return " " not in name.strip() and len(letters) >= 2 and all(c.isupper() for c in letters)


def initials(name: str) -> str:
    return "".join(w[0] for w in fold_key(name).split() if w not in _CONNECTORS and not w[0].isdigit()).upper()


def place_words(institution: str | None) -> frozenset[str]:
    return frozenset(w for w in fold_key(institution or "").split() if w not in _INSTITUTION_WORDS)


def core_words(name: str, places: frozenset[str]) -> list[str]:
    """The name's folded words without trailing years, places or "municipal"/"ciudad" qualifiers."""
    words = fold_key(name).split()
    qualifiers = places | {"municipal", "municipio", "ciudad", "gto", "coah", "qro", "chih"}
    while words and (_YEAR.match(words[-1]) or words[-1] in qualifiers or words[-1] in _CONNECTORS):
        words.pop()
    return words


def period(name: str) -> tuple[str, ...]:
    """The years a name carries, in order: ("2018", "2021") for "Programa de Gobierno 2018-2021"."""
    return tuple(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", name))


def _other_period(program: tables.Program, name: str) -> bool:
    """Both name a period and none of the program's is this one: two editions of a program, not one."""
    mine = period(name)
    theirs = {period(n) for n in [program.name, *(program.aliases or [])]} - {()}
    return bool(mine and theirs and mine not in theirs)


class ProgramsLinker:
    """Finds or creates the program a mention names, inside one storing transaction."""

    def __init__(self, db: Session, institution: str | None) -> None:
        self.db = db
        self.institution = institution
        self.places = place_words(institution)
        self.scope = fold_key(institution or "") + "|"

    def _by_key(self, key: str) -> tables.Program | None:
        row = self.db.scalar(select(tables.ProgramName).where(tables.ProgramName.key == self.scope + key))
        return row.program if row else None

    def _local(self) -> Select:
        P = tables.Program
        if self.institution is None:
            return select(P).where(P.institution.is_(None))
        return select(P).where(P.institution == self.institution)

    def resolve(self, mention: ProgramMention) -> tables.Program | None:
        key = program_key(mention.name)
        if not key:
            return None
        program = self._by_key(key)
        core = core_words(mention.name, self.places)
        core_key = " ".join(core)
        alone = len(core) == 1 and is_acronym(mention.name.split()[0])
        acronym = mention.acronym or (mention.name.split()[0] if alone else None)
        if program is None and core_key and core_key != key:
            program = self._by_key(core_key)
            if program is not None and _other_period(program, mention.name):
                program = None  # "Programa de Gobierno 2018-2021" is not the 2021-2024 one
        if program is None and acronym:
            program = self._by_acronym(acronym, core_key if not alone else None)
        if program is None and alone:
            matches = [p for p in self.db.scalars(self._local()) if initials(p.name) == acronym]
            program = matches[0] if len(matches) == 1 else None
        if program is None:
            program = tables.Program(
                key=self.scope + key, name=mention.name, acronym=acronym, aliases=[], institution=self.institution
            )
            self.db.add(program)
            self.db.flush()
        self._learn(program, mention, key, core_key, acronym, alone)
        return program

    def _by_acronym(self, acronym: str, core_key: str | None) -> tables.Program | None:
        candidates = list(self.db.scalars(self._local().where(tables.Program.acronym == acronym)))
        if not candidates:
            return None
        if core_key is None or len(candidates) == 1:
            return candidates[0]
        same = [p for p in candidates if " ".join(core_words(p.name, self.places)) == core_key]
        return same[0] if same else candidates[0]

    def _learn(
        self,
        program: tables.Program,
        mention: ProgramMention,
        key: str,
        core_key: str,
        acronym: str | None,
        alone: bool,
    ) -> None:
        """Record this spelling, and let a full name replace a name that was only an acronym."""
        if not alone and is_acronym(program.name):
            program.name = mention.name
        if acronym and not program.acronym:
            program.acronym = acronym
        if mention.name != program.name and mention.name not in program.aliases:
            program.aliases = [*program.aliases, mention.name]
        known = {n.key for n in program.names}
        for k in (key, core_key if core_key and not alone else None):
            k = self.scope + k if k else None
            if (
                k
                and k not in known
                and self.db.scalar(select(tables.ProgramName.id).where(tables.ProgramName.key == k)) is None
            ):
                program.names.append(tables.ProgramName(key=k))
                known.add(k)
