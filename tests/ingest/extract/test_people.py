from ingest.extract.people import split_honorific


def by_name(extraction):
    return {p.name: p for p in extraction.participants}


def test_honorific_kept_apart_even_when_run_together():
    assert split_honorific("Arq. Rosalba Quintanilla Ferrer") == ("Arq.", "Rosalba Quintanilla Ferrer")
    assert split_honorific("Lic.Teodoro Villaseñor Ibarra") == ("Lic.", "Teodoro Villaseñor Ibarra")
    assert split_honorific("C.P. Irma Lozoya y Beltrán") == ("C.P.", "Irma Lozoya y Beltrán")
    assert split_honorific("Casimiro Ugalde") == (None, "Casimiro Ugalde")


def test_markdown_attendee_table(extractor, make_doc):
    text = (
        "Participantes:\n\n"
        "| | |\n|--|--|\n"
        "| 1. Mtra. Rosalba Quintanilla Ferrer | Coordinadora del Consejo de Movilidad |\n"
        "| 2. IQA. Teodoro Villaseñor Ibarra | Consejero Suplente |\n"
        "| 3. Casimiro Ugalde Porras | Secretario Técnico |\n"
    )
    from ingest.parse import parse_bytes

    people = by_name(extractor.extract(parse_bytes(text.encode(), "lista.md")))
    assert people["Rosalba Quintanilla Ferrer"].title == "Mtra."
    assert people["Rosalba Quintanilla Ferrer"].role == "Coordinadora del Consejo de Movilidad"
    assert people["Teodoro Villaseñor Ibarra"].title == "IQA."
    assert people["Casimiro Ugalde Porras"].role == "Secretario Técnico"


def test_html_attendee_table(extractor):
    from ingest.parse import parse_bytes

    html = (
        "<html><body><p>Asistentes a la sesión:</p><table>"
        "<tr><th>Nombre</th><th>Cargo</th><th>Asistencia</th></tr>"
        "<tr><td>Ing. Leonor Arreola Cisneros</td><td>Directora de Obras Públicas</td><td>Presente</td></tr>"
        "<tr><td>Dr. Anselmo Ruvalcaba Tovar</td><td>Regidor</td><td>Ausente</td></tr>"
        "</table></body></html>"
    )
    people = by_name(extractor.extract(parse_bytes(html.encode(), "asistencia.html")))
    assert people["Leonor Arreola Cisneros"].role == "Directora de Obras Públicas"
    assert people["Leonor Arreola Cisneros"].present is True
    assert people["Anselmo Ruvalcaba Tovar"].present is False
    assert people["Anselmo Ruvalcaba Tovar"].title == "Dr."


def test_tab_separated_table(extractor, make_doc):
    doc = make_doc(
        "Lista de asistencia",
        [["Nombre", "Cargo"], ["Lic. Octavio Zamudio Pliego", "Tesorero Municipal"],
         ["Mtro. Gilberto Anaya Solís", "Contralor Municipal"]],
    )
    people = by_name(extractor.extract(doc))
    assert people["Octavio Zamudio Pliego"].role == "Tesorero Municipal"
    assert people["Gilberto Anaya Solís"].title == "Mtro."


def test_running_prose_roles(extractor, make_doc):
    doc = make_doc(
        "A continuación el Arq. Rosalba Quintanilla Ferrer, Directora del Instituto realizó una presentación. "
        "Participó la regidora Evangelina Tapia Montoya y el Lic.Teodoro Villaseñor Ibarra, Secretario del "
        "Ayuntamiento; también la directora de Desarrollo Social, Marisol Echeverría Duarte.",
        "El recorrido estuvo a cargo de los Arquitectos Fermín Olvera Paz y Jacinto Robles Urías.",
        "Después habló la Arq. Rosalba Quintanilla sobre el proyecto.",
    )
    people = by_name(extractor.extract(doc))
    assert people["Rosalba Quintanilla Ferrer"].role.startswith("Directora del Instituto")
    assert people["Rosalba Quintanilla Ferrer"].title == "Arq."
    assert people["Teodoro Villaseñor Ibarra"].title == "Lic."
    assert people["Teodoro Villaseñor Ibarra"].role == "Secretario del Ayuntamiento"
    assert "Rosalba Quintanilla" not in people  # the short form is the same person
    assert people["Fermín Olvera Paz"].role == "Arquitecto"
