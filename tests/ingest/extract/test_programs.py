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
