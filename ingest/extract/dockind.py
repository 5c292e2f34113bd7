"""What kind of document this is, finer than the scored doc_type, with the document's own date and title.

Archives hold, beside minutes and agendas, official letters ("Oficio N.º …", "ASUNTO:", "P R E S E N T E"),
rosters (an attendance sheet or directory that is mostly names), session scripts ("Guion de la sesión",
"MAESTRO DE CEREMONIAS:") and news reports about a session. Each maps onto the scorer's fixed vocabulary:
oficio and lista -> other, guion -> orden_del_dia, nota_de_prensa -> comunicado.
"""

from __future__ import annotations

import re

from ingest.extract.dates import FoundDate
from ingest.extract.normalize import squash
from ingest.extract.schema import Region

_OFICIO = re.compile(
    r"\bOFICIO\s*(?:N[º°o.]|NÚM|NUM|No\b)|\bOficio\s+(?:N[º°o.]|n[úu]m)|\bASUNTO\s*:|"
    r"^\s*P\s?R\s?E\s?S\s?E\s?N\s?T\s?E\s*\.?\s*$",
    re.M,
)
_GUION = re.compile(
    r"\bgui[oó]n\s+(?:de\s+(?:la\s+)?(?:sesi[oó]n|ceremonia|protocolo)|protocolario)|\bmaestr[oa]\s+de\s+ceremonias\s*:",
    re.I,
)
_STAGE = re.compile(r"(?m)^[ \t]*(?:\((?:se|todos|pausa|aplausos)[^)]{0,80}\)|[A-ZÁÉÍÓÚÑ ]{4,40}:)[ \t]*")
_ROSTER_TITLE = re.compile(
    r"^\W*(?:lista\s+de\s+asistencia|relaci[oó]n\s+de\s+(?:asistentes|integrantes)|directorio|padr[oó]n\s+de\s+"
    r"(?:integrantes|miembros|consejeros))\b",
    re.I,
)
_SESSION_WORDS = re.compile(r"\b(?:cabildo|concejo|pleno|sesi[oó]n|ayuntamiento|junta\s+directiva)\b", re.I)
_DATELINE = re.compile(
    r"(?m)^[^\n]{0,80}?[A-ZÁÉÍÓÚ][\w. ]+,\s*(?:[A-Z][\w.]*\.?,?\s*)?(?:a\s+)?(?:los\s+)?$|"
    r"\bfecha\s*:\s*$",
    re.I,
)
_SCORED = {"oficio": "other", "lista": "other", "guion": "orden_del_dia", "nota_de_prensa": "comunicado"}


def kind_of(clean: str, doc_type: str, name_lines: int = 0) -> str:
    """The finer kind: oficio, lista, guion, nota_de_prensa, or the doc_type itself."""
    head = clean[:800]
    lines = [ln for ln in clean.split("\n") if ln.strip()]
    if doc_type != "acta" and (_GUION.search(head) or (len(_STAGE.findall(clean)) >= 6 and _GUION.search(clean))):
        return "guion"
    if _ROSTER_TITLE.search(head) and lines and name_lines >= max(3, len(lines) // 2):
        return "lista"
    if doc_type not in ("acta", "orden_del_dia", "convocatoria") and len(_OFICIO.findall(head)) >= 1 and (
        re.search(r"\batentamente\b", clean[-1500:], re.I)
    ):
        return "oficio"
    if doc_type == "comunicado" and _SESSION_WORDS.search(clean):
        return "nota_de_prensa"
    return doc_type


def scored_type(kind: str, doc_type: str) -> str:
    """The scorer's doc_type for a finer kind."""
    return _SCORED.get(kind, doc_type)


def title_of(clean: str, parsed_title: str | None) -> str | None:
    """The parser's title, else the document's first line of text (a heading or a short opening line)."""
    if parsed_title:
        return squash(parsed_title)
    # a site's front matter ('title: "…"') names the page
    front = re.search(r'(?:^|\s)title:\s*"(?P<t>[^"\n]{4,200})"', clean[:1500])
    if front:
        return squash(front.group("t"))
    for line in clean.split("\n"):
        text = squash(line).strip(" #*=-")
        if len(text) >= 4 and re.search(r"[A-Za-zÁÉÍÓÚáéíóú]{3}", text):
            return text[:200]
    return None


def document_date(clean: str, dates: list[FoundDate], regions: list[Region], session_date: str | None) -> str | None:
    """The date the document states as its own: a dateline ("Villa Alta, a 3 de mayo de 2024"), a "Fecha:"
    field, else the session's date, else the first full date of its preamble."""
    resolved = [d for d in dates if d.iso]
    for d in resolved:
        line_start = clean.rfind("\n", 0, d.start) + 1
        if _DATELINE.search(clean[line_start : d.start]) and (d.start < 1500 or d.start > len(clean) - 1500):
            return d.iso
    if session_date:
        return session_date
    preamble = next((r for r in regions if r.kind == "preamble"), None)
    if preamble:
        inside = [d for d in resolved if preamble.start <= d.start < preamble.end]
        if inside:
            return inside[0].iso
    return None
