"""People: names with their honorific kept apart, the office they hold, and whether they attended.

Forms read: attendee tables ("1. Arq. Nombre Apellido | Director de ..."), honorific + name anywhere ("el Mtro.
Nombre Apellido", "Lic.Nombre" run together), appositions ("Nombre Apellido, Coordinadora de ...", "la directora de
X, Nombre Apellido"), office + name ("la consejera Nombre Apellido", "los profesores A y B"), speaker labels in
minutes ("* **Nombre Apellido** (cargo): ..."), attendance lists ("Se retiraron A, B y C"), and speaker cards
("Nombre Apellido Architect – City Council"). Names without an honorific must also be a PER entity for spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from ingest.extract.normalize import balance_parens, squash
from ingest.extract.schema import Participant
from ingest.extract.tables import Table
from ingest.lang.es.honorifics import HONORIFICS
from ingest.lang.es.names import NAME_PARTICLES, NOT_NAME_WORDS, is_female_given_name, is_given_name
from ingest.lang.es.organisations import ORG_WORDS, STREET_BEFORE
from ingest.lang.es.roles import (
    ENGLISH_ROLE_NOUNS,
    ROLE_NOUNS,
    ROLE_PREFIXES,
    feminine_role,
    is_abbreviated_office,
    is_role_qualifier,
    singular_role,
    singularize_as_written,
)
from models.text import LOWER, UPPER, fold

UP, LOW = UPPER, LOWER
_HON_ALT = "|".join(re.escape(h) for h in sorted(set(HONORIFICS) | {h.upper() for h in HONORIFICS}, key=len,
                                                    reverse=True))
# A name word: "José", "Pérez-Gómez", "O'Neill", "Ma.", or an ALL-CAPS word in tables.
_WORD = rf"(?:Ma\.|[{UP}][{LOW}'’]+(?:-[{UP}][{LOW}]+)?|[{UP}]{{2,}}(?![{LOW}]))"
_PART = r"(?:de\sla|de\slos|de\slas|del|de|y|van|von|da|di)"
# one whitespace character between words: a run of blanks is where markup was, and names do not cross it
NAME = rf"{_WORD}(?:\s(?:{_PART}\s)?{_WORD}){{0,5}}"
_NAME_RE = re.compile(NAME)
# an initial may open the name after a title ("Lic. J. Francisco Anzar")
_HON_NAME = re.compile(rf"(?<![\w.])(?P<hon>{_HON_ALT})(?:\s*|(?<=\.))(?P<name>(?:[{UP}]\.\s)?{NAME})")


_HON_WORDS = {fold(h.rstrip(".")) for h in HONORIFICS if "." not in h.rstrip(".")} - {"don", "dona", "maestro",
                                                                                    "maestra", "c", "d", "q"}


def _is_name_like(name: str, min_tokens: int = 2) -> bool:
    toks = [t.strip(",;:") for t in name.split()]
    toks = [t for t in toks if t and fold(t) not in NAME_PARTICLES]
    if any(fold(t) in _HON_WORDS for t in toks):
        return False
    if len(toks) < min_tokens:
        return False
    if fold(toks[0]) in NOT_NAME_WORDS or fold(toks[0].rstrip(".")) in NOT_NAME_WORDS:
        return False
    if fold(toks[0]).endswith(("cion", "sion", "miento", "dad")):
        return False  # "Subdivisión de los Folios", "Comunidad de …": abstract nouns open no name
    if any(fold(t) in ORG_WORDS for t in toks):
        return False
    if any(singular_role(t) for t in toks):
        return False
    return not (all(t.isupper() and len(t) > 1 for t in toks) and len(toks) < 2)


def is_name_like(name: str) -> bool:
    """A person's name of two words or more, with no office, organisation or heading word in it."""
    return _is_name_like(name)


# Endings of abstract and collective nouns and of adjectives ("Inundaciones", "Clasificación", "Educativas"):
# a surname does not end so, and the given names that do ("Asunción", "Trinidad") are known.
_NOT_NAME_ENDING = re.compile(r"(?:cion|ciones|sion|siones|mientos?|idad|idades|ativos?|ativas?)$")


def credible_name(name: str, title: str | None, role: str | None) -> bool:
    """Whether a name read from the text stands for a person: it has a common given name, a title ("Lic.",
    "D."), or an office stated for it; two capitalised words with none of these ("Mejora Regulatoria",
    "Carranza y Falcón", a street corner) are a topic, a place or an event."""
    toks = [t for t in name.replace(".", ". ").split() if fold(t) not in NAME_PARTICLES]
    if not toks or any(_NOT_NAME_ENDING.search(fold(t).strip(".,")) and not is_given_name(t) for t in toks):
        return False
    if title or any(is_given_name(t) for t in toks):
        return True
    if re.search(r"\sy\s", name):
        return False  # surnames joined by "y" and no given name: a street corner, not a person
    return bool(role) and _starts_with_role(role)


def _plural_office(word: str) -> bool:
    """'integrantes', 'Regidores': an office noun in the plural."""
    base = singular_role(word)
    return bool(base) and fold(word).strip(".,") != base


def split_fused(name: str) -> list[str]:
    """'Paco Díaz Ortiz y Rosa Velia Gil Barrón' -> both people; 'Ana Ruiz Paz\nLuis Mora Gil' (two lines of a
    list read as one name) -> both; 'Héctor Bravo y Macedo' (a surname joined by "y") stays whole. A part after
    the joint is a person of its own when it opens with a given name and has a surname."""
    for joint in (r"\s+y\s+", r"[ \t]*\n\s*"):
        parts = re.split(joint, name)
        if len(parts) < 2:
            continue
        out = [parts[0]]
        for part in parts[1:]:
            words = part.split()
            if len(words) >= 2 and is_given_name(words[0]) and len(out[-1].split()) >= 2:
                out.append(part)
            else:
                out[-1] += (" y " if "y" in joint else " ") + part
        if len(out) > 1:
            return [q for p in out for q in split_fused(p)]
    return [name]


def split_honorific(text: str) -> tuple[str | None, str]:
    """'Arq. José Pérez' -> ('Arq.', 'José Pérez'); 'Lic.Ana Ruiz' -> ('Lic.', 'Ana Ruiz'); no title -> (None, text)."""
    text = squash(text)
    titles = []
    while True:
        m = re.match(rf"^(?P<hon>{_HON_ALT})(?:\s+|(?<=\.)(?=[{UP}]))", text)
        if not m:
            break
        titles.append(m.group("hon"))
        text = text[m.end() :]
    return (" ".join(titles) if titles else None), text.strip()


_ROLE_STOP = re.compile(
    r";|\.(?=\s|$)|\n|:|\s(?:y|e)\s+(?:el|la|los|las|del|con)\s|,\s*(?:quien|quienes|el|la|los|las|así|en|para|con|"
    r"que|mismo|misma|fungiendo|quien|dio|donde|cuyo|cuya|entre|por|a\s+fin|realiz\w*|present\w*|indic\w*|"
    r"mencion\w*|señal\w*|destac\w*|coment\w*|explic\w*|expres\w*|dijo|manifest\w*|afirm\w*|inform\w*|"
    r"se\s)\b|\s(?:quien|quienes|que|donde|realizó|presentó|indicó|mencionó|señaló|destacó|comentó|explicó|dio|"
    r"hizo|dijo|expuso|habló|ofreció|cerró|compartió|fue|es|será|estuvo|estará|tiene|tendrá|a\s+fin|durante|"
    r"sugirió|invitó|agradeció|reconoció|manifestó|expresó|afirmó|informó|recalcó|subrayó|insistió|terminó|"
    r"participó|encabezó|presidió|firmó|asistió|acudió|inició|clausuró|resaltó|enfatizó|propuso|solicitó|pidió|"
    # what the person does next, in the present ("…, ofrece unas palabras", "… desea que")
    r"ofrece|desea|determine|decida|presenta|expone|señala|comenta|indica|menciona|propone|solicita|agradece|"
    r"explica|informa|destaca|afirma|asegura|considera|reconoce|resalta|invita|pide|recuerda|anuncia|encabeza|"
    r"preside|quién|qué|cuál)\b"
    # any verb in the preterite ("finalizó", "entregó", "logró"): no office ends in a stressed -ó
    rf"|,?\s[{LOW}]+ó\b"
    # a comma and a conjunction open a new clause ("…, y como moderadora, …")
    rf"|,\s*(?:y|e)\s+[{LOW}]",
    re.I,
)
# another person's name after a comma ("…, el secretario general, Ana Ruiz Paz, …") or a plural office after
# "y" ("Coordinadora Ejecutiva y representantes de …"): the office ends before them
_ROLE_NEXT = re.compile(rf",\s*(?P<given>[{UP}][{LOW}]+)\s+[{UP}]|\s(?:y|e)\s+(?P<office>[{LOW}]+)\b")


# a title and a name inside what follows an office ("Alcalde-Presidente Dña. Pilar Segarra"): another person
_TITLE_NEXT = re.compile(
    r"\s(?:" + "|".join(re.escape(h) for h in HONORIFICS if h.endswith(".") and len(h) >= 3)
    + rf")\s*[{UP}][{LOW}]+\s+[{UP}]"
)


def trim_office(role: str) -> str:
    """An office without what follows it: another person's name after a comma ("…, el secretario general, Ana
    Ruiz") or a plural office after "y" ("Coordinadora Ejecutiva y representantes de …"), and a dangling "y"
    or "como"."""
    for nxt in _ROLE_NEXT.finditer(role):
        if (nxt.group("given") and is_given_name(nxt.group("given"))) or (
                nxt.group("office") and _plural_office(nxt.group("office"))):
            role = role[: nxt.start()]
            break
    return re.sub(r"(?:\s+(?:y|e|o|como|tales\s+como))+\s*$", "", role, flags=re.I)


def _abbreviated_office(text: str, dot: int) -> bool:
    word = re.search(r"(\w+)$", text[:dot])
    return bool(word) and is_abbreviated_office(word.group(1))


def _cut_role(text: str, max_words: int = 18) -> str | None:
    title = _TITLE_NEXT.search(text)
    text = text[: title.start()] + " " if title else text
    # a full stop after an abbreviated office ("Dir. de Obras Públicas") does not end it
    m = next((m for m in _ROLE_STOP.finditer(text) if not (m.group(0) == "." and _abbreviated_office(text, m.start()))),
             None)
    role = trim_office(text[: m.start()] if m else text)
    role = squash(role)
    words = role.split()
    if len(words) > max_words:
        role = " ".join(words[:max_words])
    role = balance_parens(role.strip(" ,;:-–—*\"“”'"))
    return role or None


def _starts_with_role(text: str) -> bool:
    words = re.findall(rf"[{UP}{LOW}.]+", text[:60])
    for i, w in enumerate(words[:3]):
        if singular_role(w):
            return True
        if fold(w) not in {"el", "la", "su", "sub", "vice"} and not is_role_qualifier(w):
            return False
        if i >= 2:
            return False
    return False


_ROLE_AFTER_COMMA = re.compile(r"^\s*,\s*(?P<role>[^\n]{0,200})")
_ROLE_PAREN = re.compile(r"^\s*\((?P<role>[^()\n]{2,120})\)")
_ROLE_COPULA = re.compile(r"^\s*,?\s*(?:quien\s+)?(?:es|era|fue|como)\s+(?:el|la)\s+(?P<role>[^\n]{0,160})", re.I)
_ROLE_DIRECT = re.compile(rf"^\s+(?P<role>(?:ex\s+)?[{LOW}{UP}]+\s+(?:de|del|en)\s+[^\n]{{0,140}})", re.I)
_ROLE_CHARACTER = re.compile(r"en\s+su\s+(?:car[aá]cter|calidad)\s+de\s+(?P<role>[^\n]{0,120})", re.I)
_ROLE_BEFORE = re.compile(
    rf"(?P<role>(?:(?:[{UP}{LOW}]+)\s+)?(?P<noun>[{UP}{LOW}]+)(?:\s+[^\n,;:.()]{{0,80}}?)?)\s*,?\s*"
    r"(?:(?:el|la|del|de\s+la|al|a\s+la)\s+)?$",
)


def role_after(clean: str, end: int) -> str | None:
    """The office written right after a name (", Director de ...", " (Ex directora ...)", " es el nuevo ...")."""
    tail = clean[end : end + 260]
    m = _ROLE_AFTER_COMMA.match(tail)
    if m and _starts_with_role(m.group("role")):
        role = _cut_role(m.group("role"))
        rest = tail[m.start("role") :]
        after = rest[rest.find(role) + len(role) :] if role and role in rest else ""
        # "X, el secretario general, Y": the office after the comma is Y's, not X's
        if role and re.match(rf"^\s*,\s*[{UP}][{LOW}]+\s+[{UP}][{LOW}]+", after) and re.match(
                r"(?i)(?:el|la)\s", m.group("role").lstrip()):
            return None
        return role
    m = _ROLE_PAREN.match(tail)
    if m and (_starts_with_role(m.group("role")) or len(m.group("role").split()) <= 3):
        return squash(m.group("role"))
    m = _ROLE_COPULA.match(tail)
    if m and _starts_with_role(m.group("role")):
        return _cut_role(m.group("role"))
    m = _ROLE_DIRECT.match(tail)
    if m and singular_role(m.group("role").split()[0]) and m.group("role").split()[0][0].islower():
        return _cut_role(m.group("role"))
    m = _ROLE_CHARACTER.search(tail[:120])
    if m and _starts_with_role(m.group("role")):
        return _cut_role(m.group("role"))
    return None


_TRAILING_ARTICLE = re.compile(r"\s*,?\s*(?:\b(?:el|la|del|de la|al|a la|los|las|como)\s*)?$", re.I)


def role_before(clean: str, start: int) -> str | None:
    """The office written right before a name ("la directora de X, ", "el Secretario Técnico, el C. ")."""
    head = clean[max(0, start - 110) : start]
    cut = max(head.rfind(ch) for ch in ";:\n.(")
    if cut >= 0:
        head = head[cut + 1 :]
    words = list(re.finditer(rf"[{UP}{LOW}]+", head))
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if singular_role(w.group(0)):
            prev = words[i - 1].group(0) if i > 0 else ""
            if prev[:1].isupper() and fold(prev) not in ROLE_PREFIXES and not singular_role(prev) and re.fullmatch(
                    r"\s+", head[words[i - 1].end() : w.start()]):
                continue  # "del Plan Maestro del Centro, Ana Ruiz": a word inside a proper name, not an office
            role_start = w.start()
            if i > 0 and _is_role_prefix(prev):
                role_start = words[i - 1].start()
            gap = head[w.end() :]
            if len(gap.split()) > 12:
                return None
            # "del Historiador Carlos Castañón, el C. …": the office is the name's right after it, and "la
            # Presidenta del Consejo, quien dedicó unas palabras a la memoria del Lic. …" is someone else's
            other = re.match(rf"\s+(?P<g>[{UP}][{LOW}]+)\s+[{UP}]", gap)
            if (other and is_given_name(other.group("g"))) or _ROLE_STOP.search(_TRAILING_ARTICLE.sub("", gap)):
                return None
            role = _TRAILING_ARTICLE.sub("", squash(head[role_start:]))
            role = role.strip(" ,")
            first = role.split()[0] if role else ""
            if first and fold(first) in {"el", "la", "los", "las"}:
                role = role.split(" ", 1)[1] if " " in role else ""
            return role or None
    return None


def _is_role_prefix(word: str) -> bool:
    return is_role_qualifier(word)


def _trim_name(name: str) -> str:
    """Drop trailing particles and trailing abstract nouns ("... Felicitaciones") that are not surnames."""
    toks = name.split()
    # an office on the line under a signature ("LIC. ANA RUIZ\nSecretaria") is not a surname either
    while toks and (fold(toks[-1]) in {"de", "del", "la", "las", "los", "y", "e"} or (
            len(toks) > 2 and re.search(r"(?:cion|ciones|dad|dades|miento|mientos|mente)$", fold(toks[-1])))
            or (len(toks) > 2 and singular_role(toks[-1]) and not toks[-1].isupper() and toks[-2].isupper())):
        toks.pop()
    return " ".join(toks)


class PeopleFinder:
    """Collects participants from one document; call the `from_*` methods, then `result()`."""

    def __init__(self, clean: str, raw: str, is_person: Callable[[int, int], bool]) -> None:
        self.clean = clean
        self.raw = raw
        self.is_person = is_person
        self.people: list[Participant] = []

    # ---- adding and merging -------------------------------------------------------------------------
    def known(self, name: str) -> Participant | None:
        """The participant already read under this name or a fuller form of it."""
        return next((p for p in self.people if _same_person(p.name, name)), None)

    def add(self, name: str, title: str | None, role: str | None, start: int, end: int,
            present: bool | None = None, kind: str = "mentioned") -> None:
        parts = split_fused(name.strip(" ,;:.-–"))
        if len(parts) > 1:
            # two people read as one name: each is added; an office written for both ("integrantes de …")
            # is each one's, a singular one belongs to neither for sure
            plural = bool(role) and _plural_office(role.split()[0])
            at = start
            for i, part in enumerate(parts):
                if not (i == 0 and title) and not any(is_given_name(w) for w in part.split()):
                    continue  # "Díaz Martínez y Rosa …": the first person's given name was left out of the span
                s = self.clean.find(part.split()[0], at, end + 1)
                s = at if s < 0 else s
                at = s + len(part.split()[0])
                self.add(part, title if i == 0 else None, role if plural else None, s, min(end, s + len(part)),
                         present, kind)
            return
        name = _trim_name(squash(name).strip(" ,;:.-–"))
        if not name:
            return
        if title is None:
            title, name = split_honorific(name)
        if role:
            role = squash(role).strip(" ,;:-–")
            words = role.split()
            if words and singular_role(words[0]) and words[0] != singularize_as_written(words[0]):
                words[0] = singularize_as_written(words[0])
                role = " ".join(words)
        for p in self.people:
            if _same_person(p.name, name):
                if len(name.split()) > len(p.name.split()):
                    p.name, p.span = name, (start, end)
                p.title = p.title or title
                p.role = p.role or role
                if present is not None and p.present is None:
                    p.present = present
                if p.kind == "mentioned" or kind in ("attended", "absent"):
                    p.kind = kind if kind != "mentioned" else p.kind
                return
        if not credible_name(name, title, role):
            return
        self.people.append(Participant(name=name, title=title, role=role or None, present=present,
                                       span=(start, end), kind=kind))

    def result(self) -> list[Participant]:
        # single names that are part of a fuller name found later
        out: list[Participant] = []
        for p in self.people:
            if any(q is not p and _same_person(q.name, p.name) and len(q.name.split()) > len(p.name.split())
                   for q in self.people):
                continue
            out.append(p)
        return out

    # ---- finders ------------------------------------------------------------------------------------
    def from_tables(self, tables: list[Table]) -> set[tuple[int, int]]:
        """Attendee tables. Returns the spans used, so prose finders skip them."""
        used = set()
        for table in tables:
            name_col = table.column("nombre", "integrante", "participante", "asistente", "consejero")
            role_col = table.column("cargo", "puesto", "dependencia", "institucion", "representa", "area")
            pres_col = table.column("asistencia", "presente", "asistio")
            for row in table.rows:
                cells = [c for c in row if c.text]
                if not cells:
                    continue
                ncell = row[name_col] if name_col is not None and name_col < len(row) else cells[0]
                text = re.sub(r"^\s*(?:[-*•]\s*)?\d{1,3}\s*[.)-]?\s*", "", ncell.text)
                title, name = split_honorific(text)
                nm = _NAME_RE.match(name)
                if not nm or len(nm.group(0)) < len(name) - 2:
                    continue
                name = nm.group(0)
                if role_col is not None and role_col < len(row):
                    role = row[role_col].text
                else:
                    others = [c for c in row if c is not ncell and c.text and not re.fullmatch(r"[\d.\s]+", c.text)]
                    role = others[0].text if others else None
                if not title and not (name_col is not None and _is_name_like(name)):
                    role_ok = bool(role) and any(singular_role(w) for w in role.split()[:3])
                    if not (role_ok and _is_name_like(name) and self.is_person(ncell.start, ncell.end)):
                        continue
                elif not _is_name_like(name, min_tokens=1):
                    continue
                present = None
                if pres_col is not None and pres_col < len(row):
                    v = fold(row[pres_col].text)
                    if v:
                        present = not (v.startswith("no") or "ausente" in v or "falt" in v)
                self.add(name, title, role, ncell.start, ncell.end, present)
                used.add((table.start, table.end))
        return used

    def from_honorifics(self, skip: list[tuple[int, int]]) -> None:
        for m in _HON_NAME.finditer(self.clean):
            if any(s <= m.start() < e for s, e in skip):
                continue
            hon, name = m.group("hon"), _trim_name(m.group("name"))
            name, name_end = self._split_y(name, m.start("name"))
            toks = [t for t in name.split() if fold(t) not in {"de", "del", "la", "las", "los", "y"}]
            weak = hon.rstrip(".").upper() in {"C", "D", "Q", "M"}
            if not toks or (weak and len(toks) < 2) or fold(toks[0]) in NOT_NAME_WORDS:
                continue
            if hon.rstrip(".").upper() == "C" and STREET_BEFORE.search(self.clean[max(0, m.start() - 70) : m.start()]):
                continue  # "Av. Hidalgo y C. Ramón Corona": a street
            if any(fold(t) in ORG_WORDS or fold(t.rstrip(".")) in _HON_WORDS for t in toks):
                continue
            if name.isupper() and any(len(t) < 3 for t in toks):
                continue  # fragments of an OCR'd signature line
            if len(toks) == 1 and not self.is_person(m.start("name"), name_end):
                continue
            role = role_after(self.clean, name_end) or role_before(self.clean, m.start())
            self.add(name, hon, role, m.start(), name_end)

    def _split_y(self, name: str, start: int) -> tuple[str, int]:
        """'Mauricio Rufino y Juan Antonio Rodríguez' -> first person only (the rest is found on its own)."""
        m = re.search(r"\s+y\s+(?=(\S+))", name)
        if m:
            after = name[m.end() :].split()
            if len(after) >= 2:
                name = name[: m.start()]
        return name, start + len(name)

    def from_roles(self, skip: list[tuple[int, int]]) -> None:
        """Office noun + name ("la consejera Ana Ruiz", "los Arquitectos A y B") and name + ", office"."""
        for w in re.finditer(rf"(?<![\w.])[{UP}{LOW}]+", self.clean):
            noun = w.group(0)
            base = singular_role(noun)
            if not base:
                continue
            m = re.match(rf"\s(?P<names>{NAME}(?:\s*,\s*{NAME})*(?:\sy\s{NAME})?)", self.clean[w.end() : w.end() + 200])
            if not m:
                continue
            names_at = w.end() + m.start("names")
            if any(s <= names_at < e for s, e in skip):
                continue
            plural = fold(noun) != base
            pre = ""
            before = re.search(rf"([{UP}{LOW}]+)\s+$", self.clean[max(0, w.start() - 20) : w.start()])
            if before and _is_role_prefix(before.group(1)):
                pre = before.group(1) + " "
            role = squash(pre + singularize_as_written(noun))
            names_text = m.group("names")
            if not plural:
                names_text = _NAME_RE.match(names_text).group(0)
            parts = re.split(r"\s*,\s*|\sy\s", names_text) if plural else [names_text]
            pos = names_at
            found = []
            for part in parts:
                part = _trim_name(part)
                if not part:
                    continue
                s = self.clean.find(part, pos)
                e = s + len(part)
                pos = e
                if plural:
                    name = part
                else:
                    name, e = self._split_y(part, s)
                if _is_name_like(name):
                    found.append((name, s, e, self.is_person(s, e)))
            # in a list after a plural office noun, one confirmed person vouches for the others
            confirmed = any(ok for *_, ok in found)
            for name, s, e, ok in found:
                if ok or (plural and confirmed):
                    # "los Regidores Ana Ruiz y Luis Paz": each one's office in their own gender
                    own = role
                    if plural and is_female_given_name(name.split()[0]):
                        own = " ".join([*role.split()[:-1], feminine_role(role.split()[-1])])
                    self.add(name, None, role_after(self.clean, e) or own, s, e)
        # name, office
        pat2 = re.compile(rf"(?<![\w.])(?P<name>{NAME})(?=\s*,\s*)")
        for m in pat2.finditer(self.clean):
            s, e = m.start("name"), m.end("name")
            if any(a <= s < b for a, b in skip):
                continue
            name = m.group("name")
            # drop a leading office noun or a leading article-like word
            toks = name.split()
            while toks and (fold(toks[0]) in NOT_NAME_WORDS or singular_role(toks[0])):
                s = self.clean.find(toks[1], s) if len(toks) > 1 else e
                toks = toks[1:]
            name = " ".join(toks)
            # the office first: asking the model is the dear part (ingest/extract/windows.py)
            role = role_after(self.clean, e) if _is_name_like(name) else None
            if role and self.is_person(s, e):
                self.add(name, None, role, s, e)
        # office, name   ("la directora de X, Nombre Apellido")
        pat3 = re.compile(rf",\s*(?P<name>{NAME})(?=\s*(?:[,;.]|\s+y\s|\s+así|\s+quien|\n|$))")
        for m in pat3.finditer(self.clean):
            s, e = m.start("name"), m.end("name")
            name, e = self._split_y(m.group("name"), s)
            if any(a <= s < b for a, b in skip) or not _is_name_like(name):
                continue
            role = role_before(self.clean, m.start())
            if role and self.is_person(s, e):
                self.add(name, None, role, s, e)

    def from_speaker_labels(self, starts: list[int] | None = None) -> int:
        """Minutes: '* **Nombre Apellido** (cargo): lo que dijo' or '* Lic. Nombre Apellido - lo que dijo'."""
        pat = re.compile(
            rf"[ \t]*(?:[-*•+][ \t]+)?(?P<lead>(?:{_HON_ALT})\s*|[{UP}][{LOW}]+\s+)?"
            rf"(?P<name>[{UP}][{LOW}'’]+(?:\s+(?:de\s+la\s+|del\s+|de\s+)?[{UP}{LOW}][{LOW}'’]+){{0,4}})"
            rf"\s*(?:\((?P<role>[^()\n]{{1,80}})\))?\s*(?::|\s[-–]\s)"
        )
        line_starts = [0] + [m.end() for m in re.finditer(r"\n", self.clean)]
        count = 0
        for at in sorted(set(line_starts) | set(starts or [])):
            m = pat.match(self.clean, at)
            if not m:
                continue
            lead = (m.group("lead") or "").strip()
            name = m.group("name")
            title = None
            role = m.group("role")
            if lead:
                if re.fullmatch(_HON_ALT, lead):
                    title = lead
                elif singular_role(lead):
                    role = role or lead
                else:
                    name = lead + " " + name
            toks = name.split()
            if fold(toks[0]) in NOT_NAME_WORDS or any(fold(t) in ORG_WORDS for t in toks):
                continue
            if any(singular_role(t) for t in toks):
                continue
            s, e = m.start("name"), m.end("name")
            if not (title or self.is_person(s, e)):
                continue
            if len(toks) >= 2 and not all(t[0].isupper() for t in toks if fold(t) not in {"de", "del", "la"}) and not (
                    self.is_person(s, e)):
                continue
            count += 1
            # the span covers the whole name, a first name read as the label's lead word included
            self.add(name, title, role, m.start("lead") if lead and name.startswith(lead) else s, e)
        return count

    def from_attendance_lists(self) -> None:
        """'Se retiraron A, B y C.' / 'Asistieron: A, B y C' / 'contó con la presencia de A, B y C'."""
        pat = re.compile(
            r"(?:se\s+retiraron|asistieron|estuvieron\s+presentes|participaron|se\s+ausentaron|"
            r"no\s+asistieron|justificaron\s+su\s+inasistencia)\s*:?\s*(?P<list>[^.\n]{3,400})",
            re.I,
        )
        for m in pat.finditer(self.clean):
            absent = bool(re.match(r"(?i)(se\s+ausentaron|no\s+asist|justific)", m.group(0)))
            pos = m.start("list")
            first = _NAME_RE.match(split_honorific(m.group("list"))[1])
            if not first:
                continue
            for part in re.split(r"\s*[,;]\s*|\s+y\s+", m.group("list")):
                part = part.strip()
                title, name = split_honorific(part)
                nm = _NAME_RE.match(name)
                if not nm or len(nm.group(0)) < len(name) - 1:
                    continue
                s = self.clean.find(part, pos)
                pos = max(pos, s + len(part))
                if not _is_name_like(nm.group(0), min_tokens=2) or not (title or self.is_person(s, s + len(part))):
                    continue
                self.add(nm.group(0), title, None, s, s + len(part), present=False if absent else None)

    def from_cards(self, segments: list[tuple[int, int]]) -> None:
        """Speaker cards: a short line 'Nombre Apellido Role words...' or a name line followed by a role line."""
        texts = [(s, e, squash(self.clean[s:e])) for s, e in segments]
        for i, (s, e, text) in enumerate(texts):
            if not text or len(text.split()) > 22:
                continue
            m = re.match(rf"^(?:.*?[):]\s+)?(?P<name>{_WORD}\s{_WORD})(?:\s+(?P<rest>.+))?$", text)
            if not m:
                continue
            name, rest = m.group("name"), m.group("rest")
            if not _is_name_like(name):
                continue
            if rest is None:
                # name alone on its line: the next line may hold the role
                if i + 1 < len(texts) and self._role_line(texts[i + 1][2]):
                    role = texts[i + 1][2]
                    if i + 2 < len(texts) and texts[i + 2][2].startswith("("):
                        role += " " + texts[i + 2][2]
                    self.add(name, None, role, s, e)
                continue
            if self._role_line(rest):
                self.add(name, None, rest, s, e)

    @staticmethod
    def _role_line(text: str) -> bool:
        words = re.findall(rf"[{UP}{LOW}]+", text)[:4]
        return bool(words) and any(fold(w) in ENGLISH_ROLE_NOUNS for w in words) and text[:1].isupper()


def _same_person(a: str, b: str) -> bool:
    ta = [t for t in fold(a).replace(".", " ").split() if t not in {"de", "del", "la", "las", "los", "y"}]
    tb = [t for t in fold(b).replace(".", " ").split() if t not in {"de", "del", "la", "las", "los", "y"}]
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)

    def has(tok: str) -> bool:
        return any(tok == t or (len(tok) > 3 and fuzz.ratio(tok, t) >= 80) for t in big)

    if len(small) == 1:
        return small[0] in big
    return all(has(t) for t in small) and (small[0] == big[0] or has(small[0]))


def role_nouns() -> set[str]:
    return set(ROLE_NOUNS)
