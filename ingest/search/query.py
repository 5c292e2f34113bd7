"""Query understanding: the years, months, bodies and institutions a query names.

Staff write "sesiones del Consejo Directivo en 2019" or "convocatorias del
IMPLAN Santa Lucía entre septiembre y noviembre de 2024". Those words are
metadata, not topic: `understand` finds them so the searcher can favour
documents whose metadata agree. It recognises forms, not strings: any year,
"<month> de <year>", "entre <month> y <month> de <year>"; a body or
institution is recognised when the query contains one of the names that the
archive itself holds (`Vocabulary`, read from the store), or the distinctive
part of an institution's name ("Lucía" for "IMPLAN Santa Lucía").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ingest.lang.es.months import MONTH_NAMES
from ingest.lang.es.organisations import INSTITUTION_GENERIC_WORDS
from ingest.search.index import SearchFilters, filter_key

MONTHS = MONTH_NAMES
_MONTH = "|".join(MONTHS)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_RANGE = re.compile(
    rf"\bentre\s+(?P<m1>{_MONTH})(?:\s+del?\s+(?P<y1>{_YEAR}))?\s+y\s+(?P<m2>{_MONTH})\s+del?\s+(?P<y2>{_YEAR})\b"
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\s+(?:de(?:l)?\s+)?(?P<y>{_YEAR})\b")
_YEAR_ALONE = re.compile(rf"(?<![\d-]){_YEAR}(?![\d-])")
# "en 2019", "durante 2019", "del año 2019": a year stated as when something happened, not part of a name.
_YEAR_STATED = re.compile(rf"\b(?:en|durante|(?:en\s+)?el\s+ano|del\s+ano)\s+(?P<y>{_YEAR})(?![\d-])")

_GENERIC = INSTITUTION_GENERIC_WORDS


@dataclass(frozen=True)
class Vocabulary:
    """The bodies and institutions the archive holds, as written."""

    bodies: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()

    @classmethod
    def of(cls, bodies: Iterable[str | None], institutions: Iterable[str | None]) -> Vocabulary:
        return cls(tuple(sorted({b for b in bodies if b})), tuple(sorted({i for i in institutions if i})))


@dataclass(frozen=True)
class QueryIntent:
    """What the query says about metadata; each part is a separate signal."""

    years: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    bodies: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    signals: list[SearchFilters] = field(default_factory=list)
    # A time the query states as such ("en 2019", "entre septiembre y noviembre de 2019"): documents known
    # to be from another time are left out; undated ones stay.
    restrict: SearchFilters | None = None

    def is_empty(self) -> bool:
        return not self.signals


def _contains(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def understand(query: str, vocabulary: Vocabulary) -> QueryIntent:
    """The metadata signals in `query`: one filter per kind of signal (time, body, institution)."""
    text = filter_key(query) or ""
    date_from = date_to = None
    stated = False
    if match := _RANGE.search(text):
        y2 = int(match["y2"])
        y1 = int(match["y1"]) if match["y1"] else y2
        date_from = date(y1, MONTHS[match["m1"]], 1)
        date_to = _month_end(y2, MONTHS[match["m2"]])
        stated = True
    elif match := _MONTH_YEAR.search(text):
        year, month = int(match["y"]), MONTHS[match["m"]]
        date_from, date_to = date(year, month, 1), _month_end(year, month)
        stated = True
    # A year past next year is a plan's horizon ("Plan 2040"), not when anything happened.
    horizon = date.today().year + 1
    years = tuple(sorted({int(y) for y in _YEAR_ALONE.findall(text) if int(y) <= horizon}))

    bodies = tuple(b for b in vocabulary.bodies if _contains(text, filter_key(b) or ""))
    institutions = tuple(
        i for i in vocabulary.institutions if any(_contains(text, part) for part in _distinctive(i))
    )
    signals: list[SearchFilters] = []
    time = {}
    if date_from:
        time = {"date_from": date_from, "date_to": date_to}
    elif len(years) == 1:
        time = {"year": years[0]}
    elif years:
        time = {"years_any": years}
    named = {"body": bodies[0] if bodies else None, "institution": institutions[0] if institutions else None}
    if time or any(named.values()):
        # One filter for all signals: a document passes unless its metadata is known to disagree.
        signals.append(SearchFilters(**time, **named, or_missing=True))
    stated = stated or (len(years) == 1 and _YEAR_STATED.search(text) is not None)
    restrict = SearchFilters(**time, or_missing=True) if stated and time else None
    return QueryIntent(years, date_from, date_to, bodies, institutions, signals, restrict)


def _distinctive(institution: str) -> list[str]:
    """The institution's full name and its distinctive words ("lucia" in "IMPLAN Santa Lucía")."""
    key = filter_key(institution) or ""
    words = [w for w in key.split() if w not in _GENERIC and len(w) > 2]
    return [key, *words]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def vocabulary_from_store(store: object) -> Vocabulary:
    """The bodies and institutions of the stored documents."""
    from sqlalchemy import select

    from models import tables

    with store.session() as db:  # type: ignore[attr-defined]
        rows = db.execute(select(tables.Document.body, tables.Document.institution).distinct()).all()
    return Vocabulary.of((r[0] for r in rows), (r[1] for r in rows))
