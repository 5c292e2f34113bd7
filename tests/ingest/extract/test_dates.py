from ingest.extract.dates import find_dates, normalize_time


def isos(text: str) -> list[str]:
    return [d.iso for d in find_dates(text) if d.iso]


def test_numeric_day_month_year_with_and_without_de():
    assert isos("Se reunió el 3 de febrero de 2022 y de nuevo el 7 Marzo 2022.") == ["2022-02-03", "2022-03-07"]
    assert isos("remitido el martes 9 de agosto del 2022.") == ["2022-08-09"]


def test_dates_in_words():
    assert isos("aprobado desde el doce de mayo del 2020 como referencia") == ["2020-05-12"]
    assert isos("a los veintiún días de enero de dos mil veintidós") == ["2022-01-21"]
    assert isos("el primero de julio de 2019") == ["2019-07-01"]


def test_missing_year_comes_from_nearest_full_date():
    text = "Villa Alta, a 10 de octubre de 2021. La sesión anterior, celebrada el jueves 23 de septiembre, ..."
    assert isos(text) == ["2021-10-10", "2021-09-23"]
    assert isos("la reunión del 4 de abril se pospuso") == []


def test_ranges_give_both_ends():
    assert isos("Registro del 3 al 14 de marzo de 2025.") == ["2025-03-03", "2025-03-14"]
    assert isos("Periodo del 1 de enero de 2026 al 31 de diciembre de 2028") == ["2026-01-01", "2028-12-31"]


def test_english_numeric_and_law_citation():
    assert isos("Tuesday, March 4th, 2025 10:00") == ["2025-03-04"]
    assert isos("fecha 05/06/2024 y 2024-06-07") == ["2024-06-05", "2024-06-07"]
    assert isos("conforme a la Ley 4/2012, de 3 de julio, de obras") == ["2012-07-03"]


def test_months_alone_are_not_dates():
    assert isos("entre abril de 2018 y junio 2019 se trabajó") == []


def test_time_attached_to_its_date():
    (d,) = find_dates("convocada el lunes 2 de junio de 2025 a las 17:30 horas en la sala")
    assert d.time == "17:30"
    assert normalize_time("9", "14", "a.m.") == "09:14"
    assert normalize_time("1", "08", "p.m.") == "13:08"


def test_lists_of_days_share_month_and_year():
    # a Spanish pleno and an Argentine concejo
    assert isos("se celebraron plenos los días 5, 19 y 21 de octubre de 2020") == [
        "2020-10-05", "2020-10-19", "2020-10-21"]
    assert isos("reuniones de fecha martes 9, y jueves 11 de abril del año 2019") == ["2019-04-09", "2019-04-11"]


def test_years_with_a_thousands_dot_or_in_words():
    # Argentine agendas write "2.024"; Mexican actas write the year in words
    assert isos("FECHA: LUNES 04 DE MARZO DE 2.024 A LAS 10:00 HORAS") == ["2024-03-04"]
    assert isos("a los ocho días de mayo de dos mil dieciséis") == ["2016-05-08"]


def test_times_in_hours_and_minutes_words():
    from ingest.extract.session import session_times

    mx = ("En Villa Norte, siendo las 16 horas con 24 minutos del día 25 de octubre de 2024, se reunió el Cabildo. "
          "La Presidenta declaró clausurada la Sesión siendo las 18 horas con 5 minutos del día de su fecha.")
    assert session_times(mx)[:2] == ("16:24", "18:05")
    cl = ("En Cañada Honda, siendo las 19:30 horas, se reúnen los concejales. "
          "Siendo las 21:05 horas se levanta la sesión.")
    assert session_times(cl)[:2] == ("19:30", "21:05")
