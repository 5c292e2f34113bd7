"""One program row for its full name, its short names and its acronym.

Programs belong to the institution whose documents name them: each city's "Plan Municipal de Desarrollo"
is its own. Within an institution, a mention is the same program as a stored one when:
- its folded name is one already seen (`program_names`);
- without trailing qualifiers (years such as 2040 or 2021-2024, the institution's city, "municipal") it is
  a name already seen ("Plan Municipal de Desarrollo Santa Lucía 2045" and "Plan Municipal de Desarrollo");
- it is an acronym (alone or with qualifiers: "PMD 2040") already used for a program, or that spells the
  initials of exactly one program;
- it is a variant spelling of exactly one program (`variant_of`): an acronym inside the name for the words it
  spells, a word or two more inside the name (not a kind such as "Metropolitano"), the same words reordered,
  a head and the same code ("Plataforma VMX", "Proyecto VMx").
A new full name with an acronym takes over a program so far known only by that acronym. Two names
with different periods ("Programa de Gobierno 2018-2021" and "... 2021-2024") are two editions. Different
programs that share a prefix ("Plan de Movilidad" and "Plan de Movilidad Activa") stay apart: only years,
places and the institution's acronym are qualifiers. Connectors do not count ("... del Centro Histórico" and
"... Centro Histórico" are one), nor the year written with an acronym ("TRC 2040", "TRC-2040", "TRC").
A document without an institution joins the one program of a name whatever its institution; a legal
instrument only cited ("con fundamento en la Ley …") makes no row of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from ingest.extract.schema import ProgramMention
from ingest.lang.es.instruments import INTERCHANGEABLE_HEADS, KIND_ADJECTIVES, PROGRAM_HEAD_NOUNS
from models import tables
from models.keys import program_key
from models.text import fold_key

_CONNECTORS = frozenset(
    ["de", "del", "la", "las", "los", "y", "e", "para", "en", "a", "al", "con", "el", "sobre", "por"]
)
_INSTITUTION_WORDS = frozenset(
    ["implan", "instituto", "municipal", "planeacion", "de", "del", "la", "para", "el", "municipio"]
)
_UNTELLING = frozenset(["municipal", "municipio", "local"])
_YEAR = re.compile(r"^(?:\d{4}|\d{2})(?:\s?[-–]\s?(?:\d{4}|\d{2}))?$")


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return " " not in name.strip() and len(letters) >= 2 and all(c.isupper() for c in letters)


def acronym_stem(acronym: str) -> str:
    """'TRC 2040', 'TRC-2040', 'TRC2040' -> 'TRC': an acronym without the year or edition written with it."""
    return re.sub(r"[\s\-–/]*\d[\d\s\-–/]*$", "", acronym.strip()) or acronym.strip()


def initials(name: str) -> str:
    return "".join(w[0] for w in fold_key(name).split() if w not in _CONNECTORS and not w[0].isdigit()).upper()


def place_words(institution: str | None) -> frozenset[str]:
    """The institution's place and acronym words ("IMPLAN Torreón" -> implan, torreon): a name that ends with
    them ("Sistema de Información Geográfica del IMPLAN", "... de Torreón") names the same program without them."""
    words = institution.split() if institution else []
    acronyms = {fold_key(w) for w in words if len(w) >= 3 and w.isupper()}
    return frozenset(w for w in fold_key(institution or "").split() if w not in _INSTITUTION_WORDS) | acronyms


def core_words(name: str, places: frozenset[str]) -> list[str]:
    """The name's folded words without trailing qualifiers: years, places, "municipal"/"ciudad", a trailing "del
    municipio de …" or "de la ciudad de …" (whatever place it names), "en" and a capitalised place ("… en
    Quito"), and a body's acronym or an edition's numeral written after the name ("… ONU-HABITAT III",
    "… IMCO 2016"). At least a head and one word are kept."""
    words = fold_key(name).split()
    written = re.findall(r"\w+", name)
    capital = [w[:1].isupper() for w in written] if len(written) == len(words) else [False] * len(words)
    acronym = [w.isupper() and len(w) > 1 for w in written] if len(written) == len(words) else [False] * len(words)
    qualifiers = places | {"municipal", "municipio", "ciudad", "gto", "coah", "qro", "chih"}
    mixed_case = any(c.islower() for c in name)

    def trailing(i: int) -> bool:
        w = words[i]
        if _YEAR.match(w) or w in qualifiers or w in _CONNECTORS:
            return True
        if acronym[i] and i >= 2 and mixed_case:
            return True  # "ONU-HABITAT", "III", "IMCO" after a name in small letters
        return capital[i] and i >= 2 and words[i - 1] == "en"  # "en Quito"

    def trim() -> None:
        while len(words) > 2 and trailing(len(words) - 1):
            words.pop()
        while words and (_YEAR.match(words[-1]) or words[-1] in _CONNECTORS):
            words.pop()

    trim()
    seat = max((i for i, w in enumerate(words) if w in {"municipio", "ciudad"}), default=-1)
    if seat >= 2 and len(words) - seat <= 5 and words[seat - 1] in _CONNECTORS:
        del words[seat - 1 :]
        trim()
    return words


def core_key(name: str, places: frozenset[str]) -> str:
    """The core words without connectors or "municipal", and "plan", "programa" or "proyecto" at its head as one
    word: "Programa Parcial de Desarrollo Urbano del Centro Histórico" and "... Urbano Centro Histórico" are one
    program, and so are "Plan de Infraestructura Verde" and "Programa de Infraestructura Verde"."""
    words = _comparable(core_words(name, places), drop_new=True)
    return " ".join(words) if len(words) >= 2 else ""  # a head alone ("Plan") names no program


def _comparable(words: list[str], *, drop_new: bool = False) -> list[str]:
    """Folded words as names are compared: no connectors or "municipal", "plan", "programa" or "proyecto" at
    the head as one word, singular and plural as one word."""
    # within one municipality's archive "municipal" or "local" tells none of its programs apart ("Programa
    # Director Municipal de Desarrollo Urbano" is its "Plan Director de Desarrollo Urbano")
    words = [w for w in words if w not in _CONNECTORS and w not in _UNTELLING]
    if drop_new and words and words[0] in {"nuevo", "nueva"}:
        words = words[1:]  # "la Nueva Agenda Urbana" is the "Agenda Urbana" its documents name
    if words and words[0] in INTERCHANGEABLE_HEADS:
        words[0] = "plan"
    # singular and plural are one word ("Atlas de Riesgo", "Atlas de Riesgos")
    return [re.sub(r"(?<=[aeiou])s$", "", w) if len(w) > 4 else w for w in words]


@lru_cache(maxsize=8192)
def _words(name: str, places: frozenset[str], trimmed: bool) -> tuple[str, ...]:
    """The words keys compare: the core (`core_key`) or, untrimmed, every word. Cached: a new mention is compared
    with every name of its institution's programs."""
    if trimmed:
        return tuple(core_key(name, places).split())
    return tuple(_comparable(fold_key(name).split()))


@lru_cache(maxsize=8192)
def _acronyms_in(name: str) -> frozenset[str]:
    """The acronyms written inside a name, folded. Cached, as `_words` is: asked again for every pair."""
    return frozenset(fold_key(w) for w in re.findall(r"\w+", name) if len(w) >= 2 and w.isalpha() and w.isupper())


def _spelled_out(name: str, mine: list[str], theirs: list[str]) -> list[str]:
    """`mine` with an acronym written inside `name` replaced by the words of `theirs` it spells: '… Urbano de la
    ZML' read as '… Urbano de la Zona Metropolitana de La Laguna'."""
    written = _acronyms_in(name)
    if not written:
        return mine
    for i, word in enumerate(mine):
        if word not in written or word in theirs:
            continue
        for j in range(len(theirs) - len(word) + 1):
            window = theirs[j : j + len(word)]
            if "".join(w[0] for w in window) == word:
                return [*mine[:i], *window, *mine[i + 1 :]]
    return mine


def _words_inside(short: list[str], long: list[str]) -> bool:
    """'Plan de Infraestructura Verde' and 'Plan de Red de Infraestructura Verde', '… Urbano Norte' and '… Urbano
    Zona Norte', 'Programa Rector de la Zona Metropolitana de X' and 'Programa Rector de Desarrollo Urbano de la
    Zona …': a word more inside a name of three words or more (two in one of four or more), not at its end (where
    "Plan de Movilidad Activa" is another plan than "Plan de Movilidad") and not a kind ("Metropolitano",
    "Estatal": another plan) or a number."""
    extra = len(long) - len(short)
    if len(short) < 3 or not 1 <= extra <= (2 if len(short) >= 4 else 1):
        return False
    for k in range(1, len(short)):
        block = long[k : k + extra]
        if long[:k] == short[:k] and long[k + extra :] == short[k:]:
            return not any(w in KIND_ADJECTIVES or w[0].isdigit() for w in block)
    return False


def _head_and_code(name: str) -> str | None:
    """'Plataforma VMX', 'Proyecto VMx': a head noun and a code of two capitals or more name one program by the
    code, whatever the head; the code, folded."""
    words = name.split()
    if len(words) != 2 or fold_key(words[0]) not in PROGRAM_HEAD_NOUNS | {"plataforma", "estudio", "iniciativa"}:
        return None
    code = words[1]
    return fold_key(code) if code.isalnum() and sum(c.isupper() for c in code) >= 2 else None


def variant_of(a: str, b: str, places: frozenset[str]) -> bool:
    """Two spellings of one program that their keys cannot tell: an acronym for the words it spells, a word or
    two more inside the name, a head and the same code ("Plataforma VMX", "Proyecto VMx"), or the same four words
    or more in another order ("Plan Integral de Manejo de Aguas Pluviales", "Proyecto de Manejo Integral de Aguas
    Pluviales")."""
    code_a, code_b = _head_and_code(a), _head_and_code(b)
    if code_a and code_a == code_b:
        return True
    for trimmed in (True, False):
        wa, wb = list(_words(a, places, trimmed)), list(_words(b, places, trimmed))
        if len(wa) < 2 or len(wb) < 2:
            continue
        wa, wb = _spelled_out(a, wa, wb), _spelled_out(b, wb, wa)
        if wa == wb:
            return True
        if _words_inside(wa, wb) or _words_inside(wb, wa):
            return True
        if len(wa) >= 4 and wa != wb and sorted(wa) == sorted(wb):
            return True
    return False


def period(name: str) -> tuple[str, ...]:
    """The years a name carries, in order: ("2018", "2021") for "Programa de Gobierno 2018-2021"."""
    return tuple(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", name))


def _other_period(program: tables.Program, name: str) -> bool:
    """Both name a period and none of the program's is this one: two editions of a program, not one."""
    mine = period(name)
    theirs = {period(n) for n in [program.name, *(program.aliases or [])]} - {()}
    return bool(mine and theirs and mine not in theirs)


def _written_acronym(name: str) -> str | None:
    """'PMD 2040', 'Plan TRC 2040': a name that is an acronym (after a head noun, before a year)."""
    words = name.split()
    rest = [w for w in words if not _YEAR.match(w)]
    if rest and fold_key(rest[0]) in PROGRAM_HEAD_NOUNS:
        rest = rest[1:]
    return rest[0] if len(rest) == 1 and is_acronym(rest[0]) else None


class ProgramsLinker:
    """Finds or creates the program a mention names, inside one storing transaction. A mention from a document
    without an institution joins the one program of that name, whatever its institution; a program first met
    without an institution is taken over by the first institution that names it. A legal instrument the document
    only cites makes no program (it joins one that exists)."""

    def __init__(self, db: Session, institution: str | None) -> None:
        self.db = db
        self.institution = institution
        self.places = place_words(institution)
        self.scope = fold_key(institution or "") + "|"
        self._programs: list[tables.Program] | None = None
        self._names: dict[str, tables.ProgramName | None] = {}  # scoped key -> its row, for keys read already

    def read_ahead(self, mentions: Iterable[ProgramMention]) -> None:
        """Read the stored spellings of these mentions (names and core names, in this institution's scope) in
        one query, before `resolve` looks for them one by one: each look had cost a query and a flush of what
        the mention before it added."""
        # An institution's document also looks among the programs met only without one (scope "|").
        scopes = {self.scope} if self.institution is None else {self.scope, "|"}
        keys: set[str] = set()
        for mention in mentions:
            key = program_key(mention.name)
            if key:
                core = core_key(mention.name, self.places)
                keys.update(scope + k for scope in scopes for k in (key, core) if k)
        keys -= self._names.keys()
        if not keys:
            return
        N = tables.ProgramName
        query = select(N).where(N.key.in_(keys)).options(joinedload(N.program).selectinload(tables.Program.names))
        self._names.update(dict.fromkeys(keys))
        self._names.update({row.key: row for row in self.db.scalars(query)})

    def _name(self, scoped: str) -> tables.ProgramName | None:
        """The stored spelling with this scoped key."""
        if scoped not in self._names:
            self._names[scoped] = self.db.scalar(select(tables.ProgramName).where(tables.ProgramName.key == scoped))
        return self._names[scoped]

    def _named(self, name: tables.ProgramName) -> None:
        """`name` now has its key (new, or moved into this scope): later looks in this document find it."""
        self._names[name.key] = name

    def _by_key(self, key: str) -> tables.Program | None:
        row = self._name(self.scope + key)
        return row.program if row is not None else None

    def _local_programs(self) -> list[tables.Program]:
        """The institution's programs (those without one, for a document without one): read once per document,
        not once for every mention that looks for a spelling or initials among them, and kept up to date with
        the programs this document creates or takes over."""
        if self._programs is None:
            self._programs = list(self.db.scalars(self._local()))
        return self._programs

    def _now_local(self, program: tables.Program) -> None:
        if self._programs is not None and program not in self._programs:
            self._programs.append(program)

    def _elsewhere(self, key: str) -> tables.Program | None:
        """Without an institution: the one program of any institution with this key. With one: a program met so
        far only without an institution, which this institution takes over."""
        if self.institution is None:
            same = tables.ProgramName.key.endswith("|" + key, autoescape=True)
            rows = self.db.scalars(select(tables.ProgramName).where(same))
            programs = {r.program_id: r.program for r in rows}
            return next(iter(programs.values())) if len(programs) == 1 else None
        row = self._name("|" + key)
        if row is None or row.program.institution is not None:
            return None
        return self._adopt(row.program)

    def _adopt(self, program: tables.Program) -> tables.Program:
        """A program met so far without an institution becomes this institution's."""
        program.institution = self.institution
        self._now_local(program)
        program.key = self.scope + program.key.split("|", 1)[-1]
        for name in program.names:
            rescoped = self.scope + name.key.split("|", 1)[1]
            if self._name(rescoped) is None:
                self._names.pop(name.key, None)
                name.key = rescoped
                self._named(name)
        return program

    def _local(self) -> Select:
        P = tables.Program
        if self.institution is None:
            return select(P).where(P.institution.is_(None))
        return select(P).where(P.institution == self.institution)

    def resolve(self, mention: ProgramMention) -> tables.Program | None:
        key = program_key(mention.name)
        if not key:
            return None
        core = core_key(mention.name, self.places)
        written = _written_acronym(mention.name)
        alone = written is not None
        acronym = mention.acronym or written
        # the institution's own programs first, by every spelling; then those of a document without one
        program = self._find(mention, key, core, acronym, alone, self._by_key)
        if program is None:
            program = self._find(mention, key, core, acronym, alone, self._elsewhere, local=False)
        if program is None:
            if mention.cited:
                return None  # a law cited as the basis of an act is no program of the archive's
            program = tables.Program(
                key=self.scope + key, name=mention.name, acronym=acronym, aliases=[], institution=self.institution
            )
            self.db.add(program)
            self._now_local(program)
            self.db.flush()
        self._learn(program, mention, key, core, acronym, alone)
        return program

    def _find(self, mention: ProgramMention, key: str, core: str, acronym: str | None, alone: bool,
              by_key: Callable[[str], tables.Program | None], local: bool = True) -> tables.Program | None:
        """The program this mention names: by its name, its core name (other period excepted), its acronym, or
        the initials an acronym spells."""
        program = by_key(key)
        if program is None and core and core != key:
            program = by_key(core)
            if program is not None and _other_period(program, mention.name):
                program = None  # "Programa de Gobierno 2018-2021" is not the 2021-2024 one
        if program is None and acronym:
            program = self._by_acronym(acronym, core if not alone else None, local)
        if program is None and acronym and local:
            # "Oficina Virtual de Información: OVIE" and the "Oficina Virtual de Información Económica" stored
            stem = acronym_stem(acronym)
            matches = [p for p in self._local_programs() if initials(p.name) == stem]
            program = matches[0] if len(matches) == 1 else None
        if program is None and local and not alone:
            program = self._variant(mention.name)
        return program

    def _variant(self, name: str) -> tables.Program | None:
        """The one program of this institution that `name` is a variant spelling of (`variant_of`), if one."""
        if self.institution is None:
            return None
        matches = [
            p
            for p in self._local_programs()
            if not _other_period(p, name)
            and any(variant_of(name, n, self.places) for n in [p.name, *(p.aliases or [])])
        ]
        return matches[0] if len(matches) == 1 else None

    def _by_acronym(self, acronym: str, core: str | None, local: bool = True) -> tables.Program | None:
        stem = acronym_stem(acronym)
        P = tables.Program

        def with_stem(programs: Iterable[tables.Program]) -> list[tables.Program]:
            return [p for p in programs if p.acronym is not None and acronym_stem(p.acronym) == stem]

        if not local:
            # as for names: a document without an institution joins the one program of this acronym, and an
            # institution takes over one met only without an institution
            with_acronym = select(P).where(P.acronym.is_not(None))
            if self.institution is None:
                found = with_stem(self.db.scalars(with_acronym))
                return found[0] if len(found) == 1 else None
            orphans = with_stem(self.db.scalars(with_acronym.where(P.institution.is_(None))))
            return self._adopt(orphans[0]) if len(orphans) == 1 else None
        candidates = with_stem(self._local_programs())
        if not candidates:
            return None
        if core is None or len(candidates) == 1:
            return candidates[0]
        same = [p for p in candidates if core_key(p.name, self.places) == core]
        return same[0] if same else candidates[0]

    def _learn(
        self,
        program: tables.Program,
        mention: ProgramMention,
        key: str,
        core: str,
        acronym: str | None,
        alone: bool,
    ) -> None:
        """Record this spelling, and let a full name replace a name that was only an acronym."""
        if not alone and (is_acronym(program.name) or _written_acronym(program.name)):
            program.name = mention.name
        if acronym and not program.acronym:
            program.acronym = acronym
        if mention.name != program.name and mention.name not in program.aliases:
            program.aliases = [*program.aliases, mention.name]
        known = {n.key for n in program.names}
        for k in (key, core if core and not alone else None):
            k = self.scope + k if k else None
            if k and k not in known and self._name(k) is None:
                name = tables.ProgramName(key=k)
                program.names.append(name)
                self._named(name)
                known.add(k)
