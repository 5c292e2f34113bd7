"""The decision layer on invented minutes in several national conventions."""

from ingest.extract.agreements import find_agreements
from ingest.extract.decisions import find_vote, is_commitment, outcome
from ingest.extract.normalize import clean_text


def _agreements(text: str):
    return find_agreements(clean_text(text), [])


def test_passive_and_relative_forms_read_from_the_sentence_start():
    # a Mexican cabildo and an Argentine concejo
    mx = ("TERCER PUNTO.- La Secretaria del Ayuntamiento dio lectura al Orden del Día, el cual fue aprobado "
          "por unanimidad de votos.\nCUARTO PUNTO.- Se presentó el informe de la Tesorería.")
    (a,) = _agreements(mx)
    assert a.text.startswith("La Secretaria del Ayuntamiento dio lectura") and a.vote == "unanimidad"
    assert a.item == "punto 3" and a.outcome == "aprobado" and not a.commitment
    ar = ("2º) Acta anterior. Puesta a consideración el acta de la sesión del 3 de mayo, la misma resulta "
          "aprobada por mayoría.")
    (b,) = _agreements(ar)
    assert "acta de la sesión" in b.text and b.vote == "mayoría"


def test_dispositive_points_are_one_agreement_each():
    es = ("Visto el expediente, el Pleno ACUERDA:\nPRIMERO.- Aprobar inicialmente la ordenanza de terrazas de "
          "Villarrubia.\nSEGUNDO.- Someter el expediente a información pública por treinta días.\n\n"
          "Votación: aprobado por unanimidad.")
    items = _agreements(es)
    assert [a.item for a in items] == ["primero", "segundo"]
    assert items[0].text.startswith("Aprobar inicialmente la ordenanza")
    co = ("El Concejo Municipal RESUELVE:\nÚNICO.- Autorizar al alcalde para suscribir el convenio de "
          "alumbrado con la vereda El Cedral.")
    (c,) = _agreements(co)
    assert c.item == "único" and c.text.startswith("Autorizar al alcalde")


def test_points_of_a_call_without_a_resolution_lead_are_not_agreements():
    call = ("CONVOCATORIA\nPRIMERA.- De los requisitos para participar en la audiencia.\n"
            "SEGUNDA.- Del lugar y plazo de registro de las propuestas.")
    assert _agreements(call) == []


def test_a_legislature_deciding_is_reported_not_an_agreement_of_the_archive():
    # a Mexican press release and a Spanish pleno: the legislature acting is reported, the council acting decides
    mx = ("Navojoa, Son. El 3 de mayo de 2016, la LXII Legislatura del Congreso del Estado, en sesión ordinaria, "
          "aprobó la creación del Instituto Municipal de Planeación como organismo descentralizado.\n\n"
          "La reforma al reglamento interior fue aprobada por el H. Congreso del Estado en su sesión del martes.")
    assert _agreements(mx) == []
    mx_council = ("El H. Cabildo aprobó por unanimidad remitir al H. Congreso del Estado la iniciativa de reforma "
                  "a la Ley de Ingresos del municipio.")
    (a,) = _agreements(mx_council)
    assert a.outcome == "aprobado" and "Ley de Ingresos" in a.text
    es = "El alcalde informó de que el Parlamento de Andalucía aprobó ayer la ley de ordenación del territorio."
    assert _agreements(es) == []
    es_pleno = ("Una vez publicada la ley por las Cortes, el Pleno del Ayuntamiento aprobó por mayoría la "
                "ordenanza municipal de movilidad sostenible.")
    (b,) = _agreements(es_pleno)
    assert "ordenanza municipal de movilidad" in b.text and b.vote == "mayoría"


def test_a_year_of_instruments_signed_with_unnamed_parties_is_no_agreement():
    mx = ("Durante el año se firmaron convenios con distintas dependencias municipales y con universidades de la "
          "región para el sistema de indicadores.\n\nSe firmó el convenio de colaboración con la Universidad "
          "Autónoma del Valle para el observatorio urbano.")
    (a,) = _agreements(mx)
    assert "Universidad Autónoma del Valle" in a.text
    es = ("En el ejercicio se suscribieron diversos convenios con entidades locales de la comarca.\n\n"
          "Se suscribió el convenio con la Diputación Provincial para el mantenimiento de los caminos rurales.")
    (b,) = _agreements(es)
    assert "Diputación Provincial" in b.text and b.outcome == "aprobado"


def test_outcomes_rejections_withdrawals_deferrals():
    assert outcome("la moción no fue aprobada al obtener 4 votos a favor y 7 en contra") == "rechazado"
    assert outcome("el concejal autor retiró el proyecto del orden del día") == "retirado"
    assert outcome("se difiere la aprobación del acta 14 para la próxima sesión") == "diferido"
    assert outcome("se aprueba la modificación presupuestaria") == "aprobado"
    cl = _agreements("El Concejo rechazó por mayoría la solicitud de comodato del predio de calle Los Aromos.")
    assert cl[0].outcome == "rechazado"


def test_votes_as_written_and_counted():
    assert find_vote("con 12 votos a favor, dos en contra y una abstención") == (
        "12 votos a favor, dos en contra y una abstención")
    assert find_vote("quince votos a favor, ninguno en contra y cuatro abstenciones").startswith("quince votos")
    assert find_vote("mediante votación nominal") == "votación nominal"
    assert find_vote("aprobado por mayoría de votos") == "mayoría"


def test_commitments_apart_from_closed_decisions():
    assert is_commitment("se instruye a la Dirección de Obras para que presente el proyecto")
    assert is_commitment("la Secretaría entregará el padrón a más tardar el 30 de junio")
    assert not is_commitment("se aprueba por unanimidad el calendario de sesiones")


def test_an_earlier_agreement_undone_in_the_session_is_a_follow_up_with_its_status():
    # a Mexican cabildo and a Chilean concejo
    mx = _agreements(
        "Por unanimidad se revocó el acuerdo de la sesión extraordinaria del 4 de marzo.\n\n"
        "En esa fecha se había aprobado por mayoría contratar un crédito para la compra de dos camiones recolectores."
    )
    earlier = [a for a in mx if a.kind == "follow_up"]
    assert len(mx) == 2 and earlier[0].status == "se revocó" and "contratar un crédito" in earlier[0].text
    cl = _agreements(
        "El Concejo dejó sin efecto el acuerdo N° 45 por unanimidad.\n\n"
        "Mediante dicho acuerdo se había autorizado la concesión del quiosco de la plaza de Los Álamos."
    )
    assert any(a.kind == "follow_up" and a.status == "dejó sin efecto" for a in cl)


def test_responsible_and_due_date_where_stated(extractor, make_doc):
    # a Mexican cabildo instruction and a Spanish dispositive point
    mx = _agreements("CUARTO PUNTO.- Se instruye a la Dirección de Catastro para que entregue el padrón a más "
                     "tardar el 30 de junio de 2025.")
    assert (mx[0].responsible, mx[0].due, mx[0].commitment) == ("Dirección de Catastro", "2025-06-30", True)
    es = _agreements("El Pleno ACUERDA:\nPRIMERO.- Encomendar a la Concejalía de Urbanismo la redacción del pliego.\n"
                     "SEGUNDO.- Aprobar el gasto.")
    assert es[0].responsible == "Concejalía de Urbanismo" and es[0].commitment and not es[1].commitment
    result = extractor.extract(make_doc("Se aprueba el plan de podas, a cargo de la Dirección de Parques, con plazo al "
                                        "15 de julio de 2024."))
    assert result.agreements[0].due == "2024-07-15"
    assert not any("Dirección" in p.name for p in result.participants)
