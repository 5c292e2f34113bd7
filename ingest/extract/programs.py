"""Named instruments: plans, programs, projects, regulations, laws, systems, manuals, atlases, agendas.

A name starts at a head noun written with a capital ("Plan", "Programa", "Reglamento", "Ley", "Sistema", ...)
and runs over capitalised words, connectors, years and quoted titles. An acronym in parentheses right after a
name ("(PMD)") is linked to it, and later uses of the acronym ("PMD GTO 2040") are the same program; an
acronym never defined but shaped like a plan's ("PMDUOET") is kept on its own. Items of a list introduced as
"los siguientes proyectos:" are programs too.
"""

from __future__ import annotations

import re

from ingest.extract.normalize import squash
from ingest.extract.schema import ProgramMention
from ingest.lang.es.formulas import CITATION_CUE, WORK_ON_INSTRUMENT
from ingest.lang.es.instruments import KIND_ADJECTIVES, LEGAL_HEADS, PLURAL_HEADS, STATE_LAW_HEADS
from ingest.lang.es.organisations import BANK_OF_DATA, MEMBERSHIP_BEFORE, ORG_UNIT_HEADS, SERVICE_BODY
from models.text import LOWER, UPPER, fold

UP, LOW = UPPER, LOWER
HEADS = (
    "Plan|Programa|Proyecto|Reglamento|Ley|Sistema|Manual|Atlas|Normas\\s+Técnicas|Norma\\s+Técnica|Norma|Agenda|"
    "Índice|Código|Oficina\\s+Virtual|Banco|Plataforma|Iniciativa|Estrategia|Estudio|Política\\s+Nacional|"
    "Objetivos\\s+de[l]?\\s+Desarrollo\\s+Sostenible|Nueva\\s+Agenda|Marco\\s+Estadístico|Documental|Seminario|"
    "Constitución\\s+Política|Bando|Presupuesto|Fondo|Ordenanza|Estatuto"
)
_HEAD = re.compile(rf"(?<![\w-])(?P<head>{HEADS}|{HEADS.upper()})(?![\w-])")
_CONNECT = {"de", "del", "la", "las", "los", "y", "e", "para", "en", "a", "al", "con", "sobre", "por", "el"}
_TOKEN = re.compile(
    # "H." (Honorable) inside a name: "Reglamento Interior del H. Cabildo"
    rf"\s*(?P<tok>[{UP}]\.(?=\s[{UP}])|“[^”\n]{{2,80}}”|\"[^\"\n]{{2,80}}\"|\d\.\d{{3}}(?!\d)|\d{{2,4}}(?:\s?[-–]\s?\d{{2,4}})?|"
    rf"[{UP}{LOW}0-9][{UP}{LOW}0-9'’]*(?:-\s?[{UP}{LOW}0-9]+)*)"
)
# "(PMD)", "(TRC 2040)", ", OVIE.", ": OVIE", "“PSMUS”": an acronym written right after the name
_ACRONYM_AFTER = re.compile(
    rf"^\s*(?:\((?P<acr>[{UP}][{UP}0-9\-]{{1,12}})(?:\s+[{UP}0-9\-]+){{0,2}}\)|[,:]\s*(?P<bare>[{UP}]{{3,8}})(?=\s*(?:[.;,)]|$))"
    rf"|[“\"](?P<quoted>[{UP}]{{3,8}})[”\"])"
)
_ORG_BEFORE = re.compile(
    r"(?:Coordinaci[oó]n|Direcci[oó]n|Secretar[ií]a|Departamento|Coordinador[a]?|Director[a]?|Secretari[oa]|"
    r"Subdirecci[oó]n|Unidad|Jefatura|Comisi[oó]n|Comit[eé]|President[ea]|Titular|Rector[a]?|Gerente|Jef[ea])(?:\s+\w+){0,3}?\s+(?:del|de\s+la|de)\s*$",
    re.I,
)
_WRAPPERS = re.compile(
    r"^(?:(?:la|el|los|las|un|una)\s+)?(?:\d+\s*[ªº°a]?\.?\s*(?:etapa|edici[oó]n)\s+(?:del?\s+)?|"
    r"(?:actualizaci[oó]n|integraci[oó]n|socializaci[oó]n|publicaci[oó]n|elaboraci[oó]n|implementaci[oó]n|"
    r"aprobaci[oó]n|dise[ñn]o|propuesta|continuaci[oó]n|presentaci[oó]n|seguimiento|desarrollo)\s+(?:del?|de\s+la|"
    r"de\s+los|de\s+las)?\s*)+",
    re.I,
)
_REFORM = re.compile(
    r"(?:Proyecto|Propuesta|Iniciativa)\s+de\s+(?:Reforma|Modificaci[oó]n|Actualizaci[oó]n)\s+(?:a\s+la|al|a|de\s+la|del)\s+",
    re.I,
)
_YEAR_PAIR = re.compile(r"\b(?P<a>\d{2})\s?[-–]\s?(?P<b>\d{2})$")
_PLURAL_LIST = re.compile(
    rf"(?P<head>Programas|Planes|Proyectos|Reglamentos|Sistemas)(?P<adj>(?:\s+[{UP}][{LOW}]+)*)"
    rf"(?P<rest>(?:\s+(?:de|del|para)\s+[{UP}][{LOW}]+(?:\s+[{UP}][{LOW}]+)*)+)\s*:\s*"
    rf"(?P<items>[{UP}][^.\n:;]{{3,200}})"
)
_ORG_UNIT = re.compile(
    r"(?:Comisi[oó]n|Direcci[oó]n|Secretar[ií]a|Consejo|Comit[eé]|Cabildo|Ayuntamiento|Tesorer[ií]a|Junta|"
    r"Instituto|Congreso|Coordinaci[oó]n|Departamento|Gobierno)$"
)
_STOP_NAMES = {"iniciativa privada", "proyecto ejecutivo", "sistema de consejos", "plan de trabajo",
               "programa de trabajo", "proyecto de reforma", "plan de accion", "sistema digital"}
_LIST_LEAD = re.compile(
    r"(?:(?:proyectos|programas|planes|instrumentos|estudios)[^\n:]{0,40}|destac\w+):\s*$", re.I
)
_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+(?P<item>[^\n]+)")


# Bills and instruments by kind, not by name ("Proyecto de Ordenanza", "Proyecto de Declaración")
_GENERIC_KIND = re.compile(
    r"^(?:proyecto|propuesta|iniciativa)\s+de\s+(?:ordenanza|declaraci[oó]n|resoluci[oó]n|decreto|acuerdo|"
    r"comunicaci[oó]n|ley|reglamento|mensura|minuta|dictamen)$",
    re.I,
)


def _singular_kind(text: str) -> str | None:
    """'Programas Parciales de Desarrollo Urbano' -> 'Programa Parcial de Desarrollo Urbano': the kind a list
    heading names, in the singular; None for a heading that names no kind of instrument."""
    m = _PLURAL_LIST.match(squash(text) + ": Item")
    if not m:
        return None
    return squash(" ".join([_singular(m.group("head")), *(_singular(a) for a in m.group("adj").split())])
                  + m.group("rest"))


def _singular(word: str) -> str:
    """'Programas' -> 'Programa', 'Planes' -> 'Plan', 'Parciales' -> 'Parcial'."""
    return re.sub(r"(?<=[lrn])es$|s$", "", word)


def _is_instrument(head: str, name: str, before: str) -> bool:
    """A bank, a utility or a body named like an instrument ("Banco de México", "Sistema Municipal de Aguas y
    Saneamiento", "Agenda Consejo Directivo") is not one."""
    h = fold(head)
    if h == "banco":
        return bool(BANK_OF_DATA.search(name))  # "Banco de Proyectos" is a program; "Banco Mundial" a bank
    if h == "sistema" and SERVICE_BODY.search(name):
        return False
    if h == "agenda" and re.match(rf"(?i)agenda\s+(?:del?\s+)?{ORG_UNIT_HEADS}", name):
        return False  # the agenda of a meeting
    return not MEMBERSHIP_BEFORE.search(before)


_BODY_ITEM = re.compile(rf"(?:el|la|los|las)\s+{ORG_UNIT_HEADS}\b")


def _among_bodies(clean: str, start: int, end: int) -> bool:
    """'coordinado por la Dirección de Vialidad, el Sistema Integral de Mantenimiento (SIM), el Instituto de
    Cultura …': a name listed between two bodies is a body too."""
    before = re.split(r"[.;:\n]", clean[max(0, start - 120) : start])[-1]
    after = re.sub(r"^\s*\([^()\n]{1,20}\)", "", clean[end : end + 120])
    prev = re.search(r",\s*([^,]*),\s*(?:el|la|los|las)?\s*$", "," + before)
    nxt = re.match(r"\s*,\s*(?P<item>[^,.;\n]+)", after)
    return bool(prev and _BODY_ITEM.search(prev.group(1)) and nxt and _BODY_ITEM.match(nxt.group("item")))


def _cited(head: str, clean: str, start: int) -> bool:
    """A legal instrument named as the basis of what is done ("con fundamento en el artículo 115 de la
    Constitución", "conforme a la Ley de …", "23 y 25 del Reglamento Interior"), not as work in hand."""
    if not LEGAL_HEADS.match(head):
        return False
    sentence = re.split(r"[.;\n]\s", clean[max(0, start - 160) : start])[-1]
    cue = max((m.end() for m in CITATION_CUE.finditer(sentence)), default=-1)
    work = max((m.end() for m in WORK_ON_INSTRUMENT.finditer(sentence) if len(sentence) - m.end() <= 40), default=-1)
    if work > cue:
        return False  # "la Propuesta de reforma a la Ley …", "la aprobación del Reglamento …"
    # a law, a constitution or a code is the state's, not the municipality's: cited unless worked on
    return cue >= 0 or bool(STATE_LAW_HEADS.match(head))


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1] in "“\"" or tok[:1].isdigit()


def _scan_name(clean: str, start: int, head_end: int, allcaps: bool) -> tuple[int, int]:
    """End of a program name that starts at `start` with its head ending at `head_end`."""
    pos = head_end
    end = head_end
    lowercase_used = 0
    content_after_head = 0
    pending_lower = False
    while True:
        m = _TOKEN.match(clean, pos)
        if not m or "\n" in clean[pos : m.start("tok")] or "\t" in clean[pos : m.start("tok")]:
            break
        tok = m.group("tok")
        word = fold(tok)
        if tok[:1] in "“\"" and (pos != end or not content_after_head or ":" in tok or tok[1:2].isspace()):
            break  # '"Índice 2016" y "Resultados 2016"': a closing and an opening quote, two titles
        if word == "que" and content_after_head == 0 and re.match(r"(?i)ley|decreto", clean[start:head_end]):
            verb = re.match(rf"\s+[{LOW}]+\s+(?:el|la|los|las)\s+(?=[{UP}])", clean[m.end() : m.end() + 30])
            if verb:
                pos = m.end() + verb.end()
                end = pos
                content_after_head += 1
                continue
        if allcaps:
            if word in {"que", "se", "es", "lo", "con", "por", "a"} or (_HEAD.fullmatch(tok) and content_after_head):
                break
            if tok.isupper() or tok[:1].isdigit() or tok[:1] in "“\"":
                if word in _CONNECT:
                    pos = m.end()
                    continue
                end = m.end()
                content_after_head += 1
                pos = m.end()
                continue
            break
        if word in _CONNECT:
            # a second instrument joined by "y", "al", "para"... starts a new name
            nxt = _TOKEN.match(clean, m.end())
            while nxt and fold(nxt.group("tok")) in {"la", "las", "los", "el", "a", "al", "de", "del"}:
                nxt = _TOKEN.match(clean, nxt.end())
            if word not in {"de", "del", "la", "las", "los", "el"} and nxt and (
                    _HEAD.match(clean, nxt.start("tok")) or PLURAL_HEADS.match(clean, nxt.start("tok"))):
                break
            if word == "por" and nxt and fold(nxt.group("tok")) in {"parte", "medio", "conducto"}:
                break  # "Plan de Desarrollo Cultural por parte de …": who presents it, not its name
            if word in {"a", "al"} and nxt and _ORG_UNIT.match(nxt.group("tok")):
                break
            # "… Mexicanos y 20 del Bando …": an article number citing the next instrument
            if word in {"y", "e"} and re.match(r"\s*\d{1,3}\s+(?:de|del)\b", clean[m.end() : m.end() + 12]):
                break
            pos = m.end()
            continue
        if _is_cap(tok):
            if _HEAD.fullmatch(tok) and content_after_head and fold(clean[end:m.start("tok")]).strip() in {"y", "e"}:
                break
            end = m.end()
            content_after_head += 1
            pending_lower = False
            pos = m.end()
            # comma lists inside law/regulation names: "Ley de A, B y C"
            after = clean[pos : pos + 3]
            if after.startswith(", ") and after[2:3].isupper() and re.match(
                rf",\s+[{UP}][{LOW}]+(?:\s+(?:de\s+|del\s+)?[{UP}][{LOW}]+)*(?:,\s+[{UP}][{LOW}]+(?:\s+(?:de\s+|del\s+)?"
                rf"[{UP}][{LOW}]+)*)*\s+y\s+[{UP}]",
                clean[pos : pos + 160],
            ) and re.match(r"(?i)(ley|reglamento|c[oó]digo)", clean[start:head_end]):
                pos += 1
            continue
        # one lowercase word may sit inside a name if a capitalised word follows soon
        if lowercase_used == 0 and content_after_head and re.match(
            rf"\s+(?:(?:de|del|de\s+la|de\s+los)\s+)?[{UP}]", clean[m.end() : m.end() + 12]
        ):
            lowercase_used += 1
            pending_lower = True
            pos = m.end()
            continue
        break
    if pending_lower:
        pass
    return start, end


def _clean_name(name: str) -> str:
    name = squash(name).strip(" ,;:.-–\"“”")
    m = _YEAR_PAIR.search(name)
    # "18-21" is a government's period; "Visión 10-20" is a name, not ten years
    if m and 1 <= int(m.group("b")) - int(m.group("a")) <= 6 and re.match(r"(?i)(plan|programa)", name):
        name = name[: m.start()] + f"20{m.group('a')}-20{m.group('b')}"
    toks = name.split()
    while toks and fold(toks[-1]) in _CONNECT:
        toks.pop()
    return " ".join(toks)


def _key(name: str) -> str:
    return " ".join(re.findall(r"\w+", fold(name)))


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d", text))


_QUOTED = re.compile(
    r"\b(?:el|la|del|al)\s+(?:proyecto|programa|plan|estudio|documental|libro|concurso|modelo|sistema)\s+"
    r"(?:denominado\s+|llamado\s+)?[“\"](?P<name>[^”\"\n]{4,120})[”\"]",
    re.I,
)


def _initials(name: str) -> str:
    return "".join(t[0] for t in re.findall(rf"[{UP}{LOW}]+", name) if fold(t) not in _CONNECT and t[0].isupper())


class ProgramFinder:
    def __init__(self, clean: str) -> None:
        self.clean = clean
        self.found: list[ProgramMention] = []
        self._base: str | None = None  # the kind a list heading names, for the items under it

    def _add(self, name: str, start: int, end: int, acronym: str | None = None, cited: bool = False) -> None:
        name = _clean_name(name)
        if not name or fold(name) in _STOP_NAMES or _GENERIC_KIND.match(name) or PLURAL_HEADS.match(name):
            return  # a plural kind ("Programas Parciales de …") names a group, not one program
        words = fold(name).split()
        if len(words) == 2 and words[1] in KIND_ADJECTIVES:
            return  # "el Plan Director, programas sectoriales …": a kind of plan, not one plan
        key = _key(name)
        for p in self.found:
            pk = _key(p.name)
            kt, pt = set(key.split()) - _CONNECT, set(pk.split()) - _CONNECT
            same_digits = _digits(key) == _digits(pk) or not _digits(key) or not _digits(pk)
            prefix = key.startswith(pk + " ") or pk.startswith(key + " ")
            close = min(len(kt), len(pt)) / max(len(kt), len(pt), 1) >= 0.6 or prefix
            if kt and pt and same_digits and (kt <= pt or pt <= kt) and min(len(kt), len(pt)) >= 2 and close:
                if len(kt) > len(pt) and _digits(key) >= _digits(pk):
                    p.name, p.span = name, (start, end)
                p.acronym = p.acronym or acronym
                p.cited = p.cited and cited
                return
            same_acr = acronym and p.acronym and acronym == p.acronym
            if pk == key or same_acr or (key.startswith(pk + " ") and (not re.search(r"\d", key[len(pk):])
                                                                        or not re.search(r"\d", pk))):
                if (len(name) > len(p.name) and not re.search(r"\d", key.replace(pk, "", 1))) or (same_acr and len(
                    name) > len(p.name)):
                    p.name, p.span = name, (start, end)
                p.acronym = p.acronym or acronym
                p.cited = p.cited and cited
                return
            if pk.startswith(key + " ") and (not re.search(r"\d", pk[len(key):]) or not re.search(r"\d", key)):
                p.acronym = p.acronym or acronym
                p.cited = p.cited and cited
                return
        self.found.append(ProgramMention(name=name, acronym=acronym, span=(start, end), cited=cited))

    def from_heads(self) -> list[tuple[int, int]]:
        spans = []
        pos = 0
        while True:
            m = _HEAD.search(self.clean, pos)
            if not m:
                break
            wrap = _REFORM.match(self.clean, m.start())
            if wrap:
                pos = wrap.end()
                continue
            allcaps = m.group("head").isupper()
            s, e = _scan_name(self.clean, m.start(), m.end(), allcaps)
            pos = max(m.end(), e)
            name = self.clean[s:e]
            tail = squash(self.clean[m.end() : e])
            content = [t for t in tail.split() if fold(t) not in _CONNECT]
            numbered_fund = bool(re.fullmatch(r"(?i)fondo\s+(?:\d{1,2}|[IVX]{1,4})", squash(name)))
            if fold(m.group("head")) == "fondo" and not numbered_fund:
                continue  # "Fondo Nacional de …" is an institution; funds are named by number ("Fondo 3")
            complete = len(m.group("head").split()) >= 3 or numbered_fund
            if not complete and (not content or all(re.fullmatch(r"[\d\-–/]+", t) for t in content)):
                continue
            if _ORG_BEFORE.search(self.clean[max(0, s - 60) : s]):
                continue
            wrapped = _WRAPPERS.match(squash(name))
            if wrapped and wrapped.end() > 0:
                continue
            if not _is_instrument(m.group("head"), name, self.clean[max(0, s - 80) : s]) or _among_bodies(
                    self.clean, s, e):
                continue
            acr = None
            quoted = re.search(rf"\s*[“\"](?P<acr>[{UP}]{{3,8}})[”\"]?$", name)
            if quoted:
                # "… de la Ciudad de Chihuahua “PSMUS”": the quoted capitals are the acronym, not the name's end
                name, e, acr = name[: quoted.start()], s + quoted.start(), quoted.group("acr")
            am = _ACRONYM_AFTER.match(self.clean[e : e + 30])
            if am:
                acr = am.group("acr") or am.group("bare") or am.group("quoted")
            self._add(name, s, e, acr, cited=_cited(m.group("head"), self.clean, s))
            spans.append((s, e))
        return spans

    def from_quoted(self) -> None:
        """'el proyecto “Nombre del Proyecto”' -> the quoted title."""
        for m in _QUOTED.finditer(self.clean):
            if m.group("name")[:1].isupper():
                self._add(m.group("name"), m.start("name"), m.end("name"))

    def from_lists(self, spans: list[tuple[int, int]], blocks: list | None = None) -> None:
        lines = self.clean.split("\n")
        offsets = []
        pos = 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        if blocks:
            active = False
            self._base = None
            for b in blocks:
                if b.kind == "list_item" and active:
                    self._list_item(b.start, b.end, spans)
                    continue
                self._base = None
                active = b.kind != "list_item" and bool(_LIST_LEAD.search(self.clean[b.start : b.end].rstrip()))
        active = False
        self._base = None
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            item = _LIST_ITEM.match(line)
            if item and active:
                self._list_item(offsets[i] + item.start("item"), offsets[i] + item.end("item"), spans)
                continue
            self._base = None
            active = bool(_LIST_LEAD.search(line))

    def _list_item(self, s: int, e: int, spans: list[tuple[int, int]]) -> None:
        raw = self.clean[s:e].strip()
        if raw.endswith(":"):
            # an item that opens a list of its own: "Programas Parciales de Desarrollo Urbano:" names the kind of
            # the items under it; "Eventos realizados por el Consejo:" is no program either way
            self._base = _singular_kind(raw[:-1])
            return
        if any(a < e and s < b for a, b in spans):
            self._base = None
            return
        text = re.split(r"(?<![\dªº])[.:](?:\s|$)|\s[-–]\s", self.clean[s:e])[0]
        text = _WRAPPERS.sub("", squash(text))
        text = re.sub(r"^(?:la|el|los|las)\s+", "", text, flags=re.I)
        words = text.split()
        if re.match(ORG_UNIT_HEADS + r"\b", text):
            return  # "Consejo Visión Metrópoli": a body among the projects, not a project
        if self._base and not _HEAD.match(text) and 1 <= len(words) <= 5 and text[:1].isupper():
            self._add(f"{self._base} {text}", s, e)
            return
        if 2 <= len(words) <= 12 and text[:1].isupper() and not re.search(r"\b(?:se|fue|es)\b", text):
            self._add(text, s, e)

    def from_plural_lists(self) -> None:
        """'Programas Parciales de Desarrollo Urbano: Centro, Norte y Sur' -> one program per item."""
        for m in _PLURAL_LIST.finditer(self.clean):
            base = " ".join([_singular(m.group("head")), *(_singular(a) for a in m.group("adj").split())]) + m.group(
                "rest")
            for item in re.split(r"\s*,\s*|\s+y\s+", m.group("items")):
                item = item.strip()
                if item and item[0].isupper() and len(item.split()) <= 5:
                    self._add(f"{squash(base)} {item}", m.start(), m.end())

    def link_acronyms(self) -> None:
        """Undefined plan-shaped acronyms ("PMDUOET") become programs unless they abbreviate a found name."""
        for m in re.finditer(r"(?<![\w-])(?P<acr>P[A-Z]{3,8})(?![\w-])", self.clean):
            acr = m.group("acr")
            around = self.clean[max(0, m.start() - 25) : m.end() + 25]
            words = re.findall(r"\w+", around)
            idx = words.index(acr) if acr in words else -1
            neighbours = [w for w in (words[idx - 1 : idx] + words[idx + 1 : idx + 2]) if idx >= 0]
            if any(w.isupper() and len(w) > 1 and not w.isdigit() for w in neighbours):
                continue
            if _HEAD.fullmatch(acr) or _HEAD.fullmatch(acr[:-1]) or _HEAD.fullmatch(acr[:-2]):
                continue
            if any(p.acronym == acr or _initials(p.name).startswith(acr) or _initials(p.name) == acr
                   for p in self.found):
                continue
            if any(fold(p.name) == fold(acr) for p in self.found):
                continue
            self.found.append(ProgramMention(name=acr, acronym=acr, span=(m.start(), m.end())))


def find_programs(clean: str, blocks: list | None = None) -> list[ProgramMention]:
    finder = ProgramFinder(clean)
    spans = finder.from_heads()
    finder.from_quoted()
    finder.from_lists(spans, blocks)
    finder.from_plural_lists()
    finder.link_acronyms()
    return finder.found
