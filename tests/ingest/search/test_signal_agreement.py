"""A chunk agrees with a signal of the query (a body, a year, a month range) only when its document is known
to agree with every part of it; invented payloads of a Mexican cabildo and a Spanish pleno."""

from __future__ import annotations

from datetime import date

from ingest.search.index import SearchFilters, filter_key
from ingest.search.searcher import _agreement

CABILDO_2019 = {"body": filter_key("H. Cabildo"), "year": 2019, "years": [2019], "date": "2019-03-14"}
PLENO_2021 = {"body": filter_key("Ayuntamiento Pleno"), "year": 2021, "years": [2020, 2021], "date": "2021-11-02"}
UNDATED = {"body": filter_key("Ayuntamiento Pleno")}


def test_a_body_and_a_year_must_both_agree() -> None:
    agrees = _agreement(SearchFilters(body="Honorable Cabildo", year=2019))
    assert agrees(CABILDO_2019)
    assert not agrees({**CABILDO_2019, "year": 2018})
    assert not agrees(PLENO_2021)


def test_a_month_range_and_any_of_several_years() -> None:
    november = _agreement(SearchFilters(date_from=date(2021, 11, 1), date_to=date(2021, 11, 30)))
    assert november(PLENO_2021) and not november(CABILDO_2019)
    assert not november(UNDATED)  # not known to agree
    years = _agreement(SearchFilters(body="Ayuntamiento Pleno", years_any=(2020, 2022)))
    assert years(PLENO_2021) and not years(UNDATED) and not years(CABILDO_2019)


def test_a_signal_that_restricts_nothing_agrees_with_nothing() -> None:
    assert not _agreement(SearchFilters())(CABILDO_2019)
    assert not _agreement(SearchFilters(or_missing=True))(PLENO_2021)
