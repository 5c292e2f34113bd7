"""Agreements: coded items (JD-XI-1), follow-up tables (Acuerdo | Estatus) and decision statements.

A decision statement is a sentence with a decision verb ("se aprobó", "se acuerda", "acuerdan", "fue aprobada",
"se designó", "firmaron el convenio", "aprobación por unanimidad"). A document that says "Sin acuerdos" keeps
only the agreements it follows up.
"""

from __future__ import annotations

import re

from ingest.extract.dates import FoundDate, find_dates
from ingest.extract.labels import read_field
from ingest.extract.normalize import sentences, squash
from ingest.extract.schema import AgreementMention
from ingest.extract.tables import Table
from ingest.lang.es.status import STATUS_COLUMNS, STATUS_OPENING
from models.text import LOWER, UPPER, fold

UP, LOW = UPPER, LOWER
CODE = r"[A-Z]{1,6}(?:[-/](?:[A-Z]{1,8}|\d{1,4})){1,4}"
_CODE_ITEM = re.compile(rf"(?:^|(?<=[\n\t|]))[ \t]*(?P<id>{CODE})\s*[.:)\-–]\s+(?=\S)")
_ACUERDO_NUM = re.compile(
    r"(?im)^[ \t]*(?:[-*•][ \t]+)?acuerdo\s+(?:n[oú]m(?:ero)?\.?\s*|no\.?\s*|#\s*)?"
    rf"(?P<id>{CODE}|\d{{1,3}}(?:/\d{{2,4}})?)"
    r"\s*[.:)\-–]\s*(?P<text>[^\n]+)"
)
_DECISION = re.compile(
    r"\b(?:se\s+(?:aprob[óo]|aprueba[n]?|acord[óo]|acuerda[n]?|autoriz[óo]|autoriza[n]?|design[óo]|designa[n]?|"
    r"nombr[óo]|ratific[óo]|ratifica[n]?|resolvi[óo]|eligi[óo])|"
    r"(?:fue|fueron|queda|quedó|quedaron|ha\s+sido|han\s+sido)\s+(?:aprobad|autorizad|designad|ratificad|electo|"
    r"elect)[oa]?s?|aprob[óo]|aprobaron|aprueba[n]?|acord[óo]|acordaron|acuerda[n]?|autorizaron|designaron|"
    r"aprobaci[óo]n\s+(?:por\s+(?:unanimidad|mayor[ií]a)|un[áa]nime)|"
    r"(?:se\s+realiz[óo]\s+la\s+firma|se\s+firm[óo]|firmaron|firm[óo])\s+(?:de[l]?\s+|un\s+|el\s+|los\s+)?convenios?)\b",
    re.I,
)
_NOT_DECISION = re.compile(r"\ben\s+su\s+caso\b|\?|\bpropone\s+que\b|\bse\s+someter[áa]\b", re.I)
# The copyright notice publications carry ("se autoriza ... la reproducción total o parcial de este documento").
_NOTICE = re.compile(r"\breproducci[oó]n\s+(?:total|parcial)", re.I)
_NONE = re.compile(r"\b(?:sin\s+acuerdos|no\s+(?:hubo|se\s+tomaron|se\s+registraron)\s+acuerdos)\b", re.I)
_VOTE = re.compile(
    r"\bpor\s+(?P<w>unanimidad|mayor[ií]a(?:\s+(?:simple|calificada|absoluta))?)(?:\s+de\s+votos)?|"
    r"\b(?P<n>\d+\s+votos?\s+a\s+favor(?:\s*,?\s*(?:y\s+)?\d+\s+(?:votos?\s+)?en\s+contra)?(?:\s*,?\s*(?:y\s+)?\d+\s+"
    r"abstenci[oó]n(?:es)?)?)|\b(?P<u>un[áa]nime(?:mente)?)\b",
    re.I,
)
_RESPONSIBLE_LEAD = re.compile(
    rf"^(?:(?:el|la)\s+)?(?P<name>(?:(?:Arq|Lic|Mtro|Mtra|Dr|Dra|Ing|C\.P|C)\.\s*)?[{UP}][{LOW}]+"
    rf"(?:\s+(?:de\s+la\s+|del\s+|de\s+)?[{UP}][{LOW}]+){{1,5}})\s+(?P<verb>[{LOW}]+(?:ar|er|ir))\b"
)
_RESPONSIBLE_LABEL = re.compile(r"responsable\s*:\s*(?P<name>[^\n.;]+)", re.I)
_DUE_LABEL = re.compile(r"(?:fecha\s+(?:l[ií]mite|compromiso|de\s+cumplimiento)|a\s+m[áa]s\s+tardar|plazo)", re.I)
# Formulas that close a session: never an agreement's status (they give the session's end time).
_CLOSING = re.compile(
    r"(?:no\s+habiendo|sin)\s+(?:m[áa]s|otros?)\s+asuntos?|"
    r"se\s+(?:dio|da|di[óo])\s+por\s+(?:concluid|terminad|finalizad|clausurad)[ao]|"
    r"se\s+(?:levant[óo]|levanta|clausur[óo]|clausura|cierra|cerr[óo])\s+(?:la|el)\s+(?:presente\s+)?(?:sesi[oó]n|reuni[oó]n|acta)|"
    r"(?:concluy[óo]|termin[óo]|finaliz[óo])\s+(?:la|el)\s+(?:sesi[oó]n|reuni[oó]n)|"
    r"siendo\s+las\s+[^.\n]{0,40}?(?:conclu|termin|finaliz|clausur|levant|cierr)",
    re.I,
)
# A status line attached to an item: "Estatus: En proceso" or a line that opens with a status word.
_STATUS_LABEL = r"(?:estatus|status|estado|situaci[oó]n|seguimiento|avance|cumplimiento|observaci[oó]n(?:es)?)"
_STATUS_WORDS = re.compile(STATUS_OPENING, re.I)
# Section labels: agreements taken in this session, or a follow-up of earlier ones.
_SECTION = re.compile(
    r"(?im)^[ \t#*]*(?P<s>(?:seguimiento|cumplimiento|estado|estatus|avance|revisi[oó]n)\s+(?:de|a)\s+(?:los\s+)?"
    r"acuerdos|acuerdos(?:\s+(?:tomados|aprobados|adoptados|de\s+la\s+(?:presente\s+)?sesi[oó]n))?)\b[^\n]{0,60}$"
)


def find_vote(text: str) -> str | None:
    m = _VOTE.search(text)
    if not m:
        return None
    return squash(m.group("w") or m.group("n") or m.group("u"))


def responsible_in(text: str) -> str | None:
    m = _RESPONSIBLE_LABEL.search(text)
    if m:
        return squash(m.group("name"))
    m = _RESPONSIBLE_LEAD.match(squash(text))
    if m and m.group("verb") not in {"ser", "estar", "haber", "por", "mar", "par"}:
        return m.group("name")
    return None


def _due_in(text: str, dates: list[FoundDate], offset: int) -> str | None:
    m = _DUE_LABEL.search(text)
    if not m:
        return None
    for d in dates:
        if d.iso and offset + m.end() <= d.start <= offset + m.end() + 60:
            return d.iso
    return None


def _strip_code(text: str) -> tuple[str | None, str]:
    m = re.match(rf"^\s*(?:acuerdo\s+)?(?P<id>{CODE})\s*[.:)\-–]?\s*", text, re.I)
    if m and re.search(r"[-/]", m.group("id")):
        return m.group("id"), text[m.end() :]
    return None, text


class AgreementFinder:
    def __init__(self, clean: str, dates: list[FoundDate], heading_spans: list[tuple[int, int]]) -> None:
        self.clean = clean
        self.dates = dates
        self.heading_spans = heading_spans
        self.items: list[AgreementMention] = []
        self.covered: list[tuple[int, int]] = []

    def _add(self, item: AgreementMention) -> None:
        for other in self.items:
            if item.id and other.id == item.id:
                other.status = other.status or item.status
                other.vote = other.vote or item.vote
                other.responsible = other.responsible or item.responsible
                other.due = other.due or item.due
                return
        self.items.append(item)

    def from_tables(self, tables: list[Table]) -> None:
        for table in tables:
            acol = table.column("acuerdo", "descripcion", "compromiso")
            scol = table.column(*STATUS_COLUMNS)
            rcol = table.column("responsable")
            dcol = table.column("fecha", "plazo", "vencimiento")
            coded_rows = sum(1 for r in table.rows if r and _strip_code(r[0].text)[0])
            if acol is None and not coded_rows:
                continue
            if acol is not None and scol is None and rcol is None and not coded_rows:
                continue
            acol = 0 if acol is None else acol
            for row in table.rows:
                if acol >= len(row) or not row[acol].text:
                    continue
                cell = row[acol]
                code, text = _strip_code(cell.text)
                if not code and not re.search(rf"[{LOW}]{{3,}}", text):
                    continue
                status = row[scol].text if scol is not None and scol < len(row) else None
                if status is None and len(row) > acol + 1 and scol is None and rcol is None:
                    status = " ".join(c.text for c in row[acol + 1 :] if c.text) or None
                responsible = row[rcol].text if rcol is not None and rcol < len(row) else responsible_in(text)
                due = None
                if dcol is not None and dcol < len(row):
                    for d in self.dates:
                        if d.iso and row[dcol].start <= d.start < row[dcol].end:
                            due = d.iso
                            break
                end = max(c.end for c in row)
                self._add(AgreementMention(
                    text=squash(text), id=code, status=squash(status) if status else None, vote=find_vote(text),
                    responsible=responsible, due=due, kind="follow_up" if status else "taken",
                    span=(cell.start, end),
                ))
                self.covered.append((cell.start, end))

    def _section(self, pos: int) -> str | None:
        """'follow_up' or 'taken' from the nearest section label before `pos` ("Acuerdos:", "Seguimiento de
        acuerdos"), else None."""
        kind = None
        for m in _SECTION.finditer(self.clean, 0, pos):
            kind = "taken" if fold(m.group("s")).startswith("acuerdos") else "follow_up"
        return kind

    def _status_after(self, rest: str, section: str | None) -> str | None:
        """The status written after an item: an explicit "Estatus: ..." field or a line opening with a status
        word; in a follow-up section, the paragraph right after the item. Never a closing formula."""
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", rest) if p.strip()]
        if not paragraphs:
            return None
        for para in paragraphs[:2]:
            f = read_field(para, _STATUS_LABEL)
            if f:
                return squash(f.value)
        first = squash(paragraphs[0])
        if _CLOSING.search(first[:160]):
            return None
        if _STATUS_WORDS.match(first) or section == "follow_up":
            return first[:600]
        return None

    def from_coded_items(self) -> None:
        """'JD-XI-1. Se entregará ...' items in running text, with a status where one is attached to the item."""
        matches = [m for m in _CODE_ITEM.finditer(self.clean) if not self._inside(m.start("id"))]
        for i, m in enumerate(matches):
            nxt = matches[i + 1].start() if i + 1 < len(matches) else len(self.clean)
            end = min(nxt, m.end() + 1500)
            chunk = self.clean[m.end() : end]
            # the item ends at a cell/paragraph boundary (tab or line break) or at a blank line
            parts = [p for p in re.split(r"\t|\n", chunk)]
            text = ""
            rest_at = 0
            for k, p in enumerate(parts):
                if p.strip():
                    text = p
                    rest_at = sum(len(x) + 1 for x in parts[: k + 1])
                    break
            # a closing sentence run into the item's line is not part of it
            closing = _CLOSING.search(text)
            if closing and closing.start() > 0 and re.search(r"[.;]\s*$", text[: closing.start()]):
                text = text[: closing.start()]
            stop = re.search(r"\n[ \t]*\n[ \t]*(?:\d+\.\s|#|[A-ZÁÉÍÓÚ][^\n]{0,60}:?\n)", chunk[rest_at:])
            rest = chunk[rest_at : rest_at + stop.start()] if stop else chunk[rest_at:]
            status = self._status_after(rest, self._section(m.start()))
            self._add(AgreementMention(
                text=squash(text), id=m.group("id"), status=status, vote=find_vote(text),
                responsible=responsible_in(text), due=_due_in(text, self.dates, m.end()),
                kind="follow_up" if status else "taken", span=(m.start("id"), m.end() + len(text.rstrip())),
            ))
            covered_end = m.end() + rest_at + len(rest) if status else m.end() + len(text)
            self.covered.append((m.start("id"), covered_end))
        for m in _ACUERDO_NUM.finditer(self.clean):
            if self._inside(m.start()):
                continue
            text = m.group("text")
            self._add(AgreementMention(
                text=squash(text), id=m.group("id"), vote=find_vote(text), responsible=responsible_in(text),
                due=_due_in(text, self.dates, m.start("text")), span=(m.start(), m.end()),
            ))
            self.covered.append((m.start(), m.end()))

    def from_statements(self) -> None:
        if _NONE.search(self.clean):
            return
        heads: list[AgreementMention] = []
        body: list[AgreementMention] = []
        spans = sentences(self.clean)
        for k, (s, e) in enumerate(spans):
            if self._inside(s):
                continue
            sent = self.clean[s:e]
            m = _DECISION.search(sent)
            if not m or _NOT_DECISION.search(sent[: m.end() + 40]) or _NOTICE.search(sent):
                continue
            start = s + m.start()
            # start at "se" if the verb phrase begins there
            text = squash(self.clean[start:e]).rstrip(" .")
            if len(text.split()) < 4:
                text = squash(sent).rstrip(" .")
            following = self.clean[e : spans[k + 1][1]] if k + 1 < len(spans) else ""
            vote = find_vote(sent) or find_vote(following)
            item = AgreementMention(text=text, vote=vote, responsible=None, span=(start, e))
            is_heading = any(a <= s < b for a, b in self.heading_spans) or self._looks_like_heading(s, e)
            (heads if is_heading else body).append(item)
        for item in body:
            self._add_statement(item)
        for item in heads:
            if any(_content_overlap(item.text, b.text) >= 2 for b in body):
                continue
            self._add_statement(item)

    def _add_statement(self, item: AgreementMention) -> None:
        for other in self.items:
            if _token_ratio(item.text, other.text) >= 0.6:
                other.vote = other.vote or item.vote
                return
        self.items.append(item)

    def _looks_like_heading(self, s: int, e: int) -> bool:
        line_start = self.clean.rfind("\n", 0, s) + 1
        before = self.clean[line_start:s]
        after_nl = self.clean.find("\n", s)
        return not before.strip() and (after_nl == -1 or after_nl >= e - 2) and not self.clean[s:e].rstrip().endswith(
            (".", ";", ":")
        ) and len(self.clean[s:e].split()) <= 25

    def _inside(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.covered)


_STOP = {"de", "del", "la", "las", "los", "el", "y", "e", "en", "con", "para", "por", "que", "se", "su", "sus", "al",
         "a", "un", "una"}


def _toks(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", fold(text)) if len(t) > 2 and t not in _STOP}


def _content_overlap(a: str, b: str) -> int:
    return len(_toks(a) & _toks(b))


def _token_ratio(a: str, b: str) -> float:
    ta, tb = _toks(a), _toks(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def find_agreements(clean: str, tables: list[Table], dates: list[FoundDate] | None = None,
                    heading_spans: list[tuple[int, int]] | None = None) -> list[AgreementMention]:
    finder = AgreementFinder(clean, dates if dates is not None else find_dates(clean), heading_spans or [])
    finder.from_tables(tables)
    finder.from_coded_items()
    finder.from_statements()
    return finder.items
