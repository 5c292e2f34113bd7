from ingest.extract.doctype import classify


def test_a_document_titled_minutes_is_an_acta_however_short() -> None:
    assert classify("Acta de la Tercera Sesión Ordinaria 2024\n\nJunta de Gobierno del Instituto.") == "acta"
    assert classify("MINUTA DE LA 2a. REUNIÓN DE TRABAJO de la comisión") == "acta"


def test_mentioning_minutes_is_not_being_minutes() -> None:
    assert classify("Actas y acuerdos del consejo se publican en el portal.") == "other"
