"""Session metadata: number (ordinal words, "11ª.", "Numero: 03/23"), type, date, start/end time, place,
and the collegiate body (the issuing institution is in `institution`)."""

from __future__ import annotations

import re
from collections import Counter

from ingest.extract.dates import FoundDate, find_times, normalize_time
from ingest.extract.institution import institution
from ingest.extract.labels import read_field
from ingest.extract.normalize import sentences, squash
from ingest.extract.schema import SessionInfo
from ingest.lang.es.numbers import ORDINAL_WORDS, ordinal_value
from models.text import LOWER, UPPER, fold

__all__ = ["body", "find_session", "institution", "session_number", "session_type"]

UP, LOW = UPPER, LOWER
_ORD_WORD = r"[A-Za-zÁÉÍÓÚáéíóú]+"
_NUM_ORD = r"(?P<num>\d{1,2})\s*(?:ª|º|°|a|o|va|vo|ra|ro|da|do|ta|to|na|no|ma|mo|er|era|ava|avo)?\.?"
_SESSION_WORD = r"(?:Sesi[oó]n|Reuni[oó]n|SESI[OÓ]N|REUNI[OÓ]N)(?P<plural>es|ES)?"
_SESSION_ORD = re.compile(
    rf"(?<![\w/])(?:(?P<w1>{_ORD_WORD})(?:\s+(?P<w2>{_ORD_WORD}))?|{_NUM_ORD})\s+{_SESSION_WORD}\b",
)
_SESSION_NUM = re.compile(
    rf"{_SESSION_WORD}\s+(?:(?:Ordinaria|Extraordinaria|Solemne)\s+)?(?:N[oú]m(?:ero)?\.?|No\.?|N\s?[º°]\.?|n[uú]mero|#)\s*"
    r"(?P<num>\d{1,3})\b",
    re.I,
)
_NUMBER_LABEL = r"(?:n[uú]mero(?:\s+de\s+sesi[oó]n)?|n[oú]m\.|no\.|acta\s+n[oú]m(?:ero)?\.?|sesi[oó]n)"
_NUMBER_VALUE = re.compile(r"(?P<num>\d{1,3})(?:\s*/\s*\d{2,4})?\b")
_MEETING = re.compile(r"\b(?:sesi[oó]n|sesiones|reuni[oó]n|asamblea|junta|mesa\s+de\s+trabajo)\b", re.I)
_TYPE = re.compile(
    rf"{_SESSION_WORD}\s+(?:(?:{_ORD_WORD}|\d{{4}})\s+)?(?P<t>ordinari[ao]s?|extraordinari[ao]s?|solemnes?|urgentes?)\b"
    r"|\b(?P<t2>ordinari[ao]|extraordinari[ao]|solemne|urgente)\s+(?:sesi[oó]n|reuni[oó]n)",
    re.I,
)
_FECHA_LABEL = r"fecha(?:\s+de\s+(?:la\s+)?sesi[oó]n)?"
_START = re.compile(
    r"hora\s+de\s+inicio\s*:?\s*|"
    r"siendo\s+las\s+(?=(?:[^.]|\.(?=\s?m\.)|(?<=m)\.){0,80}?(?:inici|apertura|abre|da\s+comienzo|re[uú]n|congreg|constitu|instal|celebr))|"
    r"(?:inici[óo]|dio\s+inicio|da\s+inicio|comenz[óo])[^.]{0,60}?a\s+las\s+",
    re.I,
)
_END = re.compile(
    r"hora\s+de\s+(?:t[ée]rmino|cierre|conclusi[oó]n|finalizaci[oó]n)\s*:?\s*|"
    r"siendo\s+las\s+(?=(?:[^.]|\.(?=\s?m\.)|(?<=m)\.){0,80}?(?:finaliz|conclu|clausur|termin|levant|cierr))|"
    r"(?:se\s+(?:dio|da)\s+por\s+(?:concluid|terminad|finalizad|clausurad)[ao]s?|se\s+clausur[óo]|se\s+levant[óo]|"
    r"declar[óo]\s+(?:clausurad|concluid|terminad)[ao]|"
    r"se\s+levanta|concluy[óo]|termin[óo]|finaliz[óo])[^.]{0,60}?(?:a|siendo)\s+las\s+",
    re.I,
)
_TIME_AT = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})|\s+horas?\s+(?:con\s+)?(?P<m2>\d{1,2})\s+minutos?)?\s*"
    r"(?P<suf>hrs?\.?|horas|h\b|a\.?\s?m\.?|p\.?\s?m\.?)?",
    re.I,
)
_PLACE_LABEL = r"(?:lugar|sede)"
# A proper place name: capitalised words (and numbers) joined by particles, an acronym in parentheses.
_PLACE_WORD = rf"(?:[{UP}]\w{{0,2}}\.(?=[ \t]+[{UP}0-9])|[{UP}0-9]\w*|\([{UP}]{{2,}}\))"  # "Av." "Sala" "(CANACO)"
_PLACE_NAME = (
    rf"{_PLACE_WORD}(?:[ \t]+(?:(?:de|del|de\s+la|de\s+las|de\s+los|y|e)[ \t]+)?{_PLACE_WORD})*"
)
_PLACE_NOUN = r"(?:Sala|Salón|Salon|Auditorio|Aula|Recinto)"
_PLACE_TEXT = re.compile(
    r"\b(?P<p>(?:de\s+manera|en\s+modalidad|de\s+forma)\s+(?:virtual|remota|presencial|h[ií]brida)|"
    rf"v[ií]a\s+(?:zoom|remota|meet|teams|videoconferencia)|(?:las|sus)\s+instalaciones\s+(?:de|del)\s+"
    rf"(?:(?:la|las|los|propio|propia)\s+)?{_PLACE_NAME}|"
    rf"(?:la|el)\s+{_PLACE_NOUN}(?:[ \t]+(?:de|del|de\s+la|de\s+las|de\s+los)[ \t]+{_PLACE_NAME}|"
    rf"[ \t]+{_PLACE_NAME})?)",
)
# "Jueves 22 de febrero de 2024, 17:00 horas, Sala de Juntas del Instituto.": the place after the time
_PLACE_AFTER_TIME = re.compile(
    r"\d{1,2}[:.]\d{2}[ \t]*(?:horas|hrs\.?|h\.?|a\.?\s?m\.?|p\.?\s?m\.?)?[ \t]*,[ \t]*(?:en[ \t]+(?:la|el)[ \t]+)?"
    rf"(?P<p>(?:{_PLACE_NOUN}|Palacio|Edificio|Casa|Centro|Biblioteca|Teatro|Museo|Oficinas|Instalaciones|"
    rf"Explanada|Plaza|Parque|Hotel)(?:[ \t]+(?:de|del|de\s+la|de\s+las|de\s+los)[ \t]+{_PLACE_NAME}|"
    rf"[ \t]+{_PLACE_NAME})?)"
)
_BODY = re.compile(
    rf"\b(?P<b>Junta\s+(?:Directiva|de\s+Gobierno)|Pleno(?=\s+del\s+Ayuntamiento|\s+Municipal)|"
    rf"Concejo\s+(?:Municipal|Deliberante)|Consejo\s+(?:Directivo|Consultivo|Ciudadano|Municipal|Técnico|"
    rf"de\s+Administración)(?:\s+de\s+[{UP}][{LOW}]+)?|H\.\s*Cabildo|Cabildo|H\.\s*Ayuntamiento|"
    rf"Comit[ée]\s+(?:Técnico|de\s+[{UP}][{LOW}]+)|Comisi[oó]n\s+de\s+[{UP}][{LOW}]+|"
    rf"Coordinación\s+General\s+del\s+Sistema\s+de\s+[{UP}][{LOW}]+(?:\s+de\s+[{UP}][{LOW}]+){{0,2}})"
)


def session_number(clean: str) -> tuple[int | None, int | None, int | None]:
    """(number, start, end) of the first singular session ordinal ("Tercera Sesión", "Número: 03/23")."""
    best: tuple[int | None, int | None, int | None] = (None, None, None)
    f = read_field(clean, _NUMBER_LABEL)
    if f:
        m = _NUMBER_VALUE.match(f.value)
        if m:
            best = (int(m.group("num")), f.start, f.value_start + m.end())
    for m in _SESSION_ORD.finditer(clean):
        if m.group("plural"):
            continue
        if m.group("num"):
            value = int(m.group("num"))
        else:
            words = [m.group("w1"), m.group("w2")]
            words = [w for w in words if w]
            if words and fold(words[-1]) not in ORDINAL_WORDS:
                continue
            if len(words) == 2 and fold(words[0]) not in ORDINAL_WORDS:
                words = words[1:]
            value = ordinal_value(words)
        if value:
            if best[1] is None or m.start() < best[1]:
                start = m.start("w2") if m.group("w2") and fold(m.group("w1")) not in ORDINAL_WORDS else m.start()
                best = (value, start, m.end())
            break
    m = _SESSION_NUM.search(clean)
    if m and (best[1] is None or m.start() < best[1]):
        best = (int(m.group("num")), m.start(), m.end())
    return best


def session_type(clean: str) -> str | None:
    m = _TYPE.search(clean)
    if not m:
        return None
    t = fold(m.group("t") or m.group("t2"))
    for name in ("extraordinaria", "ordinaria", "solemne", "urgente"):
        if t.startswith(name[:-1]):
            return name
    return None


def _time_at(text: str) -> str | None:
    m = _TIME_AT.match(text)
    if not m:
        return None
    minutes = m.group("m") or m.group("m2")  # "17:10", "16 horas con 24 minutos"
    if minutes is None and not m.group("suf"):
        return None
    return normalize_time(m.group("h"), minutes, m.group("suf"))


def session_times(clean: str) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(start time, end time, span of the first time phrase found)."""
    start = end = None
    spans: list[tuple[int, int]] = []
    for m in _START.finditer(clean):
        start = _time_at(clean[m.end() : m.end() + 40])
        if start:
            spans.append((m.start(), m.end() + _TIME_AT.match(clean, m.end()).end() - m.end()))
            break
    for m in _END.finditer(clean):
        end = _time_at(clean[m.end() : m.end() + 40])
        if end:
            spans.append((m.start(), m.end() + _TIME_AT.match(clean, m.end()).end() - m.end()))
            break
    return start, end, min(spans) if spans else None


def session_date(clean: str, dates: list[FoundDate], mention: int | None) -> FoundDate | None:
    resolved = [d for d in dates if d.iso]
    if not resolved:
        return None
    f = read_field(clean, _FECHA_LABEL)
    if f:
        for d in resolved:
            if f.value_start <= d.start <= f.value_start + 40:
                return d
    if mention is not None:
        for s, e in sentences(clean):
            if s <= mention < e:
                near = [d for d in resolved if s <= d.start < e]
                if near:
                    return near[0]
                break
    return resolved[0]


def session_place(clean: str) -> str | None:
    f = read_field(clean, _PLACE_LABEL)
    if f:
        return squash(f.value).strip(" .")
    m = _PLACE_TEXT.search(clean) or _PLACE_AFTER_TIME.search(clean)
    if m:
        p = squash(m.group("p")).rstrip(" .,")
        return re.sub(r"^(?:las|sus|la|el)\s+", "", p)
    return None


def body(clean: str, mention: int | None, preamble_end: int | None = None) -> str | None:
    """The body that met: named near the session's mention (within the preamble, where there is one), else
    the one the document names most."""
    if mention is not None:
        stop = mention + 160 if preamble_end is None or preamble_end <= mention else min(mention + 160, preamble_end)
        m = _BODY.search(clean, mention, stop)
        if m:
            return squash(m.group("b"))
    if preamble_end:
        found = [squash(m.group("b")) for m in _BODY.finditer(clean, 0, preamble_end)]
        if found:
            return Counter(found).most_common(1)[0][0]
    found = Counter(squash(m.group("b")) for m in _BODY.finditer(clean))
    return found.most_common(1)[0][0] if found else None


def find_session(clean: str, dates: list[FoundDate]) -> SessionInfo:
    number, mention, mention_end = session_number(clean)
    info = SessionInfo(number=number, type=session_type(clean))
    # a date is a session's only where the document speaks of one (a report's or a call's dates are not)
    d = session_date(clean, dates, mention) if _MEETING.search(clean) or read_field(clean, _FECHA_LABEL) else None
    start, end, time_span = session_times(clean)
    if d is not None:
        info.date = d.iso
        start = start or d.time
    if start is None:
        times = find_times(clean)
        if mention is not None and times:
            near = [t for t in times if mention <= t[0] <= mention + 300]
            start = near[0][2] if near else None
    info.start_time, info.end_time = start, end
    info.place = session_place(clean)
    if mention is not None and mention_end is not None:
        info.span = (mention, mention_end)
    elif d is not None:
        info.span = (d.start, d.end)
    elif time_span is not None:
        info.span = time_span
    return info
