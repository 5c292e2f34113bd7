from ingest.extract.programs import find_programs


def names(text: str) -> list[str]:
    return [p.name for p in find_programs(text)]


def test_named_instruments_each_once():
    text = (
        "Se revisó el Plan Municipal de Desarrollo Villa Alta 2045 (PMD) y su alineación con el Programa de "
        "Gobierno Municipal 2024-2027. El PMD VA 2045 orienta el Reglamento de Imagen Urbana del Municipio de "
        "Villa Alta y el Sistema de Información Territorial."
    )
    found = names(text)
    assert found == [
        "Plan Municipal de Desarrollo Villa Alta 2045",
        "Programa de Gobierno Municipal 2024-2027",
        "Reglamento de Imagen Urbana del Municipio de Villa Alta",
        "Sistema de Información Territorial",
    ]
    assert find_programs(text)[0].acronym == "PMD"


def test_law_names_with_commas_and_que():
    found = names("conforme a la Ley que crea el Instituto de Planeación de Villa Alta y a la Ley de Aguas, "
                  "Drenaje y Saneamiento del Estado.")
    assert "Ley que crea el Instituto de Planeación de Villa Alta" in found
    assert "Ley de Aguas, Drenaje y Saneamiento del Estado" in found


def test_undefined_plan_acronym_and_reform_wrapper():
    found = names("8. Seguimiento PMDUVA.\n\nProyecto de Reforma a la Ley de Catastro Municipal.")
    assert found == ["Ley de Catastro Municipal", "PMDUVA"]


def test_legal_instruments_across_conventions():
    from ingest.extract.programs import find_programs

    mx = ("Con fundamento en el artículo 115 de la Constitución Política de los Estados Unidos Mexicanos y 20 del "
          "Bando de Policía y Gobierno del Municipio de San Telmo, y el Reglamento Interior del H. Cabildo de "
          "San Telmo.")
    names = [p.name for p in find_programs(mx)]
    assert "Constitución Política de los Estados Unidos Mexicanos" in names
    assert "Bando de Policía y Gobierno del Municipio de San Telmo" in names
    assert "Reglamento Interior del H. Cabildo de San Telmo" in names
    ar = ("3.1º)- Proyecto de Ordenanza ingresado bajo el Nº 1.234 sobre la Ordenanza Tarifaria Anual 2025 del "
          "Municipio de Villa Quebracho.")
    names = [p.name for p in find_programs(ar)]
    assert "Proyecto de Ordenanza" not in names
    assert any(n.startswith("Ordenanza Tarifaria Anual 2025") for n in names)


def test_funds_by_number_and_periods_of_plans():
    from ingest.extract.programs import find_programs

    names = [p.name for p in find_programs("del Fondo 3 se asignaron 12 millones y del Fondo Nacional de Vivienda "
                                           "ninguno; el Plan Municipal de Desarrollo Visión 10-20 sigue vigente "
                                           "junto al Plan Municipal de Desarrollo 21-24.")]
    assert "Fondo 3" in names and not any(n.startswith("Fondo Nacional") for n in names)
    assert "Plan Municipal de Desarrollo Visión 10-20" in names
    assert "Plan Municipal de Desarrollo 2021-2024" in names


def test_banks_utilities_bodies_and_meeting_agendas_are_not_programs():
    # a Mexican IMPLAN bulletin and a Spanish council note
    mx = names("Se coordinó con el Banco de México, el Banco Mundial y el Sistema Municipal de Aguas y Saneamiento "
               "(SIMAPA) la integración del Banco Municipal de Proyectos de Inversión. La Dra. Ana Ruiz Paz es "
               "miembro del Sistema Nacional de Investigadores.\n\nAgenda Consejo Directivo\n\nAgenda por confirmar.")
    assert mx == ["Banco Municipal de Proyectos de Inversión"]
    es = names("El Sistema de Agua Potable y Alcantarillado de Villafranca presentó el Plan de Aceras y el Sistema "
               "de Información Territorial.")
    assert es == ["Plan de Aceras", "Sistema de Información Territorial"]


def test_two_instruments_joined_by_y_are_two():
    mx = names('En la sesión destacaron dos temas: "El Índice de Movilidad Urbana 2019" y "Resultados del Padrón '
               'de Comercios 2019". Se revisó el Programa Municipal de Desarrollo Urbano de San Telmo y Programas '
               'Parciales de Desarrollo Urbano, y el Proyecto de Manejo Integral de Aguas Pluviales y Normas '
               'Técnicas específicas.')
    assert "Índice de Movilidad Urbana 2019" in mx
    assert "Programa Municipal de Desarrollo Urbano de San Telmo" in mx
    assert "Proyecto de Manejo Integral de Aguas Pluviales" in mx
    assert not any(" y Programas" in n or '" y "' in n for n in mx)
    es = names("Se presentó el Plan de Movilidad Ciclista por parte de la Concejalía de Urbanismo y el Plan de "
               "Accesibilidad Universal.")
    assert es == ["Plan de Movilidad Ciclista", "Plan de Accesibilidad Universal"]


def test_a_list_heading_names_the_kind_of_its_items(extractor):
    from ingest.parse import parse_bytes

    md = ("El director presentó los siguientes proyectos:\n\n"
          "- Programas Parciales de Desarrollo Urbano:\n"
          "    - **Barrio Alto**. - Lograr una red de ciclovías.\n"
          "    - **Centro Histórico**. - Rescate del patrimonio.\n"
          "- Eventos realizados por el Consejo Ciudadano:\n"
          "    - Consejo Juvenil Metropolitano\n"
          "    - Taller de Diseño Urbano Participativo, con 18 jóvenes.\n")
    found = [p.name for p in extractor.extract(parse_bytes(md.encode(), "informe.md")).programs]
    assert "Programa Parcial de Desarrollo Urbano Barrio Alto" in found
    assert "Programa Parcial de Desarrollo Urbano Centro Histórico" in found
    assert not any(n.startswith(("Programas", "Eventos", "Consejo")) for n in found)
    # the same in a Spanish plan's summary, in one paragraph
    es = names("Planes Especiales de Reforma Interior: Casco Antiguo, Ensanche Norte y Ribera.")
    assert "Plan Especial de Reforma Interior Casco Antiguo" in es


def test_an_acronym_written_after_a_colon_or_in_quotes():
    found = find_programs("Se expusieron los avances en la Oficina Virtual de Atención: OVAT. También se evaluó el "
                          "Plan Sectorial de Movilidad de la Ciudad de San Telmo “PSMST”, publicado en 2019.")
    assert [(p.name, p.acronym) for p in found] == [
        ("Oficina Virtual de Atención", "OVAT"),
        ("Plan Sectorial de Movilidad de la Ciudad de San Telmo", "PSMST"),
    ]


def test_legal_instruments_only_cited_are_flagged():
    # a Mexican convocatoria and a Spanish pleno's legal basis
    mx = {p.name: p.cited for p in find_programs(
        "Con fundamento en los artículos 15 y 17 de la Ley Municipal para el Estado de Nuevo León; 18, 19 y 20 "
        "del Bando de Policía y Gobierno del Municipio de San Telmo; y 23 del Reglamento Interior del Cabildo. "
        "Se aprobó la Propuesta de Reglamento de Imagen Urbana del Municipio de San Telmo.")}
    assert mx["Ley Municipal para el Estado de Nuevo León"] is True
    assert mx["Bando de Policía y Gobierno del Municipio de San Telmo"] is True
    assert mx["Reglamento Interior del Cabildo"] is True
    assert mx["Reglamento de Imagen Urbana del Municipio de San Telmo"] is False
    es = {p.name: p.cited for p in find_programs(
        "De conformidad con lo dispuesto en la Ley Reguladora de las Bases del Régimen Local, se aprueba "
        "inicialmente la Ordenanza de Terrazas y Veladores, y se revisa el Plan de Aceras. Se redacta el proyecto "
        "conforme a lo dictado por el Reglamento de Lenguaje Inclusivo.")}
    assert es["Ley Reguladora de las Bases del Régimen Local"] is True
    assert es["Ordenanza de Terrazas y Veladores"] is False
    assert es["Plan de Aceras"] is False
    assert es["Reglamento de Lenguaje Inclusivo"] is True  # the draft follows it: cited, not worked on


def test_a_kind_of_plan_and_a_body_among_bodies_are_not_programs():
    # a Mexican bulletin and a Spanish one
    mx = names("El concurso fue coordinado por la Dirección de Obras Públicas, el Sistema Integral de Bacheo "
               "(SIBA), el Instituto Municipal de Cultura y la Dirección de la Juventud. Servirá de base para el "
               "Plan Director, programas sectoriales y el Plan Director de Desarrollo Urbano.")
    assert mx == ["Plan Director de Desarrollo Urbano"]
    es = names("Colaboran la Concejalía de Urbanismo, el Sistema Comarcal de Recogida de Residuos, la Junta de "
               "Distrito y la Policía Local en el Plan Especial y en el Plan Especial del Casco Antiguo.")
    assert es == ["Plan Especial del Casco Antiguo"]
