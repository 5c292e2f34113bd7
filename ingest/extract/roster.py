"""People from the document's structure: the roll call, "Office: Name" lines, and signature blocks.

A roll reads "el Presidente Municipal, Mtro. A, la Síndica, Dra. B y los CC. Regidoras y Regidores: C, D y E.
Con falta justificada de la Regidora F." or, in Spanish plenos, "Asistentes: Alcalde-Presidente: D. A;
Concejales: Dña. B, D. C. Ausentes: D. D". An office written before a name (or as a heading followed by a
colon) is that person's role; a heading that gives both genders ("Regidoras y Regidores") gives each person
the one that fits. Everyone read from a roll attended, unless an absence phrase ("con falta justificada de",
"Ausentes:") opened the sentence or list they are in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from rapidfuzz import fuzz

from ingest.extract.normalize import squash
from ingest.extract.people import NAME, PeopleFinder, split_honorific, trim_office
from ingest.extract.schema import Participant, Region
from ingest.lang.es.fields import FIELD_WORDS
from ingest.lang.es.formulas import ABSENCE_CUE, ATTENDANCE_CUE, IN_MEMORIAM
from ingest.lang.es.honorifics import FEMININE_HONORIFICS, HONORIFICS
from ingest.lang.es.months import MONTHS
from ingest.lang.es.names import NAME_PARTICLES, NOT_NAME_WORDS, is_female_given_name, is_given_name
from ingest.lang.es.organisations import ORG_WORDS
from ingest.lang.es.roles import (
    SIGNATURE_LABELS,
    feminine_role,
    is_abbreviated_office,
    is_role_qualifier,
    singular_role,
    singularize_as_written,
)
from models.text import LOWER, UPPER, fold

_FRAGMENT = re.compile(rf"(?<=\s[{UPPER}])(?P<w>[{LOWER}]{{2,}})\s+[{LOWER}]{{1,3}}$")
_NAME_ONLY = re.compile(rf"(?:[{UPPER}]\.\s?)?{NAME}")
_ARTICLE = re.compile(r"^(?:(?:el|la|los|las|del|de\s+la|al|a\s+la|y|e)\s+)+(?:C\.\s*C\.|CC\.|C\.)?\s*", re.I)
_BULLET = re.compile(r"^[\s\-–—*•+.·>]*(?:\d{1,2}\s*[.)\-–]*\s*)?")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-/]+", text) if w]


def is_role_text(text: str) -> bool:
    """'el Presidente Municipal', 'Regidoras y Regidores', 'Alcalde-Presidente', 'Secretaria Técnica'."""
    words = _words(_ARTICLE.sub("", text.strip()))
    if not words or len(words) > 14:
        return False
    return any(singular_role(w.strip(".,")) for w in words[:3])


def _is_female(title: str | None, name: str) -> bool | None:
    if title and any(fold(t) in FEMININE_HONORIFICS for t in title.split()):
        return True
    first = fold(name.split()[0]) if name.split() else ""
    if first.endswith("a") and len(first) > 2:
        return True
    if first.endswith(("o", "or", "el", "an", "os", "on", "in", "ar", "er")):
        return False
    return None


def role_for(role: str | None, title: str | None, name: str) -> str | None:
    """The role a heading gives this person: singular, and of the person's gender when the heading gives both
    ("Regidoras y Regidores") or only the masculine and the title is feminine ("Licda.", "Dra.")."""
    if not role:
        return None
    role = trim_office(squash(_ARTICLE.sub("", role.strip())).strip(" ,;:.-"))
    parts = [p.strip() for p in re.split(r"\s+y\s+", role) if p.strip()]
    forms = [" ".join([singularize_as_written(p.split()[0]), *p.split()[1:]]) for p in parts]
    pair = len(forms) == 2 and all(singular_role(f.split()[0]) for f in forms) and len(
        {fold(feminine_role(f.split()[0])) for f in forms}) == 1
    if pair:
        female = _is_female(title, name)
        fem = [f for f in forms if fold(f.split()[0]).endswith("a")]
        masc = [f for f in forms if f not in fem]
        if fem and masc:
            return fem[0] if female else masc[0]
    words = role.split()
    if words and singular_role(words[0]) and fold(words[0]) != singular_role(words[0]):
        words[0] = singularize_as_written(words[0])
        female = (title is not None and any(fold(t) in FEMININE_HONORIFICS for t in title.split())) or bool(
            name.split() and is_female_given_name(name.split()[0]))
        if female:
            words[0] = feminine_role(words[0])
    return " ".join(words) or None


def bare_name(text: str) -> tuple[str | None, str] | None:
    """(title, name) when `text` is a person's name and nothing else ("Lic. Ana Ruiz Pérez.", "RUTH JUÁREZ")."""
    text = squash(_BULLET.sub("", text)).strip(" ,;.-–")
    # OCR splits a surname and leaves a small-letter fragment ("Bravo Galla do"): the name stands without it
    text = _FRAGMENT.sub(r"\g<w>", text)
    title, rest = split_honorific(text)
    m = _NAME_ONLY.fullmatch(rest)
    unknown = re.match(rf"^(?P<t>[{UPPER}][{LOWER}]{{1,5}}\.)\s+(?=[{UPPER}])", rest) if not m and not title else None
    if unknown and _NAME_ONLY.fullmatch(rest[unknown.end() :]):
        # an abbreviation the list does not know, or one OCR misread ("Pofra.", "Cdor."): still a title
        title, rest = unknown.group("t"), rest[unknown.end() :]
        m = _NAME_ONLY.fullmatch(rest)
    if not m:
        return None
    toks = [t for t in rest.replace(".", ". ").split() if fold(t) not in NAME_PARTICLES]
    # a month opens no name in running text, but a line holding only a name may start with Julio or Mayo
    if not 2 <= len(toks) <= 6 or (fold(toks[0]) in NOT_NAME_WORDS and fold(toks[0]) not in MONTHS):
        return None
    if any(fold(t) in ORG_WORDS or singular_role(t) for t in toks):
        return None
    # OCR leaves fragments of names: every word has at least two letters, and one has four
    letters = [re.sub(rf"[^{UPPER}{LOWER}]", "", t) for t in toks if not re.fullmatch(rf"[{UPPER}]\.", t)]
    if any(len(w) < 2 for w in letters) or not any(len(w) >= 4 for w in letters):
        return None
    if rest.isupper() and any(len(w) < 3 for w in letters):
        return None  # "RIULT KR": a signature line in capitals that OCR broke
    return title, rest


_HONORIFIC_FORMS = {fold(h) for h in HONORIFICS} | {fold(h) + "." for h in HONORIFICS}
_TITLE_WORDS = {fold(h).strip(".") for h in HONORIFICS if len(h.strip(".")) >= 3 and "." not in h.strip(".")}
_HON_OPEN = "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True) if h.endswith("."))


def _cuts(text: str) -> Iterator[re.Match]:
    """Where a roll piece ends: a comma, semicolon or colon, or a full stop that does not close an honorific
    or an initial ("Mtro.", "C.", "J.")."""
    for m in re.finditer(r"[,;:]|\.(?=\s)", text):
        if m.group(0) == ".":
            word = re.search(r"(\S+)$", text[: m.start()])
            w = word.group(1) if word else ""
            if len(w) <= 1 or fold(w + ".") in _HONORIFIC_FORMS or re.fullmatch(r"[A-Z]\.[A-Z]", w):
                continue
            if is_abbreviated_office(w):
                continue  # "Dir. de Obras Públicas"
            if len(w) <= 6 and w[:1].isupper() and any(fuzz.ratio(fold(w), h) >= 85 for h in _TITLE_WORDS):
                continue  # an honorific OCR misread ("Pofra.")
        yield m


_LIST_MARK = re.compile(r"[ \t]*(?:[-–—*•+]|\d{1,3}\s*[.)\-–]+)[ \t]+")


def _name_first(line: str) -> bool:
    """'- Ana Ruiz Pérez, Directora de Obras', 'Lic. Luis Paz Gil, Regidor': a line that opens with a name and
    gives the office after a comma."""
    head = _LIST_MARK.sub("", line, count=1).split(",", 1)
    return len(head) == 2 and bare_name(head[0]) is not None


def _line_cuts(text: str) -> Iterator[int]:
    """Line breaks that end a roll entry: before a list item ("- Name, Office"), between two lines that each
    open with a name and give its office after a comma, and after such a line at a paragraph break (what
    follows, a heading or the next section, is not its office). A name broken over two lines is not cut."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    for (start, before), (at, after) in pairwise(lines):
        paragraph = text.count("\n", start + len(before), at) > 1
        if _LIST_MARK.match(after) or (_name_first(before) and (_name_first(after) or paragraph)):
            yield text.rfind("\n", 0, at)


def _pieces(text: str, offset: int) -> Iterator[tuple[int, int, str]]:
    """Roll pieces with the separator that ends each: ',', ';', ':', '.' or ''. A line break that ends an entry
    (see `_line_cuts`) ends its piece like ';', so an office on one line never passes to the name on the next."""
    pos = 0
    bounds = []
    cuts = [(m.start(), m.end(), m.group(0)) for m in _cuts(text)] + [(i, i + 1, ";") for i in _line_cuts(text)]
    for start, end, sep in sorted(cuts):
        if start < pos:
            continue
        bounds.append((pos, start, sep))
        pos = end
    bounds.append((pos, len(text), ""))
    for start, end, sep in bounds:
        piece = text[start:end]
        if not piece.strip():
            continue
        # "A y B" names two people unless both sides are offices ("Regidoras y Regidores")
        parts = re.split(r"(\s+y\s+|\s+e\s+(?=[IÍiíHh]))", piece)
        merged: list[str] = [parts[0]]
        for k in range(1, len(parts), 2):
            right = parts[k + 1]
            # "A y los CC. Regidores", "A y Lic. B", "A y B C": a second person or office; "Vialidad y Movilidad
            # Urbana", "Regidoras y Regidores": one phrase
            opens = re.match(rf"\s*(?:(?:el|la|los|las)\s|(?:{_HON_OPEN})(?=\s|[{UPPER}]))", right, re.I)
            if opens or bare_name(right) or (_split_role_name(right)[2] and not is_role_text(right.split()[0])):
                merged.append(right)
            else:
                merged[-1] += parts[k] + right
        at = start
        for j, part in enumerate(merged):
            at = text.find(part, at)
            yield offset + at, offset + at + len(part), (sep if j == len(merged) - 1 else ",")
            at += len(part)


def _opens_with_given_name(name: str) -> bool:
    first = name.split()[0] if name.split() else ""
    return is_given_name(first) or bool(re.fullmatch(rf"[{UPPER}]\.", first))


def _names_first(clean: str, pieces: list[tuple[int, int, str]]) -> bool:
    """A roll written name first ("Ana Ruiz, Directora; Luis Paz, Regidor"): its first piece is a name alone, and
    the next or the last an office alone. Mexican rolls put the office first ("el Presidente Municipal, Mtro. A")
    and end on a name."""
    texts = [clean[s:e] for s, e, _ in pieces if clean[s:e].strip()]
    if len(texts) < 2:
        return False
    first = _split_role_name(texts[0])
    if first[0] is not None or first[2] is None:
        return False
    return any(r is not None and n is None for r, _, n in (_split_role_name(texts[1]), _split_role_name(texts[-1])))


def _split_role_name(piece: str) -> tuple[str | None, str | None, str | None]:
    """'la Regidora C. Elia Moreno González' -> ('Regidora', 'C.', 'Elia Moreno González'); an office alone gives
    (office, None, None); a name alone (None, title, name)."""
    body = squash(_ARTICLE.sub("", piece.strip())).strip(" .")
    found = bare_name(body)
    if found:
        return None, found[0], found[1]
    words = body.split()
    for i, w in enumerate(words):
        if not any(singular_role(x) for x in w.strip(".,").split("-")):
            continue
        start = i - 1 if i and is_role_qualifier(words[i - 1]) else i
        for j in range(i + 1, len(words)):
            # "Concejala de Urbanismo D. Andrés Llorente": a title opens the name, whatever the office says
            if fold(words[j]) in _HONORIFIC_FORMS and (found := bare_name(" ".join(words[j:]))) and found[0]:
                return " ".join(words[start:j]), found[0], found[1]
        for j in range(i + 1, len(words)):
            if any(fold(w) in _JOINERS for w in words[i + 1 : j]):
                break  # "directora de Movilidad No Motorizada": after "de" the words are the office's
            found = bare_name(" ".join(words[j:]))
            # the name after an office opens with a title or a given name ("Coordinador Delegacional de Santa
            # Rosa" is an office with a place in it)
            if found and (found[0] or _opens_with_given_name(found[1])):
                return " ".join(words[start:j]), found[0], found[1]
        return " ".join(words[start:]), None, None
    return None, None, None


class RosterReader:
    """Adds to a PeopleFinder the people read from the structure of the document."""

    def __init__(self, finder: PeopleFinder, regions: list[Region]) -> None:
        self.finder = finder
        self.clean = finder.clean
        self.regions = regions

    def from_rolls(self) -> None:
        for region in self.regions:
            if region.kind == "attendance":
                self._roll(region.start, region.end)

    def _roll(self, start: int, end: int) -> None:
        heading: str | None = None
        pending: str | None = None
        last: tuple[str, str | None, int] | None = None
        absent = False
        cue = ATTENDANCE_CUE.match(self.clean, start)
        text_start = cue.end() if cue else start
        if cue:
            # "Concejales presentes:", "estuvieron presentes los concejales:": the office heads the roll
            heading = next((w.strip(".,:") for w in cue.group(0).split() if singular_role(w.strip(".,:"))), None)
        done = self._surname_first(text_start, end, heading)
        pieces = [p for p in _pieces(self.clean[text_start:end], text_start) if not any(a <= p[0] < b for a, b in done)]
        name_first = _names_first(self.clean, pieces)
        for s, e, sep in pieces:
            piece = self.clean[s:e] + (sep if sep == ":" else "")
            if IN_MEMORIAM.search(piece):
                continue  # someone remembered is not someone present
            cue = ABSENCE_CUE.search(piece) or ATTENDANCE_CUE.search(piece)
            if cue:
                absent, pending = cue.re is ABSENCE_CUE, None
                # "Concejales presentes:", "Regidores ausentes:": the office the cue names heads the list
                office = next((w for w in piece[: cue.end()].split() if singular_role(w.strip(".,:"))), None)
                heading = office.strip(".,:") if office else (heading if not absent else None)
                piece = piece[cue.end() :]
            piece = piece.removesuffix(":")
            role, title, name = _split_role_name(piece)
            if name:
                at = self.clean.find(name, s)
                at = s if at < 0 else at
                if role and name_first and last is not None:
                    # "A, Alcalde-Presidente D. B, Concejala": in a roll written name first, the office before
                    # B (its line break lost) is A's
                    lname, ltitle, lat = last
                    self.finder.add(lname, ltitle, role_for(role, ltitle, lname), lat, lat + len(lname))
                    role = None
                person_role = role_for(role or pending or heading, title, name)
                self.finder.add(name, title, person_role, at, at + len(name), present=not absent,
                                kind="absent" if absent else "attended")
                pending, last = None, (name, title, at)
                continue
            first = piece.split()[0] if piece.split() else ""
            if role and sep == ":":
                heading, pending = role, None
            elif role and last is not None and (singular_role(first.strip(".,")) or is_role_qualifier(first)):
                # "A, Secretario del Ayuntamiento; B, …": an office opening the piece right after a name is that
                # name's apposition
                lname, ltitle, lat = last
                self.finder.add(lname, ltitle, role_for(role, ltitle, lname), lat, lat + len(lname))
            elif role and sep != ";" and singular_role(role.split()[0]) == fold(role.split()[0]).strip(".,"):
                pending = role  # a singular office alone waits for its name
            else:
                pending = None
            last = None
            if sep == ".":
                absent, pending = False, None

    def _surname_first(self, start: int, end: int, heading: str | None) -> list[tuple[int, int]]:
        """Rolls written surname first, one person per line or between semicolons ("GARCÍA LÓPEZ, María
        Elena;", "Pérez Soler, Juan"): read them whole before the comma-separated reading splits them."""
        spans: list[tuple[int, int]] = []
        entries = [m for m in _SURNAME_FIRST.finditer(self.clean, start, end) if _surname_entry_ok(m)]
        if len(entries) < 2:
            return spans
        absent = False
        for m in entries:
            between = self.clean[spans[-1][1] if spans else start : m.start()]
            if ABSENCE_CUE.search(between):
                absent = True
            office = next((w.strip(".,:;") for w in between.split() if singular_role(w.strip(".,:;"))), None)
            heading = office or heading
            name = f"{m.group('given')} {_as_written(m.group('sur'))}"
            title = m.group("title")
            self.finder.add(name, title, role_for(heading, title, name), m.start("sur"), m.end("given"),
                            present=not absent, kind="absent" if absent else "attended")
            spans.append((m.start(), m.end()))
        return spans

    def from_labels(self) -> None:
        """'REGIDORA JOVEN: Ana Ruiz Pérez.', 'Elaboró: Mtra. Ana Ruiz', 'Categoría Desempeño: Ana Ruiz Pérez.' (a
        label and a name alone after it, on its line or in its sentence), and a label line ending in ':' with the
        name alone on the next line."""
        lines = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]+", self.clean)]
        for i, (s, e, line) in enumerate(lines):
            for colon in re.finditer(r":(?![\d/])", line):
                marks = [(line.rfind(t, 0, colon.start()), len(t)) for t in (". ", '"', ":")]
                cut = max([at + n for at, n in marks if at >= 0] + [0])
                label = _LABEL_NOISE.sub("", squash(line[cut : colon.start()])).strip(" .")
                if cut == 0 and i > 0 and not is_role_text(label) and not re.search(r"[.:;]\W*$", lines[i - 1][2]):
                    # a label broken over two lines ("… POR PARTE DEL INTENDENTE\nMUNICIPAL: …")
                    joined = _office_tail(squash(lines[i - 1][2] + " " + label))
                    label = joined if is_role_text(joined) else label
                label = _office_tail(label)
                if fold(re.sub(r"[\s.º°]", "", line[: colon.start()])).endswith("vobo"):
                    label = "Vo. Bo."  # the visa's label holds a full stop of its own
                rest = line[colon.end() :]
                stop = next((c for c in _cuts(rest + " ") if c.group(0) in ".:"), None)
                value = rest[: stop.start()] if stop else rest
                value_at = s + colon.end()
                next_line = not rest.strip()
                if next_line:
                    # the name alone on the very next line, under a label written in running case
                    if i + 1 >= len(lines) or self.clean[e : lines[i + 1][0]] != "\n" or label.isupper():
                        continue
                    value, value_at = lines[i + 1][2], lines[i + 1][0]
                self._label(label, value, value_at, next_line)

    def _label(self, label: str, value: str, value_at: int, next_line: bool) -> None:
        found = bare_name(value)
        words = label.split()
        if not found or not words or len(words) > 14:
            return
        title, name = found
        if next_line and (name.isupper() or (len(name.split()) < 3 and not self.finder.is_person(
                value_at, value_at + len(value)))):
            return
        if fold(words[0]).rstrip(".") in SIGNATURE_LABELS:
            role = None  # "Elaboró:", "Vo. Bo.:" say what the person did to the document, not their office
        elif is_role_text(label):
            role = role_for(label.title() if label.isupper() else label, title, name)
        elif fold(words[0]).rstrip(".") in FIELD_WORDS or fold(words[-1]) in _GROUP_WORDS or label.isupper():
            return  # "Asunto: …", "Asistentes:": not this person's office
        else:
            role = label  # a category the person stands for ("Categoría Desempeño Laboral")
        at = self.clean.find(name, value_at)
        at = value_at if at < 0 else at
        self.finder.add(name, title, role, at, at + len(name), kind=self._kind(at))

    def from_signatures(self) -> None:
        """Signature blocks: a name on its line, the office on the next."""
        for region in self.regions:
            if region.kind != "signatures":
                continue
            lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", self.clean[region.start : region.end])]
            for i, (s, line) in enumerate(lines):
                found = bare_name(line)
                role = None
                # "LIC. ANA RUIZ PÉREZ Secretaria del Ayuntamiento": a name in capitals, its office after it
                caps = re.match(rf"^(?P<n>[^a-záéíóúñ]+?)\s+(?P<r>[{UPPER}][{LOWER}][^\n]*)$", line.strip())
                if not found and caps and is_role_text(caps.group("r")):
                    found, role = bare_name(caps.group("n")), squash(caps.group("r")).strip(" .,")
                if not found:
                    continue
                title, name = found
                if role is None and i + 1 < len(lines) and is_role_text(lines[i + 1][1]) and not bare_name(
                        lines[i + 1][1]):
                    role = squash(lines[i + 1][1]).strip(" .,")
                at = region.start + s + line.find(name)
                known = self.finder.known(name)
                if known is None and not (title or role or self.finder.is_person(at, at + len(name))):
                    continue  # a line of a signature page that names nobody read elsewhere
                if known is None and self._ocr_variant(name):
                    continue  # an OCR'd signature of someone already read ("RIULT RIVEH" for Riult Rivera)
                self.finder.add(name, title, role, at, at + len(name), kind="signed")

    def drop_ocr_signatures(self) -> None:
        """A name in capitals read only from a signature block that shares its given name and the start of a
        surname with someone read elsewhere ("RIULT RIVEH", "AZUCENA LÓP RLOS GÓMEZ") is an OCR'd signature
        of that person, not someone else."""
        signed = [r for r in self.regions if r.kind == "signatures"]

        def in_signatures(p: Participant) -> bool:
            return bool(p.span) and any(r.start <= p.span[0] < r.end for r in signed)

        def variant(p: Participant, q: Participant) -> bool:
            a, b = fold(p.name).split(), fold(q.name).split()
            if not a or not b or fuzz.ratio(a[0], b[0]) < 80:
                return False
            return any(x[:3] == y[:3] for x in a[1:] for y in b[1:] if len(x) >= 3 and len(y) >= 3)

        self.finder.people = [
            p for p in self.finder.people
            if not (p.name.isupper() and in_signatures(p) and any(
                q is not p and not in_signatures(q) and variant(p, q) for q in self.finder.people))
        ]

    def _ocr_variant(self, name: str) -> bool:
        first = fold(name.split()[0])
        return any(fuzz.ratio(first, fold(p.name.split()[0])) >= 80 for p in self.finder.people if p.name.split())

    def _kind(self, at: int) -> str:
        for r in self.regions:
            if r.start <= at < r.end and r.kind == "signatures":
                return "signed"
        return "mentioned"

    def mark_kinds(self) -> None:
        """Who attended, signed or was only mentioned, from where each person was read."""
        for p in self.finder.people:
            if p.kind != "mentioned" or not p.span:
                continue
            at = p.span[0]
            sent_start = max(self.clean.rfind(".", 0, at), self.clean.rfind("\n\n", 0, at))
            if IN_MEMORIAM.search(self.clean[sent_start + 1 : at + 1]):
                continue
            kinds = [r.kind for r in self.regions if r.start <= at < r.end]
            if "signatures" in kinds:
                p.kind = "signed"
            elif "attendance" in kinds:
                p.kind = "absent" if p.present is False else "attended"


def _office_tail(label: str) -> str:
    """'APERTURA DEL PERÍODO, POR PARTE DEL INTENDENTE MUNICIPAL' -> 'INTENDENTE MUNICIPAL': a label that ends
    in an office names the office."""
    if is_role_text(label):
        return label
    words = label.split()
    for i in range(max(0, len(words) - 5), len(words)):
        if singular_role(words[i].strip(".,")):
            start = i - 1 if i and is_role_qualifier(words[i - 1]) else i
            return " ".join(words[start:])
    return label


_SURNAMES = (
    rf"[{UPPER}][{UPPER}{LOWER}]+(?:[ \t]+(?:(?:de|del|DE|DEL)[ \t]+(?:(?:la|los|LA|LOS)[ \t]+)?)?"
    rf"[{UPPER}][{UPPER}{LOWER}]+){{0,3}}"
)
_SURNAME_FIRST = re.compile(
    rf"(?:^|(?<=[;:\n]))[ \t]*(?:[-*•]|\d{{1,2}}[.)-])?[ \t]*(?P<title>(?:D\.|Dña\.|Dª|Sr\.|Sra\.)[ \t]*)?"
    rf"(?P<sur>{_SURNAMES}),[ \t]*(?P<given>[{UPPER}][{LOWER}]+(?:[ \t]+[{UPPER}][{LOWER}]+)?)"
    rf"(?=[ \t]*(?:[;.\n]|$))"
)
def _surname_entry_ok(m: re.Match) -> bool:
    """Surnames and given names that are names: no title, office or organisation word in them."""
    words = (m.group("sur") + " " + m.group("given")).replace(".", " ").split()
    if any(fold(w) in _TITLE_WORDS or singular_role(w) or fold(w) in ORG_WORDS for w in words):
        return False
    return bare_name(f"{m.group('given')} {_as_written(m.group('sur'))}") is not None


def _as_written(surnames: str) -> str:
    """'BENÍTEZ DE LA FUENTE' -> 'Benítez de la Fuente'; mixed case is kept."""
    if not surnames.isupper():
        return surnames
    words = " ".join(w.capitalize() for w in surnames.split())
    return re.sub(r"\b(De|Del|La|Los|Las)\b", lambda x: x.group(1).lower(), words)


_JOINERS = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "a", "al", "con", "sobre"}
_LABEL_NOISE = re.compile(r"^(?:[^A-Za-zÁÉÍÓÚÑáéíóúñ]+|[a-záéíóúñ]{1,2}\s+)+")
_GROUP_WORDS = {"asistentes", "participantes", "invitados", "integrantes", "presentes", "ausentes", "miembros"}
