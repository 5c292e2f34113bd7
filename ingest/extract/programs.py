"""Named instruments: plans, programs, projects, regulations, laws, systems, manuals, atlases, agendas.

A name starts at a head noun written with a capital ("Plan", "Programa", "Reglamento", "Ley", "Sistema", ...)
and runs over capitalised words, connectors, years and quoted titles. An acronym in parentheses right after a
name ("(PMD)") is linked to it, and later uses of the acronym ("PMD GTO 2040") are the same program; an
acronym never defined but shaped like a plan's ("PMDUOET") is kept on its own. Items of a list introduced as
"los siguientes proyectos:" are programs too.
"""

from __future__ import annotations

import re

from ingest.extract.lexicon import fold
from ingest.extract.normalize import squash
from ingest.extract.schema import ProgramMention

UP = "A-ZÁÉÍÓÚÑÜ"
LOW = "a-záéíóúñü"
HEADS = (
    "Plan|Programa|Proyecto|Reglamento|Ley|Sistema|Manual|Atlas|Normas\\s+Técnicas|Norma\\s+Técnica|Norma|Agenda|"
    "Índice|Código|Oficina\\s+Virtual|Banco|Plataforma|Iniciativa|Estrategia|Estudio|Política\\s+Nacional|"
    "Objetivos\\s+de[l]?\\s+Desarrollo\\s+Sostenible|Nueva\\s+Agenda|Marco\\s+Estadístico|Documental|Seminario"
)
_HEAD = re.compile(rf"(?<![\w-])(?P<head>{HEADS}|{HEADS.upper()})(?![\w-])")
_CONNECT = {"de", "del", "la", "las", "los", "y", "e", "para", "en", "a", "al", "con", "sobre", "por", "el"}
_TOKEN = re.compile(
    rf"\s*(?P<tok>“[^”\n]{{2,80}}”|\"[^\"\n]{{2,80}}\"|\d{{2,4}}(?:\s?[-–]\s?\d{{2,4}})?|"
    rf"[{UP}{LOW}0-9][{UP}{LOW}0-9'’.]*(?:-\s?[{UP}{LOW}0-9]+)*)"
)
_ACRONYM_AFTER = re.compile(rf"^\s*\((?P<acr>[{UP}][{UP}0-9\-]{{1,12}})(?:\s+[{UP}0-9\-]+){{0,2}}\)")
_ORG_BEFORE = re.compile(
    r"(?:Coordinaci[oó]n|Direcci[oó]n|Secretar[ií]a|Departamento|Coordinador[a]?|Director[a]?|Secretari[oa]|"
    r"Subdirecci[oó]n|Unidad|Jefatura)(?:\s+\w+)?\s+(?:del|de\s+la|de)\s*$",
    re.I,
)
_WRAPPERS = re.compile(
    r"^(?:(?:la|el|los|las|un|una)\s+)?(?:\d+\s*[ªº°a]?\.?\s*(?:etapa|edici[oó]n)\s+(?:del?\s+)?|"
    r"(?:actualizaci[oó]n|integraci[oó]n|socializaci[oó]n|publicaci[oó]n|elaboraci[oó]n|implementaci[oó]n|"
    r"aprobaci[oó]n|dise[ñn]o|propuesta|continuaci[oó]n|presentaci[oó]n|seguimiento|desarrollo)\s+(?:del?|de\s+la|"
    r"de\s+los|de\s+las)?\s*)+",
    re.I,
)
_STOP_NAMES = {"iniciativa privada", "proyecto ejecutivo", "sistema de consejos", "plan de trabajo",
               "programa de trabajo", "proyecto de reforma", "plan de accion", "sistema digital"}
_LIST_LEAD = re.compile(r"(?:proyectos|programas|planes|instrumentos|estudios)[^\n:]{0,40}:\s*$", re.I)
_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+(?P<item>[^\n]+)")


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
        if not m or "\n" in clean[pos : m.start("tok")]:
            break
        tok = m.group("tok")
        word = fold(tok)
        if allcaps:
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
            # a second instrument joined by "y"/"," starts a new name
            nxt = _TOKEN.match(clean, m.end())
            if word in {"y", "e"} and nxt and _HEAD.match(nxt.group("tok")):
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
                rf",\s+[{UP}][{LOW}]+(?:\s+[{UP}][{LOW}]+)*(?:,\s+[{UP}][{LOW}]+(?:\s+[{UP}][{LOW}]+)*)*\s+y\s+[{UP}]",
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
    toks = name.split()
    while toks and fold(toks[-1]) in _CONNECT:
        toks.pop()
    return " ".join(toks)


def _initials(name: str) -> str:
    return "".join(t[0] for t in re.findall(rf"[{UP}{LOW}]+", name) if fold(t) not in _CONNECT and t[0].isupper())


class ProgramFinder:
    def __init__(self, clean: str) -> None:
        self.clean = clean
        self.found: list[ProgramMention] = []

    def _add(self, name: str, start: int, end: int, acronym: str | None = None) -> None:
        name = _clean_name(name)
        if not name or fold(name) in _STOP_NAMES:
            return
        key = fold(name)
        for p in self.found:
            pk = fold(p.name)
            same_acr = acronym and p.acronym and acronym == p.acronym
            if pk == key or same_acr or (key.startswith(pk + " ") and not re.search(r"\d", key[len(pk):])):
                if (len(name) > len(p.name) and not re.search(r"\d", key.replace(pk, "", 1))) or (same_acr and len(
                    name) > len(p.name)):
                    p.name = name
                p.acronym = p.acronym or acronym
                return
            if pk.startswith(key + " ") and not re.search(r"\d", pk[len(key):]):
                p.acronym = p.acronym or acronym
                return
        self.found.append(ProgramMention(name=name, acronym=acronym, span=(start, end)))

    def from_heads(self) -> list[tuple[int, int]]:
        spans = []
        pos = 0
        while True:
            m = _HEAD.search(self.clean, pos)
            if not m:
                break
            allcaps = m.group("head").isupper()
            s, e = _scan_name(self.clean, m.start(), m.end(), allcaps)
            pos = max(m.end(), e)
            name = self.clean[s:e]
            tail = squash(self.clean[m.end() : e])
            content = [t for t in tail.split() if fold(t) not in _CONNECT]
            if not content or all(re.fullmatch(r"[\d\-–/]+", t) for t in content):
                continue
            if _ORG_BEFORE.search(self.clean[max(0, s - 60) : s]):
                continue
            wrapped = _WRAPPERS.match(squash(name))
            if wrapped and wrapped.end() > 0:
                continue
            acr = None
            am = _ACRONYM_AFTER.match(self.clean[e : e + 30])
            if am:
                acr = am.group("acr")
            self._add(name, s, e, acr)
            spans.append((s, e))
        return spans

    def from_lists(self, spans: list[tuple[int, int]]) -> None:
        lines = self.clean.split("\n")
        offsets = []
        pos = 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        active = False
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            item = _LIST_ITEM.match(line)
            if item and active:
                s = offsets[i] + item.start("item")
                e = offsets[i] + item.end("item")
                if any(a < e and s < b for a, b in spans):
                    continue
                text = re.split(r"(?<!\d)[.:](?:\s|$)|\s[-–]\s", item.group("item"))[0]
                text = _WRAPPERS.sub("", squash(text))
                text = re.sub(r"^(?:la|el|los|las)\s+", "", text, flags=re.I)
                words = text.split()
                if 2 <= len(words) <= 12 and text[:1].isupper() and not re.search(r"\b(?:se|fue|es)\b", text):
                    self._add(text, s, e)
                continue
            active = bool(_LIST_LEAD.search(line))

    def link_acronyms(self) -> None:
        """Undefined plan-shaped acronyms ("PMDUOET") become programs unless they abbreviate a found name."""
        for m in re.finditer(rf"(?<![\w-])(?P<acr>P[{UP}]{{3,8}})(?![\w-])", self.clean):
            acr = m.group("acr")
            if any(p.acronym == acr or _initials(p.name).startswith(acr) or _initials(p.name) == acr
                   for p in self.found):
                continue
            if any(fold(p.name) == fold(acr) for p in self.found):
                continue
            self.found.append(ProgramMention(name=acr, acronym=acr, span=(m.start(), m.end())))


def find_programs(clean: str) -> list[ProgramMention]:
    finder = ProgramFinder(clean)
    spans = finder.from_heads()
    finder.from_lists(spans)
    finder.link_acronyms()
    return finder.found
