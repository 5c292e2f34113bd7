"""People staff can trust: a person row needs a person behind it, and an office only where the text gives it
to that person. Each rule on invented text in a Mexican and a Spanish (or other) convention."""

from ingest.extract.people import credible_name, split_fused
from ingest.parse import parse_bytes


def _people(extractor, text: str, file: str = "acta.txt") -> dict:
    return {p.name: p for p in extractor.extract(parse_bytes(text.encode(), file)).participants}


def test_a_name_needs_a_given_name_a_title_or_a_stated_office():
    assert credible_name("Rosendo Quiroga Lara", None, None)
    assert credible_name("Yadira Ocampo", None, None)
    assert credible_name("Tlacaélel Ramírez", "Lic.", None)  # a rare given name with a title
    assert credible_name("Xiuhnel Ortega", None, "Arquitecto paisajista")  # … or with an office
    assert not credible_name("Mejora Regulatoria Vinculación Empresa", None, None)
    assert not credible_name("Inundaciones Pluviales", None, None)
    assert not credible_name("Entidades Educativas", None, "miembro del Cabildo")
    assert not credible_name("Allende y Morelos", None, "Presidente")  # a street corner
    assert not credible_name("Los Retos del Ordenamiento", None, "IMPLAN invita a Foro")


def test_topics_places_and_corners_are_not_people(extractor):
    # a Mexican IMPLAN bulletin and a Spanish pleno's order of business
    mx = _people(extractor, (
        "Boletín del Instituto Municipal de Planeación de San Telmo\n\n"
        "La Arq. Yadira Ocampo Ruelas presentó los cruceros a intervenir:\n\n"
        "1. Hidalgo y Zaragoza\n\n2. Presidente Allende y Morelos\n\n3. Juárez y Colón\n\n"
        "Los temas de los talleres fueron:\n\nMejora Regulatoria\n\nVinculación Academia - Empresa\n\n"
        "Inundaciones Pluviales\n\nSe desarrolló una grave problemática en la zona norte.\n"
    ))
    assert "Yadira Ocampo Ruelas" in mx
    assert not any("Allende" in n or "Regulatoria" in n or "Pluviales" in n for n in mx)
    es = _people(extractor, (
        "ACTA DE LA SESIÓN ORDINARIA DEL PLENO DEL AYUNTAMIENTO DE VILLAFRANCA DEL RÍO\n\n"
        "Asistentes: Alcalde-Presidente: D. Rosendo Quiroga Lara.\n\n"
        "Se informó de la Revisión Catastral y de las Entidades Colaboradoras del Plan de Aceras.\n"
    ))
    assert es["Rosendo Quiroga Lara"].role == "Alcalde-Presidente"
    assert not any("Catastral" in n or "Entidades" in n for n in es)


def test_two_people_fused_in_one_span_are_split():
    # joined by "y" (a Mexican bulletin) and by a line break (a list copied from a Spanish acta)
    assert split_fused("Paco Díaz Ortiz y Rosa Velia Gil Barrón") == ["Paco Díaz Ortiz", "Rosa Velia Gil Barrón"]
    assert split_fused("Amparo Soler Bou\nVicente Llorca Martí") == ["Amparo Soler Bou", "Vicente Llorca Martí"]
    # a surname joined by "y" and a name broken over two lines stay whole
    assert split_fused("Héctor Ibarra y Macías") == ["Héctor Ibarra y Macías"]
    assert split_fused("Amparo Soler\nBou") == ["Amparo Soler\nBou"]


def test_fused_people_in_prose_become_two_rows(extractor):
    people = _people(extractor, (
        "El proyecto fue propuesto por los artistas Paco Díaz Ortiz y Rosa Velia Gil Barrón, integrantes del "
        "colectivo Trazo Vivo.\n"
    ))
    assert not any(" y " in n for n in people)
    assert people["Rosa Velia Gil Barrón"].role == "integrante del colectivo Trazo Vivo"


def test_an_office_stops_at_what_the_person_did_and_at_the_next_person(extractor):
    # a Mexican news note and a Spanish one
    mx = _people(extractor, (
        "A la ceremonia acudió en representación del gobernador Celestino Urrutia Paz, el secretario general de "
        "Gobierno, Anselmo Bretón Ríos, además de la magistrada Irene Cota Luján. Al concluir la sesión, "
        "Ismael Quiroz Peña, regidor presidente de la comisión de Hacienda, entregó 12 apoyos a vecinos.\n"
    ))
    assert mx["Celestino Urrutia Paz"].role == "gobernador"
    assert mx["Ismael Quiroz Peña"].role == "regidor presidente de la comisión de Hacienda"
    es = _people(extractor, (
        "En la reunión, Dña. Montserrat Vidal Roig, concejala de Urbanismo, finalizó su intervención con el "
        "calendario de obras, y D. Ginés Alarcón Mira, arquitecto municipal, y como moderador estuvo el Sr. "
        "Fermín Lucas Gil.\n"
    ))
    assert es["Montserrat Vidal Roig"].role == "concejala de Urbanismo"
    assert es["Ginés Alarcón Mira"].role == "arquitecto municipal"


def test_an_office_word_inside_a_program_name_is_no_office(extractor):
    people = _people(extractor, (
        "Además, del Plan Maestro del Barrio Antiguo, Anselmo Bretón Ríos explicó los casos de éxito.\n\n"
        "La sesión estuvo a cargo del Alcalde de Villa Alta y Presidente del Consejo, quien dedicó unas "
        "palabras a la memoria del Lic. Octavio Zamudio Pliego.\n"
    ))
    assert all(p.role is None or "Maestro" not in p.role for p in people.values())
    assert people["Octavio Zamudio Pliego"].role is None


def test_signature_labels_are_not_offices(extractor):
    # a Mexican acta's closing and a Spanish decree's visa
    mx = _people(extractor, (
        "Las presentes firmas corresponden al Acta Nº 12 de la Sesión Ordinaria de Cabildo.\n\n"
        "Elaboró: Mtra. Leonor Ibáñez Castro.\n\nRevisó: Lic. Gilberto Anaya Solís.\n"
    ))
    assert mx["Leonor Ibáñez Castro"].role is None and mx["Gilberto Anaya Solís"].role is None
    es = _people(extractor, "Vo. Bo.: D. Anselmo Ortuño Baeza.\n\nEl Secretario, D. Julián Ferrándiz Soler.\n")
    assert es["Anselmo Ortuño Baeza"].role is None
    assert es["Julián Ferrándiz Soler"].role == "Secretario"


def test_a_roll_of_name_office_lines_gives_each_office_to_its_own_name(extractor):
    # a Mexican IMPLAN committee with a bare "Lista de asistencia" heading and bulleted lines
    mx = _people(extractor, (
        "ACTA DE LA REUNIÓN DEL COMITÉ TÉCNICO DEL INSTITUTO MUNICIPAL DE PLANEACIÓN\n\n"
        "Lista de asistencia\n"
        "- Arq. Rodrigo Salas Méndez, Director General del IMPLAN\n"
        "- Lic. Paola Núñez Cortés, Coordinadora Técnica\n"
        "- Ing. Tomás Vera Lugo, Jefe del Departamento de Proyectos\n\n"
        "Se declaró el quórum y se abrió la sesión.\n"
    ))
    assert mx["Rodrigo Salas Méndez"].role == "Director General del IMPLAN"
    assert mx["Paola Núñez Cortés"].role == "Coordinadora Técnica"
    assert mx["Tomás Vera Lugo"].role == "Jefe del Departamento de Proyectos"
    assert {p.kind for p in mx.values()} == {"attended"}
    # a Spanish pleno whose lines were joined into one paragraph: "Name, Office Name2, Office2"
    es = _people(extractor, (
        "ACTA DE LA SESIÓN DEL PLENO DEL AYUNTAMIENTO DE VALDEMORA\n\n"
        "Asistentes:\nD. Julián Ferrándiz Soler, Alcalde-Presidente\nDña. Pilar Segarra Mollá, Concejala de "
        "Urbanismo\nD. Andrés Llorente Bastida, Secretario\n\n"
        "Abierto el acto por la Presidencia, se pasó al orden del día.\n"
    ))
    assert es["Julián Ferrándiz Soler"].role == "Alcalde-Presidente"
    assert es["Pilar Segarra Mollá"].role == "Concejala de Urbanismo"
    assert es["Andrés Llorente Bastida"].role == "Secretario"


def test_an_office_with_a_place_in_it_is_not_a_name(extractor):
    people = _people(extractor, (
        "Participantes:\n\n"
        "1. Lic. Marisela Ochoa Treviño\tCoordinadora Delegacional de Santa Rosa del Monte\n"
        "2. Lic. Fabián Ugarte Sosa\tCoordinador Delegacional de San Pedro Mártir\n\n"
        "Orden del día\n"
    ))
    assert set(people) == {"Marisela Ochoa Treviño", "Fabián Ugarte Sosa"}


def test_an_abbreviated_office_keeps_its_words(extractor):
    people = _people(extractor, (
        "Asistieron el Alcalde, Lic. Abel Garza Peña, el Arq. Tomás Lira Vega, Dir. de Obras Públicas, y la "
        "Lic. Dulce Mora Ibáñez, Coord. de Centro Histórico.\n"
    ))
    assert people["Tomás Lira Vega"].role == "Dir. de Obras Públicas"
    assert people["Dulce Mora Ibáñez"].role == "Coord. de Centro Histórico"


def test_an_ocr_signature_of_someone_already_read_is_not_someone_else(extractor):
    people = _people(extractor, (
        "ACTA DE CABILDO NÚMERO 5\n\n"
        "PRIMER PUNTO.- Al pasar lista de asistencia, manifestaron su presencia el Presidente Municipal, Mtro. "
        "Teodoro Villaseñor Ibarra, y la Regidora C. Amalia Tovar Ochoa.\n\n"
        "SEGUNDO PUNTO.- Se clausuró la sesión. Se levanta la presente Acta, que firman los que en ella "
        "intervinieron.\n\n"
        "MTRO. TEODORO VILLAS Presidente\n\nC. AMALIA TOV RLOS GÓMEZ.\n"
    ))
    assert set(people) == {"Teodoro Villaseñor Ibarra", "Amalia Tovar Ochoa"}


def test_a_plural_office_gives_each_person_their_own_form(extractor):
    # a Mexican note ("los Regidores A y B") and a Spanish one ("los arquitectos A y B")
    mx = _people(extractor, "Asistieron los Regidores Marcela Ibarra Solís y Germán Olvera Pacheco al recorrido.\n")
    assert (mx["Marcela Ibarra Solís"].role, mx["Germán Olvera Pacheco"].role) == ("Regidora", "Regidor")
    es = _people(extractor, "Intervinieron los arquitectos Amparo Soler Bou y Vicente Llorca Martí en el debate.\n")
    assert (es["Amparo Soler Bou"].role, es["Vicente Llorca Martí"].role) == ("arquitecta", "arquitecto")


def test_a_street_named_after_a_person_at_a_corner_is_not_one(extractor):
    # a Mexican bulletin ("C." for "Calle") and a Spanish pleno ("esquina con C.")
    mx = _people(extractor, (
        "Boletín del Instituto Municipal de Planeación de San Telmo\n\n"
        "Los cruces a intervenir son Av. Morelos y C. Ramón Corona, y Blvd. Revolución y C. Leona Vicario.\n\n"
        "Asistió el C. Anselmo Ibarra Quintero, vecino de la colonia.\n"
    ))
    assert "Anselmo Ibarra Quintero" in mx
    assert not any("Ramón Corona" in n or "Leona Vicario" in n for n in mx)
    es = _people(extractor, (
        "ACTA DE LA SESIÓN ORDINARIA DEL PLENO DEL AYUNTAMIENTO DE VILLAFRANCA DEL RÍO\n\n"
        "Se aprobó el paso de peatones de la Avda. de la Estación esquina con C. Mariano Benlliure.\n\n"
        "Intervino el C. Gervasio Lloret Almansa, en nombre de la asociación de vecinos.\n"
    ))
    assert "Gervasio Lloret Almansa" in es
    assert not any("Benlliure" in n for n in es)
