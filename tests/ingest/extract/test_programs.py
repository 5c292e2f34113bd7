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
