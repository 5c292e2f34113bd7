from ingest.extract.dates import find_dates
from ingest.extract.session import find_session, institution, session_number, session_type


def test_ordinals_in_words_and_numbers():
    assert session_number("Vigésima Primera Sesión Ordinaria del Consejo")[0] == 21
    assert session_number("la Décima Segunda Sesión Extraordinaria")[0] == 12
    assert session_number("en la Decimotercera Sesión del Comité")[0] == 13
    assert session_number("En la 14ª. Sesión Ordinaria de la Junta")[0] == 14
    assert session_number("Durante la 8va Sesión de Cabildo")[0] == 8
    assert session_number("Número: 07/24\nLugar: Sala de juntas")[0] == 7
    assert session_number("En las 3ª. y 4ª. Sesiones Ordinarias")[0] is None


def test_session_type():
    assert session_type("Quinta Sesión Extraordinaria del Consejo") == "extraordinaria"
    assert session_type("las 3ª. y 4ª. Sesiones Ordinarias") == "ordinaria"
    assert session_type("sesión solemne de cabildo") == "solemne"
    assert session_type("una reunión de trabajo") is None


def test_times_place_and_date_label():
    text = (
        "Número: 02/25\nLugar: Vía Zoom\nFecha: 14 de marzo de 2025\nHora de inicio: 9:14 a.m.\n\n"
        "Sin más asuntos por tratar siendo las 11:05 horas se dio por finalizada la Sesión."
    )
    info = find_session(text, find_dates(text))
    assert (info.number, info.date, info.start_time, info.end_time) == (2, "2025-03-14", "09:14", "11:05")
    assert info.place == "Vía Zoom"


def test_institution_short_form():
    text = "El Instituto Municipal de Planeación de Villa Alta (IMPLAN) informa ... el IMPLAN Villa Alta presentó"
    assert institution(text) == "IMPLAN Villa Alta"
