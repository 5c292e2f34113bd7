"""Finer document kinds mapped onto the scored vocabulary, the document's own date and its title."""


def test_an_official_letter_is_an_oficio(extractor, make_doc):
    # a Mexican oficio and a Colombian oficio
    mx = extractor.extract(make_doc(
        "OFICIO No. SA/0457/2024",
        "Villa Norte, Sonora, a 12 de agosto de 2024.",
        "ASUNTO: Remisión de expediente.",
        "C. Regidora de Hacienda\nP R E S E N T E",
        "Por este conducto le remito el expediente de la licitación de alumbrado para su revisión en comisión.",
        "Atentamente\nLic. Octavio Ruelas Ibarra\nSecretario del Ayuntamiento",
    ))
    assert (mx.doc_kind, mx.doc_type, mx.document_date) == ("oficio", "other", "2024-08-12")
    co = extractor.extract(make_doc(
        "Oficio N.º 210-15-0348",
        "San Isidro de las Lomas, 3 de febrero de 2023",
        "Asunto: Solicitud de información sobre el Plan de Ordenamiento Territorial.",
        "Respetado señor presidente del Concejo: de manera atenta solicito la relación de predios afectados.",
        "Atentamente,\nMaría Teresa Galvis Ruiz\nSecretaria de Planeación",
    ))
    assert co.doc_kind == "oficio" and co.document_date == "2023-02-03"


def test_a_session_script_and_a_news_report(extractor, make_doc):
    guion = extractor.extract(make_doc(
        "GUION DE LA SESIÓN SOLEMNE DE CABILDO",
        "MAESTRO DE CEREMONIAS: Buenas tardes, damos inicio a la sesión solemne.",
        "PRESIDENTA MUNICIPAL: Solicito al Secretario pasar lista de asistencia.",
        "(Se entonan los honores a la bandera)",
        "SECRETARIO: Con su permiso, Presidenta, procedo a pasar lista.",
    ))
    assert (guion.doc_kind, guion.doc_type) == ("guion", "orden_del_dia")
    nota = extractor.extract(make_doc(
        "Aprueba Concejo de Puerto Aldea nuevo reglamento de ferias",
        "Puerto Aldea, 14 de junio de 2022. En sesión ordinaria, el Concejo Municipal aprobó por mayoría el "
        "reglamento de ferias libres, informó la alcaldesa, quien destacó que la medida ordenará el comercio en "
        "las calles del centro y beneficiará a más de trescientos feriantes de la comuna durante el año.",
    ))
    assert (nota.doc_kind, nota.doc_type) == ("nota_de_prensa", "comunicado")
    assert nota.title == "Aprueba Concejo de Puerto Aldea nuevo reglamento de ferias"
    assert nota.document_date == "2022-06-14"
