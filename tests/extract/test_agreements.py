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
