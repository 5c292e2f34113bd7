from ingest.extract.doctype import classify

FILL = " Se presentó el informe de avance de los trabajos del Instituto ante los integrantes del consejo." * 4


def test_acta():
    text = "Orden del día\n1. Lista de asistencia.\n2. Clausura.\nHora de inicio: 10:00\n" + FILL
    assert classify(text + " siendo las 12:00 horas se dio por finalizada la Sesión.") == "acta"


def test_orden_del_dia():
    assert classify("ORDEN DEL DÍA\n1. Pase de lista.\n2. Aprobación del acta.\n" + FILL) == "orden_del_dia"


def test_convocatoria_and_comunicado():
    assert classify("Convocatoria pública para el concurso de ideas urbanas. Bases y requisitos." + FILL) == (
        "convocatoria"
    )
    assert classify("Villa Alta, Jalisco a 3 de mayo de 2024.\nEl Instituto presentó su programa." + FILL) == (
        "comunicado"
    )
    assert classify("Agenda por confirmar.") == "other"
