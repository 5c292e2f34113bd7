from ingest.extract.agreements import find_agreements, find_vote
from ingest.extract.normalize import clean_text


def test_follow_up_table_with_status(extractor, make_doc):
    doc = make_doc(
        "4. Cumplimiento de acuerdos de sesiones anteriores.",
        [
            ["Acuerdo", "Estatus"],
            ["CD-IV-3. Gilberto Anaya Solís presentar el padrón de proveedores actualizado.",
             "Se presentó en la sesión del 2 de mayo de 2024."],
            ["CD-V-1. Se enviará el calendario de sesiones a los consejeros.", "Pendiente"],
        ],
    )
    items = {a.id: a for a in extractor.extract(doc).agreements}
    assert set(items) == {"CD-IV-3", "CD-V-1"}
    assert items["CD-IV-3"].status.startswith("Se presentó en la sesión")
    assert items["CD-IV-3"].responsible == "Gilberto Anaya Solís"
    assert items["CD-V-1"].text.startswith("Se enviará el calendario")
    assert items["CD-V-1"].status == "Pendiente"


def test_statements_and_votes():
    text = clean_text(
        "En la sesión se aprobó por unanimidad el calendario anual de trabajo del Comité.\n\n"
        "También se presentó el informe financiero.\n\n"
        "Posteriormente, se acuerda solicitar a la Tesorería el desglose del gasto, con 7 votos a favor y 1 en contra."
    )
    items = find_agreements(text, [])
    assert [a.vote for a in items] == ["unanimidad", "7 votos a favor y 1 en contra"]
    assert items[0].text.startswith("se aprobó por unanimidad el calendario")


def test_sin_acuerdos_gives_none():
    text = clean_text("Se discutió el tema sin llegar a una conclusión. Se aprobó continuar después.\n\nSin acuerdos")
    assert find_agreements(text, []) == []


def test_agenda_item_is_not_an_agreement():
    text = clean_text("2. Dispensa de la lectura y, en su caso, aprobación del acta anterior.")
    assert find_agreements(text, []) == []
    assert find_vote("aprobado por mayoría de votos") == "mayoría"


def test_taken_agreements_do_not_swallow_the_closing_paragraph(extractor, make_doc):
    doc = make_doc(
        "# Acuerdos",
        "JD-IV-1. Se aprueba por unanimidad el calendario de sesiones 2025.",
        "JD-IV-2. Se acuerda enviar a los vocales el padrón de colonias.",
        "No habiendo más asuntos que tratar, se dio por concluida la sesión a las 12:35 horas del mismo día.",
    )
    result = extractor.extract(doc)
    items = {a.id: a for a in result.agreements}
    assert set(items) == {"JD-IV-1", "JD-IV-2"}
    assert all(a.status is None and a.kind == "taken" for a in items.values())
    assert result.session.end_time == "12:35"
    text = clean_text("Acuerdos:\n\nJD-IV-3. Se aprueba el informe. Siendo las 13:10 horas se dio por terminada la "
                      "sesión.")
    (item,) = find_agreements(text, [])
    assert (item.text, item.status) == ("Se aprueba el informe.", None)


def test_status_attached_to_a_coded_item():
    text = clean_text(
        "Seguimiento de acuerdos\n\n"
        "JD-II-4. Publicar el atlas de riesgos en el portal.\n"
        "Estatus: En proceso de revisión por Comunicación Social.\n\n"
        "JD-II-5. Entregar el padrón de banquetas a Obras Públicas.\n\n"
        "El padrón se entregó el 3 de abril; falta la firma del director.\n\n"
        "Acuerdos:\n\n"
        "JD-III-1. Se aprueba el programa de podas.\n"
        "Pendiente de presupuesto.\n\n"
        "JD-III-2. Se designa a la vocal de enlace.\n\n"
        "Se dio por clausurada la sesión."
    )
    items = {a.id: a for a in find_agreements(text, [])}
    assert items["JD-II-4"].status == "En proceso de revisión por Comunicación Social."
    assert items["JD-II-5"].status.startswith("El padrón se entregó el 3 de abril")
    assert items["JD-II-5"].kind == "follow_up"
    assert items["JD-III-1"].status == "Pendiente de presupuesto."
    assert items["JD-III-2"].status is None


def test_a_copyright_notice_is_not_an_agreement(extractor) -> None:
    from ingest.parse import parse_bytes

    text = (
        "# Cruces seguros\n\nEl programa mejora 12 cruces escolares.\n\n"
        "Se autoriza y se sugiere ampliamente la reproducción total o parcial de este documento sin permiso "
        "expreso del IMPLAN, siempre y cuando se mencione la fuente.\n"
    )
    assert extractor.extract(parse_bytes(text.encode(), "nota.md")).agreements == []
