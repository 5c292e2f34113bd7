"""People read from the structure: roll calls, 'Office: Name' lines, signatures; kinds of participation."""


def _people(extractor, make_doc, *parts):
    return {p.name: p for p in extractor.extract(make_doc(*parts)).participants}


def test_mexican_roll_with_offices_before_names_and_a_gendered_heading(extractor, make_doc):
    people = _people(
        extractor, make_doc,
        "ACTA NÚMERO 14. En la ciudad de Santa Inés del Río, siendo las 10 horas con 5 minutos del día 3 de abril "
        "de 2025, se reunió el H. Ayuntamiento para celebrar Sesión Ordinaria.",
        "PRIMER PUNTO.- Al pasar lista de asistencia, manifestaron su presencia el Presidente Municipal, Ing. "
        "Tobías Carranza Villegas, la Síndica Municipal, Licda. Noemí Ávalos Treviño y los CC. Regidoras y "
        "Regidores: Profra. Marcela Ibarra Solís, Lic. Germán Olvera Pacheco y C. Yolanda Fierro Campos. Con "
        "falta justificada del Regidor C. Ramiro Estrada Luján.",
        "SEGUNDO PUNTO.- Habiendo quórum legal, se declaró instalada la Sesión.",
    )
    assert people["Tobías Carranza Villegas"].role == "Presidente Municipal"
    assert people["Noemí Ávalos Treviño"].role == "Síndica Municipal"
    assert people["Marcela Ibarra Solís"].role == "Regidora"
    assert people["Germán Olvera Pacheco"].role == "Regidor"
    assert people["Marcela Ibarra Solís"].kind == "attended"
    absent = people["Ramiro Estrada Luján"]
    assert (absent.kind, absent.present, absent.role) == ("absent", False, "Regidor")


def test_spanish_pleno_roll_with_headings_and_absences(extractor, make_doc):
    people = _people(
        extractor, make_doc,
        "ACTA DE LA SESIÓN ORDINARIA DEL PLENO DEL AYUNTAMIENTO DE VILLARRUBIA DEL CAMPO",
        "Asistentes: Alcalde-Presidente: D. Anselmo Ortuño Baeza; Concejales: Dña. Pilar Segarra Mollá, "
        "D. Julián Ferrándiz Soler.",
        "Ausentes: Dª Remedios Climent Vidal.",
        "Abierto el acto por la Presidencia, se pasó al orden del día.",
    )
    assert people["Anselmo Ortuño Baeza"].role == "Alcalde-Presidente"
    assert people["Pilar Segarra Mollá"].role == "Concejal" and people["Pilar Segarra Mollá"].kind == "attended"
    assert people["Julián Ferrándiz Soler"].title == "D."
    assert people["Remedios Climent Vidal"].kind == "absent"


def test_apposition_after_a_name_in_a_roll_and_office_lines(extractor, make_doc):
    # a Colombian concejo and a Chilean concejo
    people = _people(
        extractor, make_doc,
        "Estuvieron presentes: Diana Marcela Quintero Ospina, Presidenta del Concejo; Jhon Fredy Arango Muñoz, "
        "Secretario General; el concejal Wilson Andrés Cárdenas Ríos.",
        "SECRETARIA MUNICIPAL: Carolina Paz Fuentealba Rojas.",
        "Elaboró: Lic. Renata Solís Garza.",
    )
    assert people["Diana Marcela Quintero Ospina"].role == "Presidenta del Concejo"
    assert people["Jhon Fredy Arango Muñoz"].role == "Secretario General"
    assert people["Carolina Paz Fuentealba Rojas"].role == "Secretaria Municipal"
    assert people["Renata Solís Garza"].role is None  # "Elaboró" says what she did, not her office


def test_a_label_and_a_name_is_a_person_but_a_field_is_not(extractor, make_doc):
    people = _people(
        extractor, make_doc,
        "Se entregaron los reconocimientos del certamen municipal.",
        "Categoría Mérito Deportivo: Iñaki Zubeldía Arrieta.",
        "Asunto: Plan de Arbolado Urbano.",
    )
    assert people["Iñaki Zubeldía Arrieta"].role == "Categoría Mérito Deportivo"
    assert "Plan de Arbolado Urbano" not in people


def test_ocr_noise_in_rolls_and_labels():
    # an OCR'd Mexican acta and an OCR'd Argentine agenda
    from ingest.extract.normalize import repair_ocr
    from ingest.extract.roster import _office_tail, bare_name

    assert repair_ocr("SES[ON ORD|NARIA N° 12, APR0BACION") == "SESION ORDINARIA N° 12, APROBACION"
    assert bare_name("Pofra. Leonor Ibáñez Castro") == ("Pofra.", "Leonor Ibáñez Castro")
    assert bare_name("Lic. Mauricio Treviño Salga do") == ("Lic.", "Mauricio Treviño Salga")
    assert bare_name("RIULT KR") is None and bare_name("AZUCENA KÓ") is None
    assert _office_tail("APERTURA DEL PERÍODO DE SESIONES, POR PARTE DEL INTENDENTE MUNICIPAL") == (
        "INTENDENTE MUNICIPAL")


def test_an_agenda_line_naming_the_office_before_a_name_in_capitals(extractor, make_doc):
    people = _people(
        extractor, make_doc,
        "ORDEN DEL DÍA",
        "5º)- APERTURA DEL PERÍODO DE SESIONES 2.025, POR PARTE DEL INTENDENTE MUNICIPAL: HORACIO BENÍTEZ.-",
        "6º)- INFORME DE LA SECRETARÍA: Lic. Norma Cáceres Villalba.",
    )
    assert people["HORACIO BENÍTEZ"].role == "Intendente Municipal"


def test_surname_first_rolls(extractor, make_doc):
    # an Argentine concejo deliberante and a Spanish pleno
    ar = _people(
        extractor, make_doc,
        "ACTA DE LA SESIÓN ORDINARIA DEL CONCEJO DELIBERANTE DE VILLA ALEGRE",
        "Concejales presentes: ALVARADO RÍOS, Marta Susana; BENÍTEZ DE LA FUENTE, Julio; CORREA, Nélida Beatriz. "
        "Ausentes con aviso: DUARTE SOSA, Héctor.",
        "Siendo las 20 horas se da inicio a la sesión.",
    )
    assert ar["Julio Benítez de la Fuente"].role == "Concejal"
    assert ar["Marta Susana Alvarado Ríos"].kind == "attended" and ar["Héctor Duarte Sosa"].kind == "absent"
    es = _people(
        extractor, make_doc,
        "Asistentes:\nPeñalver Roig, Teresa;\nSanchís Ortega, Vicente;\nMarín Bou, Inmaculada.",
        "Abierta la sesión por la Presidencia, se trató el orden del día.",
    )
    assert {"Teresa Peñalver Roig", "Vicente Sanchís Ortega", "Inmaculada Marín Bou"} <= set(es)


def test_someone_remembered_is_not_present(extractor, make_doc):
    # a Chilean concejo and a Mexican cabildo
    cl = _people(
        extractor, make_doc,
        "Concejales presentes: Sr. Ignacio Pizarro Lagos, Sra. Beatriz Ulloa Cerda, un minuto de silencio en "
        "memoria de Don Aurelio Fuenzalida Mora.",
    )
    assert cl["Ignacio Pizarro Lagos"].kind == "attended"
    assert all(p.kind != "attended" for n, p in cl.items() if "Aurelio" in n)
    mx = _people(
        extractor, make_doc,
        "PRIMER PUNTO.- Al pasar lista de asistencia, manifestaron su presencia la Regidora Lic. Amalia Tovar "
        "Ochoa y el Regidor Ing. Saúl Cabrera Meza.",
        "SEGUNDO PUNTO.- Se guardó un minuto de silencio en memoria del C. Wenceslao Ibarra Luna, exregidor.",
    )
    assert mx["Amalia Tovar Ochoa"].kind == "attended"
    assert mx["Wenceslao Ibarra Luna"].kind == "mentioned"


def test_the_last_entry_of_a_roll_keeps_its_office_when_a_section_follows(extractor):
    from ingest.parse import parse_bytes

    def people(text: str, file: str) -> dict:
        return {p.name: p for p in extractor.extract(parse_bytes(text.encode(), file)).participants}

    # a Mexican junta's Markdown roll, then its agreements; a Spanish pleno's plain-text roll, then its order of
    # business
    mx = people(
        "# Segunda Sesión Ordinaria de la Junta Directiva\n\n## Lista de asistencia\n\n"
        "- Arq. Leticia Barragán Soto, Directora General\n- Lic. Efraín Quiroga Montes, Tesorero\n\n"
        "## Acuerdos\n\nJD-II-1. Se aprueba el programa anual de trabajo.\n", "acta.md"
    )
    assert mx["Efraín Quiroga Montes"].role == "Tesorero"
    es = people(
        "# Acta de la sesión ordinaria del Pleno del Ayuntamiento de Villanueva del Río\n\nAsistentes:\n\n"
        "D. Rogelio Sanchís Prats, Alcalde-Presidente;\nDña. Inmaculada Bernat Climent, Concejala de Hacienda\n\n"
        "Orden del día\n\nPrimero. Aprobación del acta de la sesión anterior.\n", "acta.txt"
    )
    assert es["Inmaculada Bernat Climent"].role == "Concejala de Hacienda"
    assert es["Rogelio Sanchís Prats"].role == "Alcalde-Presidente"
