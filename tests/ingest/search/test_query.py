"""Query understanding: time, body and institution signals in the forms staff write them."""

from __future__ import annotations

from datetime import date

from ingest.search.query import Vocabulary, understand

VOCABULARY = Vocabulary.of(["Consejo Directivo", "H. Cabildo", "Junta Directiva"], ["IMPLAN Torreón", "IMPLAN León"])


def test_month_range_and_year() -> None:
    intent = understand("sesiones entre septiembre y noviembre de 2019", VOCABULARY)
    assert (intent.date_from, intent.date_to) == (date(2019, 9, 1), date(2019, 11, 30))
    assert understand("convenios firmados en 2017", VOCABULARY).signals[0].year == 2017
    one_month = understand("materiales de noviembre de 2014", VOCABULARY)
    assert (one_month.date_from, one_month.date_to) == (date(2014, 11, 1), date(2014, 11, 30))


def test_a_plan_horizon_or_a_period_is_not_a_time_signal() -> None:
    assert understand("Plan Municipal de Desarrollo 2040", VOCABULARY).is_empty()
    assert understand("convocatoria periodo 2027-2030", VOCABULARY).years == ()


def test_bodies_and_institutions_from_the_archive_vocabulary() -> None:
    intent = understand("acuerdos del cabildo de Torreon", VOCABULARY)
    assert intent.bodies == ("H. Cabildo",)
    assert intent.institutions == ("IMPLAN Torreón",)
    signal = intent.signals[0]
    assert signal.or_missing and signal.body == "H. Cabildo" and signal.institution == "IMPLAN Torreón"
    assert understand("reuniones donde se habló de escasez de agua", VOCABULARY).is_empty()


def test_a_stated_time_restricts_but_a_bare_year_only_signals() -> None:
    stated = understand("convocatorias lanzadas en 2018", VOCABULARY).restrict
    assert stated is not None and stated.year == 2018 and stated.or_missing
    window = understand("sesiones entre septiembre y noviembre de 2019", VOCABULARY).restrict
    assert window is not None and window.date_from == date(2019, 9, 1)
    named = understand("Índice de Competitividad Urbana IMCO 2016", VOCABULARY)
    assert named.restrict is None and named.signals[0].year == 2016
