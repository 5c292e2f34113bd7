"""Calendar dates in Spanish (and English) text, resolved to ISO, with the time that goes with them.

Forms: "29 de noviembre de 2019", "5 de diciembre del 2023", "2 Octubre 2014", "seis de marzo del 2021",
"jueves 30 de noviembre" (year from the nearest full date in the document), "5 al 16 de octubre de 2026"
(both ends), "Thursday, December 7th, 2023", "26/04/2023", "2023-04-26", and law citations
("Ley 9/2017, de 8 de noviembre" -> 2017-11-08). Months alone ("abril de 2018") are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ingest.lang.es.months import EN_MONTHS, MONTHS
from ingest.lang.es.numbers import UNITS, cardinal_value
from models.text import fold

_MONTH_ALT = "|".join(sorted({m for m in MONTHS if len(m) > 3}, key=len, reverse=True))
_EN_MONTH_ALT = "|".join(sorted(EN_MONTHS, key=len, reverse=True))
_DAY_WORDS = "|".join(sorted((w for w, v in UNITS.items() if 1 <= v <= 31), key=len, reverse=True))
_DAY_WORDS_ACC = _DAY_WORDS.replace("dieciseis", "diecis[eé]is").replace("veintidos", "veintid[oó]s")
_DAY_WORDS_ACC = _DAY_WORDS_ACC.replace("veintitres", "veintitr[eé]s").replace("veintiseis", "veintis[eé]is")
_DAY_WORDS_ACC = _DAY_WORDS_ACC.replace("veintiun", "veinti[uú]n")
_NUM_WORD = r"(?:cero|uno?|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|"
_NUM_WORD += r"dieci\w+|veinti\w+|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|"
_NUM_WORD += r"\w+cientos|mil)"
_YEAR_WORDS = rf"(?:(?:dos\s+mil|mil\s+novecientos)(?:\s+(?:y\s+)?{_NUM_WORD})*)"

_DAY = rf"(?P<day>\d{{1,2}}(?:\s?[º°o]\.?)?|primero|{_DAY_WORDS_ACC}|treinta\s+y\s+uno)"
_ES_DATE = re.compile(
    rf"(?<![\w/.,-]){_DAY}\s*(?:d[ií]as\s+(?:del\s+mes\s+)?)?(?:de\s+|-\s*|/\s*|\s)\s*(?P<month>{_MONTH_ALT})\b\.?"
    rf"(?:\s*(?:,\s*)?(?:de|del)?\s*(?:(?:a[ñn]o|año)\s+)?(?P<year>\d{{4}}|\d\.\d{{3}}|{_YEAR_WORDS})\b)?",
    re.I,
)
_EN_DATE = re.compile(
    rf"\b(?P<month>{_EN_MONTH_ALT})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_EN_MONTH_ALT}),?\s+(?P<year2>\d{{4}})\b",
    re.I,
)
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.-])(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})|(?P<Y>\d{4})-(?P<M>\d{2})-(?P<D>\d{2}))"
    r"(?![\w/-])"
)
_WEEKDAY = r"(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
_RANGE_BEFORE = re.compile(
    rf"(?<![\w/.,-])(?:{_WEEKDAY}\s*,?\s*)?(?P<d1>\d{{1,2}})(?:\s?[º°o]\.?)?\s*(?P<sep>al|y|a|-|–|,)\s*(?:y\s+)?"
    rf"(?:el\s+)?(?:d[ií]a\s+)?(?:{_WEEKDAY}\s*,?\s*)?$",
    re.I,
)
_LAW_YEAR_BEFORE = re.compile(r"\b\d{1,4}/(?P<year>\d{4}),?\s*(?:de\s+)?$")
_TIME_AFTER = re.compile(
    r"^[^.;\n]{0,40}?(?:\b(?:a\s+las|a\s+la|desde\s+las|en\s+punto\s+de\s+las)|,)\s*"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<suf>hrs?\.?|horas|h\b|a\.?\s?m\.?|p\.?\s?m\.?)?",
    re.I,
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2})[:.](?P<m>\d{2})(?![\d:])\s*(?P<suf>hrs?\.?|horas|h\b|a\.?\s?m\.?|p\.?\s?m\.?)?", re.I
)


@dataclass
class FoundDate:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    text: str
    time: str | None = None
    iso: str | None = None


def _day_value(raw: str) -> int | None:
    raw = fold(raw).strip()
    m = re.match(r"\d{1,2}", raw)
    if m:
        return int(m.group(0))
    if raw == "primero":
        return 1
    return cardinal_value(raw)


def _year_value(raw: str | None) -> int | None:
    if not raw:
        return None
    raw = re.sub(r"(?<=\d)\.(?=\d{3}$)", "", raw)  # "2.024": a year written with a thousands dot
    if raw.isdigit():
        return int(raw)
    return cardinal_value(raw)


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalize_time(h: str, m: str | None, suffix: str | None) -> str | None:
    """('9', '14', 'a.m.') -> '09:14'; ('1', '08', 'p.m.') -> '13:08'."""
    hour, minute = int(h), int(m or 0)
    suf = fold(suffix or "").replace(".", "").replace(" ", "")
    if suf.startswith("pm") and hour < 12:
        hour += 12
    if suf.startswith("am") and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def find_times(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    out = []
    for m in _TIME.finditer(text, start, len(text) if end is None else end):
        value = normalize_time(m.group("h"), m.group("m"), m.group("suf"))
        if value:
            out.append((m.start(), m.end(), value))
    return out


def _time_after(text: str, pos: int) -> str | None:
    m = _TIME_AFTER.match(text[pos : pos + 90])
    if not m:
        return None
    if m.group("m") is None and not m.group("suf"):
        return None
    return normalize_time(m.group("h"), m.group("m"), m.group("suf"))


def find_dates(text: str) -> list[FoundDate]:
    """Every explicit calendar date in `text`, in order; year-less ones get the nearest stated year."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def overlaps(s: int, e: int) -> bool:
        return any(s < te and ts < e for ts, te in taken)

    for m in _ES_DATE.finditer(text):
        day = _day_value(m.group("day"))
        month = MONTHS.get(fold(m.group("month")))
        if not day or not month or not 1 <= day <= 31:
            continue
        year = _year_value(m.group("year"))
        if year is None:
            law = _LAW_YEAR_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
            if law:
                year = int(law.group("year"))
        found.append(FoundDate(m.start(), m.end(), day, month, year, m.group(0)))
        taken.append((m.start(), m.end()))
        # earlier days sharing this month and year: a range "3 al 14 de marzo" (both ends) or a list
        # "los días 5, 19 y 21 de octubre", "martes 19 y miércoles 20 de diciembre"
        at, last = m.start(), day
        while True:
            rng = _RANGE_BEFORE.search(text[max(0, at - 40) : at])
            if not rng:
                break
            d1 = int(rng.group("d1"))
            if not 1 <= d1 < last:
                break
            s = at - len(rng.group(0))
            found.append(FoundDate(s, m.end(), d1, month, year, text[s : m.end()]))
            if fold(rng.group("sep")) in {"al", "a", "-", "–"}:
                break  # a range gives its two ends only
            at, last = s, d1
    for m in _EN_DATE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        month = EN_MONTHS[fold(m.group("month") or m.group("month2"))]
        day = int(m.group("day") or m.group("day2"))
        year = int(m.group("year") or m.group("year2"))
        found.append(FoundDate(m.start(), m.end(), day, month, year, m.group(0)))
        taken.append((m.start(), m.end()))
    for m in _NUMERIC_DATE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        if m.group("Y"):
            year, month, day = int(m.group("Y")), int(m.group("M")), int(m.group("D"))
        else:
            day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            if year < 100:
                year += 2000
        if not 1 <= month <= 12:
            continue
        found.append(FoundDate(m.start(), m.end(), day, month, year, m.group(0)))
        taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    _resolve_years(found)
    for d in found:
        if d.year is not None:
            d.iso = _valid(d.year, d.month, d.day)
        if d.iso:
            d.time = _time_after(text, d.end)
    return found


def _resolve_years(found: list[FoundDate]) -> None:
    """A date without a year takes the year of the nearest full date before it (else after it)."""
    full = [d for d in found if d.year is not None]
    for d in found:
        if d.year is not None:
            continue
        before = [f for f in full if f.start < d.start]
        after = [f for f in full if f.start > d.start]
        ref = before[-1] if before else (after[0] if after else None)
        if ref is not None:
            d.year = ref.year
