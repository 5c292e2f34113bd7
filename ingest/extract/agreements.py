"""Agreements: coded items (JD-XI-1), follow-up tables (Acuerdo | Estatus) and decision statements.

A decision statement is a sentence of the body with a decision verb ("se aprobó", "se acuerda", "acuerdan",
"fue aprobada", "se designó", "firmaron el convenio", "aprobación por unanimidad"); sentences never cross the
document's regions, and each dispositive point (PRIMERO.-, SEGUNDO.-, ÚNICO.-) is an agreement of its own, with
its point or agenda item as context. Outcome, vote and commitment come from `decisions`. A document that says
"Sin acuerdos" keeps only the agreements it follows up.
"""

from __future__ import annotations

import itertools
import re

from ingest.extract.dates import FoundDate, find_dates
from ingest.extract.decisions import decision_in, decision_start, find_vote, is_commitment, outcome
from ingest.extract.labels import read_field
from ingest.extract.normalize import sentences, squash
from ingest.extract.schema import AgreementMention, Region
from ingest.extract.segments import boundaries, region_at, strip_marker
from ingest.extract.tables import Table
from ingest.lang.es.formulas import CHARGED, CLOSING_FORMULA, EARLIER_DECISION, UNDONE
from ingest.lang.es.status import STATUS_COLUMNS, STATUS_OPENING
from models.text import LOWER, UPPER, fold

UP, LOW = UPPER, LOWER
CODE = r"[A-Z]{1,6}(?:[-/](?:[A-Z]{1,8}|\d{1,4})){1,4}"
_CODE_ITEM = re.compile(rf"(?:^|(?<=[\n\t|]))[ \t]*(?P<id>{CODE})\s*[.:)\-–]\s+(?=\S)")
_ACUERDO_NUM = re.compile(
    r"(?im)(?:^|(?<=[.;]\s))[ \t]*(?:[-*•][ \t]+)?acuerdo\s+(?:n[oú]m(?:ero)?\.?\s*|no\.?\s*|n\s?[º°]\.?\s*|#\s*)?"
    rf"(?P<id>{CODE}|\d{{1,3}}(?:/\d{{2,4}})?)"
    r"\s*[.:)\-–]\s*(?P<text>[^\n]+)"
)
_NOT_DECISION = re.compile(r"\ben\s+su\s+caso\b|(?<!\bN)\?|\bpropone\s+que\b|\bse\s+someter[áa]\b", re.I)
# The copyright notice publications carry ("se autoriza ... la reproducción total o parcial de este documento").
_NOTICE = re.compile(r"\breproducci[oó]n\s+(?:total|parcial)", re.I)
_NONE = re.compile(r"\b(?:sin\s+acuerdos|no\s+(?:hubo|se\s+tomaron|se\s+registraron)\s+acuerdos)\b", re.I)
_RESPONSIBLE_LEAD = re.compile(
    rf"^(?:(?:el|la)\s+)?(?P<name>(?:(?:Arq|Lic|Mtro|Mtra|Dr|Dra|Ing|C\.P|C)\.\s*)?[{UP}][{LOW}]+"
    rf"(?:\s+(?:de\s+la\s+|del\s+|de\s+)?[{UP}][{LOW}]+){{1,5}})\s+(?P<verb>[{LOW}]+(?:ar|er|ir))\b"
)
_RESPONSIBLE_LABEL = re.compile(r"responsable\s*:\s*(?P<name>[^\n.;]+)", re.I)
_DUE_LABEL = re.compile(r"(?:fecha\s+(?:l[ií]mite|compromiso|de\s+cumplimiento)|a\s+m[áa]s\s+tardar|plazo)", re.I)
# A status line attached to an item: "Estatus: En proceso" or a line that opens with a status word.
_STATUS_LABEL = r"(?:estatus|status|estado|situaci[oó]n|seguimiento|avance|cumplimiento|observaci[oó]n(?:es)?)"
_STATUS_WORDS = re.compile(STATUS_OPENING, re.I)
# Section labels: agreements taken in this session, or a follow-up of earlier ones.
_SECTION = re.compile(
    r"(?im)^[ \t#*]*(?P<s>(?:seguimiento|cumplimiento|estado|estatus|avance|revisi[oó]n)\s+(?:de|a)\s+(?:los\s+)?"
    r"acuerdos|acuerdos(?:\s+(?:tomados|aprobados|adoptados|de\s+la\s+(?:presente\s+)?sesi[oó]n))?)\b[^\n]{0,60}$"
)


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
    def __init__(self, clean: str, dates: list[FoundDate], heading_spans: list[tuple[int, int]],
                 regions: list[Region] | None = None) -> None:
        self.clean = clean
        self.dates = dates
        self.heading_spans = heading_spans
        self.regions = regions or []
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
        if CLOSING_FORMULA.search(first[:160]):
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
            closing = CLOSING_FORMULA.search(text)
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

    def _sentences(self) -> list[tuple[int, int]]:
        """Sentences of the text, cut where a region starts or ends and at runs of dashes (OCR fillers)."""
        cuts = boundaries(self.regions)
        out = []
        for s, e in sentences(self.clean):
            marks = {s, e} | {c for c in cuts if s < c < e}
            marks |= {s + m.end() for m in re.finditer(r"[-=_—]{4,}|[.;]\s*[-=_—]{2,}", self.clean[s:e])}
            marks = sorted(marks)
            for a, b in itertools.pairwise(marks):
                if self.clean[a:b].strip():
                    out.append((a, b))
        return out

    def _context(self, pos: int) -> str | None:
        r = region_at(self.regions, pos, ("point", "item"))
        return r.label if r else None

    def from_points(self) -> None:
        """Each dispositive point (PRIMERO.-, SEGUNDO.-, ÚNICO.-) is an agreement of its own."""
        for region in self.regions:
            if region.kind != "point" or self._inside(region.start):
                continue
            body = self.clean[region.start : region.end]
            marker = re.match(r"[^.:\-–—]*[.:\-–—]+\s*", body)
            text_at = region.start + (marker.end() if marker else 0)
            first = sentences(self.clean, text_at, region.end)
            if not first:
                continue
            end = first[0][1]
            text = squash(self.clean[text_at:end]).rstrip(" .")
            if len(text.split()) < 3:
                continue
            holder = region_at(self.regions, region.start, ("dispositive",))
            around = self.clean[holder.start : holder.end] if holder else body
            item = region_at(self.regions, region.start, ("item",))
            charged = CHARGED.search(text)
            self.items.append(AgreementMention(
                text=text, vote=find_vote(body) or find_vote(around),
                responsible=responsible_in(text) or (charged.group("who") if charged else None),
                due=_due_in(body, self.dates, region.start), span=(text_at, end), outcome=outcome(text),
                commitment=is_commitment(text), item=item.label if item else region.label,
            ))
            self.covered.append((region.start, region.end))
            if holder:
                self.covered.append((holder.start, region.start))  # the "… ACUERDA:" lead itself

    def from_statements(self) -> None:
        if _NONE.search(self.clean):
            return
        heads: list[AgreementMention] = []
        body: list[AgreementMention] = []
        spans = self._sentences()
        agenda = [(r.start, r.end) for r in self.regions if r.kind in ("agenda", "signatures")]
        for k, (s, e) in enumerate(spans):
            if self._inside(s) or any(a <= s < b for a, b in agenda):
                continue
            sent = self.clean[s:e]
            m = decision_in(sent)
            if not m or _NOT_DECISION.search(sent[: m.end() + 40]) or _NOTICE.search(sent):
                continue
            start = s + decision_start(sent, m)
            unmarked = strip_marker(self.clean[start:e])
            start = e - len(unmarked)
            text = squash(unmarked).rstrip(" .-=")
            if len(text.split()) < 8:  # "se aplaza para la próxima sesión": what was deferred is before
                text = squash(sent).rstrip(" .-=")
                start = s + len(sent) - len(sent.lstrip())
            following = self.clean[e : spans[k + 1][1]] if k + 1 < len(spans) else ""
            vote = find_vote(sent) or find_vote(following)
            charged = CHARGED.search(sent)
            item = AgreementMention(
                text=text, vote=vote, responsible=charged.group("who") if charged else None, span=(start, e),
                outcome=outcome(sent), commitment=is_commitment(sent[m.start():]), item=self._context(s),
                due=_due_in(sent, self.dates, s),
            )
            if EARLIER_DECISION.search(m.group(0)):
                # an earlier agreement reported here; what the sentence before did to it is its status
                before = self.clean[spans[k - 1][0] : spans[k - 1][1]] if k else ""
                undone = UNDONE.search(before)
                item.kind, item.outcome = "follow_up", None
                item.status = squash(undone.group(0)) if undone else None
            # a headline or a lead paragraph restates what the body decides
            is_heading = any(a <= s < b for a, b in self.heading_spans) or self._looks_like_heading(s, e) or (
                region_at(self.regions, s, ("preamble",)) is not None and len(self.regions) > 1)
            (heads if is_heading else body).append(item)
        restated = [h for h in heads if any(_content_overlap(h.text, b.text) >= 2 for b in body)]
        for item in body:
            self._add_statement(item)
        # headlines that say something the body does not, in document order with the rest
        for item in heads:
            if item not in restated:
                self._add_statement(item)
        self.items.sort(key=lambda a: a.span[0] if a.span else 0)

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


# Words of a bare vote ("Sin observaciones, se aprueba por unanimidad"): such a sentence names no decision of its
# own; the agreement written beside it in the same item ("ACUERDO N° 12: Se aprueba el acta …") is the one voted.
_VOTE_ONLY = {"aprueba", "aprobo", "aprobado", "aprobada", "aprueban", "unanimidad", "mayoria", "votos", "voto",
              "favor", "contra", "sin", "observaciones", "puesto", "puesta", "consideracion", "sometido", "sometida",
              "votacion", "fue", "queda"}


def _merge_bare_votes(items: list[AgreementMention]) -> None:
    for bare in list(items):
        if bare.id or bare.kind != "taken" or _toks(bare.text) - _VOTE_ONLY or not bare.span:
            continue
        near = [a for a in items if a is not bare and a.span and 0 <= a.span[0] - bare.span[1] < 300]
        if near:
            near[0].vote = near[0].vote or bare.vote
            items.remove(bare)


def find_agreements(clean: str, tables: list[Table], dates: list[FoundDate] | None = None,
                    heading_spans: list[tuple[int, int]] | None = None,
                    regions: list[Region] | None = None) -> list[AgreementMention]:
    """Agreements of a document; without `regions` the text is segmented here."""
    if regions is None:
        from ingest.extract.segments import segment

        regions = segment(clean)
    finder = AgreementFinder(clean, dates if dates is not None else find_dates(clean), heading_spans or [], regions)
    finder.from_tables(tables)
    finder.from_coded_items()
    finder.from_points()
    finder.from_statements()
    _merge_bare_votes(finder.items)
    for item in finder.items:
        if item.item is None and item.span:
            holder = region_at(finder.regions, item.span[0], ("point", "item"))
            item.item = holder.label if holder else None
        if item.outcome is None and item.kind == "taken":
            item.outcome = outcome(item.text)
            item.commitment = item.commitment or is_commitment(item.text)
    return finder.items
