"""The issuing institution in its short form, as the document writes it ("IMPLAN Torreón", "IMPLAN Santa Lucía",
"Municipio de Querétaro").

Evidence, strongest first:
1. a signature at the end ("Atentamente ... Director Ejecutivo IMPLAN X", "Coordinadora General ... del Municipio
   de X"): whoever signs issues the document;
2. the planning institute by name: a short form written in parentheses ("Instituto ... de X (IMPLAN X)"),
   "IMPLAN X" mentions, and the long name ("Instituto Municipal de Planeación [y ...] [(IMPLAN)] de X"), counted,
   with mentions in the title and the opening worth more. The short form is one the document writes ("IMPLAN X",
   title-cased when written in capitals), else IMPLAN and the city of the long name (particles kept);
3. a bare "IMPLAN" with the city the document is written in (a dateline "X, Estado a 4 de marzo", "la ciudad
   de X");
4. the municipality ("Municipio de X").

A city is capitalised words joined by "de", "del", "de la", "de los"; it never runs over a line break, and
honorifics ("Ing.", "Arq."), office nouns and calendar words are not part of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.extract.normalize import squash
from ingest.lang.es.honorifics import HONORIFICS
from ingest.lang.es.months import MONTHS
from ingest.lang.es.names import NOT_NAME_WORDS
from ingest.lang.es.roles import singular_role
from models.text import LOWER, UPPER, fold

UP, LOW = UPPER, LOWER
_PARTICLES = {"de", "del", "la", "las", "los", "y"}
_WORD = rf"[{UP}][{LOW}]+"
_CAPS = rf"[{UP}]{{2,}}"
# Words are joined by one blank (or a few, where markup was blanked), never by a line break.
_GAP = r"[ \t]{1,3}"
_CITY = rf"{_WORD}(?:{_GAP}(?:(?:de|del|de{_GAP}la|de{_GAP}las|de{_GAP}los){_GAP})?{_WORD}){{0,4}}"
_CITY_CAPS = rf"{_CAPS}(?:{_GAP}(?:(?:DE|DEL|DE{_GAP}LA|DE{_GAP}LAS|DE{_GAP}LOS){_GAP})?{_CAPS}){{0,4}}"
_LONG = re.compile(
    rf"Instituto(?:{_GAP}[\w]+){{0,4}}?{_GAP}Planeaci[oó]n(?:{_GAP}[\w]+){{0,3}}?"
    rf"(?:{_GAP}\([ \t]*(?P<acr>[{UP}]{{3,}})[ \t]*\))?{_GAP}"
    rf"(?:de|del{_GAP}Municipio{_GAP}de|para{_GAP}el{_GAP}Municipio{_GAP}de){_GAP}(?P<city>{_CITY})"
    rf"(?:{_GAP}\([ \t]*(?P<acr2>[{UP}]{{3,}})[ \t]*\))?"
    rf"|INSTITUTO(?:{_GAP}[{UP}]+){{0,4}}?{_GAP}PLANEACI[OÓ]N(?:{_GAP}[{UP}]+){{0,3}}?"
    rf"{_GAP}(?:DE|DEL{_GAP}MUNICIPIO{_GAP}DE){_GAP}(?P<caps>{_CITY_CAPS})"
)
_MUNICIPIO = re.compile(rf"\b(?:Municipio|Ayuntamiento|Gobierno{_GAP}Municipal){_GAP}de{_GAP}(?P<city>{_CITY})")
_MONTH_ALT = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_DOC_CITY = re.compile(
    rf"(?m)^[ \t]*(?P<city>{_CITY}),{_GAP}(?:{_WORD}\.?(?:-|,)?{_GAP})?(?:a{_GAP})?(?:{_WORD}{_GAP})?\d{{1,2}}"
    rf"(?:{_GAP}de)?{_GAP}(?i:{_MONTH_ALT})"
    rf"|\b[Cc]iudad{_GAP}de{_GAP}(?P<city2>{_CITY})"
)
_SIGNATURE_LEAD = re.compile(r"^\W*(?:atentamente|respetuosamente|sufragio\s+efectivo)\b", re.I)
_AFFILIATION_BEFORE = re.compile(rf"\b(?P<noun>[{UP}{LOW}]+)[ \t]+(?:del|de[ \t]+la|en[ \t]+el)[ \t]+$")

_HONORIFIC_WORDS = {fold(h.rstrip(".")) for h in HONORIFICS}
_NOT_CITY = (NOT_NAME_WORDS - {"la", "las", "los", "el", "del", "ciudad"}) | _HONORIFIC_WORDS | set(MONTHS)


def _title(caps: str) -> str:
    """'SANTA LUCÍA DEL VALLE' -> 'Santa Lucía del Valle'."""
    words = caps.split()
    return " ".join(w.lower() if i and fold(w) in _PARTICLES else w.capitalize() for i, w in enumerate(words))


def _trim_city(city: str) -> str:
    """Cut a city at the first word that cannot be part of one (an honorific, an office, a month...)."""
    words = squash(city).split()
    out: list[str] = []
    for w in words:
        f = fold(w)
        if f not in _PARTICLES and (f in _NOT_CITY or singular_role(w)):
            break
        out.append(w)
    while out and fold(out[-1]) in _PARTICLES:
        out.pop()
    return " ".join(out)


def _key(city: str) -> str:
    return " ".join(fold(city).split())


def _same_city(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " ")


@dataclass
class _Candidate:
    city: str  # the longest form seen (for "IMPLAN" + city when no short form is written)
    weight: float = 0.0
    written: dict[str, float] = field(default_factory=dict)  # "IMPLAN X" forms as written -> weight
    explicit: str | None = None  # "(IMPLAN X)"
    only_affiliation: bool = True
    acronym: str = ""


def _acronyms(text: str) -> list[str]:
    """IMPLAN, and any other acronym the document gives its planning institute ("... (IMIP) de Ciudad Juárez")."""
    found = ["IMPLAN"]
    for m in _LONG.finditer(text):
        acr = m.group("acr") or m.group("acr2")
        if acr and acr not in found:
            found.append(acr)
    return found


def _mention_re(acronyms: list[str]) -> re.Pattern:
    """'IMPLAN Torreón', '(IMPLAN Santa Lucía)', 'IMPLAN SANTA LUCÍA', 'IMPLAN de León' for the given acronyms."""
    alt = "|".join(re.escape(a) for a in acronyms) + "|Implan"
    return re.compile(
        rf"(?<![\w-])(?P<paren>\([ \t]*)?(?P<acr>{alt})(?:[ \t]*\))?{_GAP}(?P<de>de{_GAP})?"
        rf"(?:(?P<city>{_CITY})|(?P<caps>{_CITY_CAPS}))(?![\w-])(?P<close>[ \t]*\))?"
    )


def _bare_re(acronyms: list[str]) -> re.Pattern:
    """The acronym with no city after it ("el IMPLAN presentó")."""
    alt = "|".join(re.escape(a) for a in acronyms) + "|Implan"
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])(?!{_GAP}(?:de{_GAP})?(?:{_CITY}|{_CITY_CAPS}))")


class _Finder:
    def __init__(self, clean: str, title: str | None, opening_end: int) -> None:
        self.clean = clean
        self.title = title or ""
        self.opening_end = opening_end
        self.candidates: list[_Candidate] = []
        self.acronyms = _acronyms(clean + "\n" + self.title)
        self.mention = _mention_re(self.acronyms)
        self.bare = _bare_re(self.acronyms)

    def _caps_city(self, caps: str, followed_by: str) -> str | None:
        """The city in a run of capitals: the longest prefix the document also writes in mixed case, else the
        whole run where it ends a line ("... DEL IMPLAN SANTA LUCÍA" closing a heading)."""
        words = squash(caps).split()
        haystack = self.clean + " " + self.title
        for n in range(len(words), 0, -1):
            if fold(words[n - 1]) in _PARTICLES:
                continue
            cand = _title(" ".join(words[:n]))
            if re.search(rf"(?<!\w){re.escape(cand)}(?!\w)", haystack):
                return _trim_city(cand)
        if not followed_by.strip(" \t.") or followed_by.lstrip(" \t.")[:1] == "\n":
            return _trim_city(_title(" ".join(words[:3])))
        return None

    def _add(self, city: str, weight: float, acronym: str, written: bool = False, explicit: bool = False,
             affiliation: bool = False) -> None:
        city = _trim_city(city)
        if not city:
            return
        for c in self.candidates:
            if _same_city(c.city, city):
                break
        else:
            c = _Candidate(city=city)
            self.candidates.append(c)
        if len(city) > len(c.city):
            c.city = city
        c.weight += weight
        c.only_affiliation = c.only_affiliation and affiliation
        if acronym != "IMPLAN" or not c.acronym:
            c.acronym = acronym
        if written:
            form = f"{acronym} {city}"
            c.written[form] = c.written.get(form, 0.0) + weight
            if explicit and c.explicit is None:
                c.explicit = form

    def _weight(self, pos: int, in_title: bool, affiliation: bool = False) -> float:
        w = 3.0 if in_title or pos < self.opening_end else 1.0
        if not self.candidates and not in_title:
            w += 2.0  # the institution named first is the one the document speaks for
        return w / 2 if affiliation else w

    def scan(self, text: str, in_title: bool = False) -> None:
        # (position, city, acronym, written as "ACR City", explicit "(ACR City)", someone's employer)
        mentions: list[tuple[int, str, str, bool, bool, bool]] = []
        for m in self.mention.finditer(text):
            if m.group("city"):
                city = _trim_city(m.group("city"))
            else:
                city = self._caps_city(m.group("caps"), text[m.end() : m.end() + 3]) or ""
            if not city:
                continue
            acr = "IMPLAN" if m.group("acr") == "Implan" else m.group("acr")
            before = _AFFILIATION_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
            affiliation = bool(before and singular_role(before.group("noun")))
            explicit = bool(m.group("paren") and m.group("close") and not m.group("de"))
            # "IMPLAN de León" names the city but is not a short form as such
            mentions.append((m.start(), city, acr, not m.group("de"), explicit, affiliation))
        for m in _LONG.finditer(text):
            city = m.group("city") or self._caps_city(m.group("caps"), text[m.end() : m.end() + 3]) or ""
            if city:
                acr = m.group("acr") or m.group("acr2") or "IMPLAN"
                mentions.append((m.start(), city, acr, False, False, False))
        for pos, city, acr, written, explicit, affiliation in sorted(mentions, key=lambda x: x[0]):
            w = self._weight(pos, in_title, affiliation)
            self._add(city, w, acr, written=written, explicit=explicit, affiliation=affiliation)

    def best(self) -> str | None:
        pool = self.candidates
        if self.bare.search(self.clean):
            # the document calls its own institute just "IMPLAN": an IMPLAN named only as someone's employer
            # ("fundador del IMPLAN León") is a guest's, not the issuer
            pool = [c for c in pool if not c.only_affiliation] or []
        if not pool:
            return None
        top = max(pool, key=lambda c: c.weight)
        if top.explicit:
            return top.explicit
        if top.written:
            return max(top.written.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        return f"{top.acronym or 'IMPLAN'} {top.city}"

    def bare_acronym(self) -> str | None:
        m = self.bare.search(self.clean)
        if not m:
            return None
        return "IMPLAN" if m.group(0) == "Implan" else m.group(0)


def _signature(clean: str, blocks: Sequence) -> str | None:
    """The institution a closing signature names ("Atentamente ... Director Ejecutivo IMPLAN X")."""
    texts = [b for b in blocks if getattr(b, "kind", "paragraph") != "table"]
    if texts:
        last = clean[texts[-1].start : texts[-1].end]
    else:
        parts = [p for p in re.split(r"\n[ \t]*\n", clean) if p.strip()]
        last = parts[-1] if parts else ""
    last = squash(last)
    if not last or len(last) > 300:
        return None
    words = re.findall(rf"[{UP}{LOW}]+", last)
    # a signer's office written as a title: "Coordinadora General del Sistema ... del Municipio de X."
    office = bool(words) and singular_role(words[0]) is not None and all(
        w[0].isupper() or fold(w) in _PARTICLES | {"e", "en", "para", "a"} for w in words
    )
    if not (_SIGNATURE_LEAD.match(last) or office):
        return None
    finder = _Finder(last, None, 0)
    finder.scan(last)
    found = finder.best()
    if found:
        return found
    m = _MUNICIPIO.search(last)
    if m and _trim_city(m.group("city")):
        return "Municipio de " + _trim_city(m.group("city"))
    return None


def institution(clean: str, blocks: Sequence = (), title: str | None = None) -> str | None:
    """The issuing institution's short form (see the module docstring), or None."""
    signed = _signature(clean, blocks)
    if signed:
        return signed
    # the opening: the first block, and the one after it when the first is a heading or a short line
    text_blocks = [b for b in blocks if getattr(b, "kind", "paragraph") != "table"]
    opening_end = text_blocks[0].end if text_blocks else 300
    if len(text_blocks) > 1 and (text_blocks[0].kind == "heading" or len(text_blocks[0].text) < 120):
        opening_end = text_blocks[1].end
    finder = _Finder(clean, title, min(opening_end, 600))
    finder.scan(clean)
    if title:
        finder.scan(title, in_title=True)
    found = finder.best()
    if found:
        return found
    bare = finder.bare_acronym()
    if bare:
        m = _DOC_CITY.search(clean)
        if m:
            city = _trim_city(m.group("city") or m.group("city2"))
            if city:
                return f"{bare} {city}"
    m = _MUNICIPIO.search(clean)
    if m and _trim_city(m.group("city")):
        return "Municipio de " + _trim_city(m.group("city"))
    return None
