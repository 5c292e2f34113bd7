"""Session metadata: number (ordinal words, "11ª.", "Numero: 03/23"), type, date, start/end time, place,
and the issuing institution and collegiate body."""

from __future__ import annotations

import re
from collections import Counter

from ingest.extract.dates import FoundDate, find_times, normalize_time
from ingest.extract.lexicon import ORDINAL_WORDS, fold, ordinal_value
from ingest.extract.normalize import sentences, squash
from ingest.extract.schema import SessionInfo

UP = "A-ZÁÉÍÓÚÑ"
LOW = "a-záéíóúñü"
_ORD_WORD = r"[A-Za-zÁÉÍÓÚáéíóú]+"
_NUM_ORD = r"(?P<num>\d{1,2})\s*(?:ª|º|°|a|o|va|vo|ra|ro|da|do|ta|to|na|no|ma|mo|er|era|ava|avo)?\.?"
_SESSION_WORD = r"(?:Sesi[oó]n|Reuni[oó]n|SESI[OÓ]N|REUNI[OÓ]N)(?P<plural>es|ES)?"
_SESSION_ORD = re.compile(
    rf"(?<![\w/])(?:(?P<w1>{_ORD_WORD})(?:\s+(?P<w2>{_ORD_WORD}))?|{_NUM_ORD})\s+{_SESSION_WORD}\b",
)
_SESSION_NUM = re.compile(
    rf"{_SESSION_WORD}\s+(?:(?:Ordinaria|Extraordinaria|Solemne)\s+)?(?:N[oú]m(?:ero)?\.?|No\.?|n[uú]mero|#)\s*"
    r"(?P<num>\d{1,3})\b",
    re.I,
)
_NUMBER_LABEL = re.compile(r"(?im)^[ \t]*(?:n[uú]mero|no\.|acta\s+n[oú]m(?:ero)?\.?|sesi[oó]n)\s*:\s*(?P<num>\d{1,3})"
                           r"(?:\s*/\s*\d{2,4})?\b")
_TYPE = re.compile(
    rf"{_SESSION_WORD}\s+(?:(?:{_ORD_WORD}|\d{{4}})\s+)?(?P<t>ordinari[ao]s?|extraordinari[ao]s?|solemnes?|urgentes?)\b"
    r"|\b(?P<t2>ordinari[ao]|extraordinari[ao]|solemne|urgente)\s+(?:sesi[oó]n|reuni[oó]n)",
    re.I,
)
_FECHA_LABEL = re.compile(r"(?im)^[ \t]*(?:fecha(?:\s+de\s+la\s+sesi[oó]n)?)\s*:")
_START = re.compile(
    r"hora\s+de\s+inicio\s*:?\s*|siendo\s+las\s+(?=[^.]{0,80}?(?:inici|apertura|abre|da\s+comienzo))|"
    r"(?:inici[óo]|dio\s+inicio|da\s+inicio|comenz[óo])[^.]{0,60}?a\s+las\s+",
    re.I,
)
_END = re.compile(
    r"hora\s+de\s+(?:t[ée]rmino|cierre|conclusi[oó]n|finalizaci[oó]n)\s*:?\s*|"
    r"siendo\s+las\s+(?=[^.]{0,80}?(?:finaliz|conclu|clausur|termin|levant|cierr))|"
    r"(?:se\s+clausur[óo]|se\s+levant[óo]|concluy[óo]|termin[óo]|finaliz[óo])[^.]{0,60}?a\s+las\s+",
    re.I,
)
_TIME_AT = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<suf>hrs?\.?|horas|h\b|a\.?\s?m\.?|p\.?\s?m\.?)?", re.I
)
_PLACE_LABEL = re.compile(r"(?im)^[ \t]*(?:lugar|sede)\s*:\s*(?P<p>[^\n]+)")
_PLACE_TEXT = re.compile(
    r"\b(?P<p>(?:de\s+manera|en\s+modalidad|de\s+forma)\s+(?:virtual|remota|presencial|h[ií]brida)|"
    r"v[ií]a\s+(?:zoom|remota|meet|teams|videoconferencia)|(?:las|sus)\s+instalaciones\s+(?:de|del)\s+[^,.;\n]+|"
    r"(?:la|el)\s+(?:Sala|Salón|Auditorio)\s+[^,.;\n]+)",
)
_INSTITUTION = re.compile(rf"\b(?:IMPLAN|Implan)\s(?P<city>[{UP}][{LOW}]+(?:\s(?:de\s)?[{UP}][{LOW}]+){{0,2}})")
_INSTITUTE_LONG = re.compile(
    rf"Instituto\s+(?:Municipal\s+)?de\s+Planeaci[oó]n(?:\s+\w+){{0,3}}?\s+(?:de|del\s+Municipio\s+de)\s+"
    rf"(?P<city>[{UP}][{LOW}]+)"
)
_MUNICIPIO = re.compile(rf"\b(?P<what>Municipio|Ayuntamiento|Gobierno\s+Municipal)\s+de\s+(?P<city>[{UP}][{LOW}]+)")
_BODY = re.compile(
    rf"\b(?P<b>Junta\s+(?:Directiva|de\s+Gobierno)|Consejo\s+(?:Directivo|Consultivo|Ciudadano|Municipal|Técnico|"
    rf"de\s+Administración)(?:\s+de\s+[{UP}][{LOW}]+)?|H\.\s*Cabildo|Cabildo|H\.\s*Ayuntamiento|"
    rf"Comit[ée]\s+(?:Técnico|de\s+[{UP}][{LOW}]+)|Comisi[oó]n\s+de\s+[{UP}][{LOW}]+|"
    rf"Coordinación\s+General\s+del\s+Sistema\s+de\s+[{UP}][{LOW}]+(?:\s+de\s+[{UP}][{LOW}]+){{0,2}})"
)


def session_number(clean: str) -> tuple[int | None, int | None]:
    """(number, offset of the mention) for the first singular session ordinal."""
    best: tuple[int | None, int | None] = (None, None)
    m = _NUMBER_LABEL.search(clean)
    if m:
        best = (int(m.group("num")), m.start())
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
                best = (value, m.start())
            break
    m = _SESSION_NUM.search(clean)
    if m and (best[1] is None or m.start() < best[1]):
        best = (int(m.group("num")), m.start())
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
    if not m or (m.group("m") is None and not m.group("suf")):
        return None
    return normalize_time(m.group("h"), m.group("m"), m.group("suf"))


def session_times(clean: str) -> tuple[str | None, str | None]:
    start = end = None
    for m in _START.finditer(clean):
        start = _time_at(clean[m.end() : m.end() + 20])
        if start:
            break
    for m in _END.finditer(clean):
        end = _time_at(clean[m.end() : m.end() + 20])
        if end:
            break
    return start, end


def session_date(clean: str, dates: list[FoundDate], mention: int | None) -> FoundDate | None:
    resolved = [d for d in dates if d.iso]
    if not resolved:
        return None
    m = _FECHA_LABEL.search(clean)
    if m:
        for d in resolved:
            if m.end() <= d.start <= m.end() + 40:
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
    m = _PLACE_LABEL.search(clean)
    if m:
        return squash(m.group("p")).strip(" .")
    m = _PLACE_TEXT.search(clean)
    if m:
        p = squash(m.group("p"))
        return re.sub(r"^(?:las|sus|la|el)\s+", "", p)
    return None


def institution(clean: str) -> str | None:
    cities = Counter(m.group("city") for m in _INSTITUTION.finditer(clean))
    for m in _INSTITUTE_LONG.finditer(clean):
        cities[m.group("city")] += 1
    if cities:
        return "IMPLAN " + cities.most_common(1)[0][0]
    m = _MUNICIPIO.search(clean)
    if m:
        return "Municipio de " + m.group("city")
    return None


def body(clean: str, mention: int | None) -> str | None:
    if mention is not None:
        m = _BODY.search(clean, mention, mention + 160)
        if m:
            return squash(m.group("b"))
    found = Counter(squash(m.group("b")) for m in _BODY.finditer(clean))
    return found.most_common(1)[0][0] if found else None


def find_session(clean: str, dates: list[FoundDate]) -> SessionInfo:
    number, mention = session_number(clean)
    info = SessionInfo(number=number, type=session_type(clean))
    d = session_date(clean, dates, mention)
    start, end = session_times(clean)
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
    if mention is not None:
        info.span = (mention, mention + 40)
    return info
