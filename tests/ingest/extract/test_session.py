from ingest.extract.dates import find_dates
from ingest.extract.normalize import clean_text
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


def test_fields_run_together_on_one_line_stop_at_the_next_label():
    from ingest.extract.labels import read_field

    text = ("ACTA DEL COMITÉ\n\n"
            "Fecha: 9 de mayo de 2024 Hora de inicio: 10:05 Lugar: Vía Meet Convoca: Arq. Noemí Salcedo")
    info = find_session(text, find_dates(text))
    assert (info.date, info.start_time, info.place) == ("2024-05-09", "10:05", "Vía Meet")
    assert read_field(text, "convoca").value == "Arq. Noemí Salcedo"
    assert read_field("Lugar: Salón Verde Número de Sesión: 4", "lugar").value == "Salón Verde"
    assert read_field("la reunión tendrá lugar: en el parque", "lugar") is None


def test_closing_formula_gives_end_time_and_place_after_time():
    text = (
        "Martes 14 de mayo de 2024, 9:30 horas, Aula Magna del Colegio de Ingenieros.\n\n"
        "No habiendo más asuntos que tratar, se dio por concluida la sesión a las 11:40 horas del mismo día."
    )
    info = find_session(text, find_dates(text))
    assert (info.start_time, info.end_time) == ("09:30", "11:40")
    assert info.place == "Aula Magna del Colegio de Ingenieros"
    assert find_session("Sin otro asunto, se levantó la sesión siendo las 12:50 horas.", []).end_time == "12:50"
    text = "La sesión se celebró en el Salón de Cabildo del Palacio Municipal fue convocada por la Secretaría."
    assert find_session(text, []).place == "Salón de Cabildo del Palacio Municipal"


def test_session_span_covers_the_mention():
    text = "Acta de la Quinta Sesión Extraordinaria del Comité, 3 de junio de 2024."
    info = find_session(text, find_dates(text))
    assert text[info.span[0] : info.span[1]] == "Quinta Sesión"


def test_institution_with_a_multi_word_city(extractor, make_doc):
    doc = make_doc(
        "# Acta de la Cuarta Sesión",
        "Junta Directiva del Instituto Municipal de Planeación de San Roque de las Peñas (IMPLAN San Roque)",
        "Se revisó el avance del IMPLAN San Roque de las Peñas.",
    )
    assert extractor.extract(doc).institution == "IMPLAN San Roque"
    # only the long name: IMPLAN and the whole city, particles kept
    doc = make_doc("El Instituto Municipal de Planeación de San Roque de las Peñas convoca a la consulta.")
    assert extractor.extract(doc).institution == "IMPLAN San Roque de las Peñas"


def test_institution_in_capitals_does_not_run_into_the_next_line(extractor, make_doc):
    doc = make_doc(
        "ACTA DE LA QUINTA SESIÓN JUNTA DIRECTIVA DEL IMPLAN SAN ROQUE",
        [["Lic. Nicanor Baeza Ruelas", "Director General del IMPLAN"],
         ["Ing. Otilia Cárdenas Viveros", "Consejera"]],
        "Se presentó el reglamento del municipio de San Roque de las Peñas.",
    )
    assert extractor.extract(doc).institution == "IMPLAN San Roque"
    text = clean_text("Director General del IMPLAN\nIng. Otilia Cárdenas Viveros presentó el plan.")
    assert institution(text) is None


def test_institution_honorific_signature_dateline_and_title(extractor, make_doc):
    # "IMPLAN Arq." is a title before a name, not a city
    assert institution("la presentación del asesor del IMPLAN Arq. Benito Solís fue breve") is None
    # the signer's office names the issuer; a guest's employer does not
    doc = make_doc(
        "Número: 02/24",
        "La Lic. Rebeca Anaya, Coordinadora Técnica del IMPLAN Villa Alta, presentó el plan del IMPLAN.",
        "Coordinadora General del Sistema de Consejos de Participación del Municipio de Villa Alta.",
    )
    assert extractor.extract(doc).institution == "Municipio de Villa Alta"
    # a bare "IMPLAN" takes the city of the dateline
    doc = make_doc("Villa Alta, Jalisco a 3 de mayo de 2024.", "El IMPLAN presentó el estudio de banquetas.")
    assert extractor.extract(doc).institution == "IMPLAN Villa Alta"
    # the institution named first speaks; a visiting one does not
    doc = make_doc(
        "El Instituto Municipal de Planeación de Villa Alta recibió al equipo del Instituto Municipal de "
        "Planeación de Río Seco.",
        "El IMPLAN Río Seco expuso su atlas y el director del IMPLAN Río Seco habló con el IMPLAN Villa Alta.",
    )
    assert extractor.extract(doc).institution == "IMPLAN Villa Alta"
    # the document's title counts too
    doc = make_doc("Orden del día de la sesión del Consejo.", "El IMPLAN presentó su programa.")
    doc.title = "Orden del día - IMPLAN Villa Alta"
    assert extractor.extract(doc).institution == "IMPLAN Villa Alta"


def test_no_session_date_for_a_document_without_a_session():
    text = "Durante 2023 el Instituto hizo recorridos de campo entre el 3 de julio y el 18 de agosto de 2023."
    assert find_session(text, find_dates(text)).date is None
    text = "Fecha: 3 de julio de 2023\n\nRecorrido de campo por las colonias del oriente."
    assert find_session(text, find_dates(text)).date == "2023-07-03"


def test_institute_acronym_as_the_document_defines_it():
    text = ("El Instituto Municipal de Investigación y Planeación (IMIP) de Puerto Arenas presentó el plan. "
            "El IMIP trabajará con colonos.")
    assert institution(text) == "IMIP Puerto Arenas"
    assert institution("Durante la sesión, el IMPLAN de Río Seco presentó su programa. El IMPLAN convoca.") == (
        "IMPLAN Río Seco"
    )
    assert institution("El Instituto Municipal de Planeación de Río Seco (IMPLAN) informa.") == "IMPLAN Río Seco"
