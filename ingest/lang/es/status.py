"""How follow-up statuses of agreements are written: the words a status line opens with, and status columns."""

from __future__ import annotations

# A line that opens with one of these is a status ("Cumplido.", "En proceso de licitación").
STATUS_OPENING = (
    r"^(?:cumplid[oa]s?|concluid[oa]s?|atendid[oa]s?|realizad[oa]s?|terminad[oa]s?|finalizad[oa]s?|"
    r"cancelad[oa]s?|suspendid[oa]s?|vigentes?|pendientes?|no\s+cumplid[oa]s?|parcialmente\b|sin\s+avances?|"
    r"en\s+(?:proceso|tr[áa]mite|seguimiento|revisi[oó]n|ejecuci[oó]n|curso|espera))\b"
)
# Header words (folded prefixes) of a status column in a follow-up table.
STATUS_COLUMNS = ("estatus", "status", "estado", "seguimiento", "avance", "situacion", "cumplimiento", "observacion")

# The institutes' progress scale: stage names (folded) and their percentage.
PROGRESS_STAGES = {
    "sin avance": 0,
    "planeacion": 10,
    "programacion": 20,
    "presupuestacion": 30,
    "ejecucion": 70,
    "evaluacion": 100,
}

# A stage counts only where the text names it as a stage ("en ejecución", "etapa de planeación").
STAGE_WORD = r"(planeacion|programacion|presupuestacion|ejecucion|evaluacion)"
STAGE_PHRASE = (
    rf"^\W*{STAGE_WORD}\W*$|\b(?:en|etapa\s+de|fase\s+de|avance\s*:?|estatus\s*:?|etapa\s*:)\s*(?:la\s+)?"
    rf"{STAGE_WORD}\b"
)
# What a status text says, one pattern per normalised status (matched on folded text).
STATUS_NOTHING = (
    r"^\W*(?:s\s*/?\s*i|n\s*/?\s*a|sin\s+informacion|no\s+se\s+inform\w*|no\s+hay\s+informacion|sin\s+datos|"
    r"sin\s+reporte)?\W*$"
)
STATUS_CANCELLED = (
    r"\b(?:cancelad[oa]s?|se\s+cancel[oa]|queda\s+sin\s+efecto|sin\s+efecto|se\s+desech\w+|se\s+retir[oa]|"
    r"improcedente|se\s+descart\w+|ya\s+no\s+se\s+realizar\w+)\b"
)
STATUS_PENDING = (
    r"\b(?:pendientes?|sin\s+avances?|no\s+(?:se\s+)?(?:ha|han)\s+\w+|no\s+(?:ha\s+sido|fue|se)\s+"
    r"(?:cumplid|concluid|realizad|atendid|entregad|presentad|enviad)\w*|no\s+cumplid\w*|incumplid\w*|"
    r"por\s+(?:iniciar|realizar|atender|definir|entregar)|suspendid\w*|sin\s+iniciar)\b"
)
STATUS_DONE = (
    r"\b(?:cumplid[oa]s?|cumplimentad\w*|concluid[oa]s?|atendid[oa]s?|realizad[oa]s?|terminad[oa]s?|"
    r"finalizad[oa]s?|entregad[oa]s?|solventad[oa]s?|aprobad[oa]s?|firmad[oa]s?|publicad[oa]s?|"
    r"se\s+(?:cumpli[oó]|concluy[oó]|realiz[oó]|entreg[oó]|remiti[oó]|envi[oó]|present[oó]|public[oó]|"
    r"firm[oó]|llev[oó]\s+a\s+cabo|atendi[oó]|aprob[oó])|"
    r"(?:fue|fueron)\s+(?:remitid|entregad|enviad|presentad|realizad|publicad|firmad|aprobad|atendid)\w*|"
    r"hecho|listo)\b"
)
STATUS_IN_PROGRESS = (
    r"\b(?:en\s+(?:proceso|tramite|curso|ejecucion|revision|seguimiento|espera|elaboracion|desarrollo|"
    r"integracion|analisis)|parcial\w*|avance|avanza\w*|vigentes?|se\s+esta\w*|se\s+trabaja\w*|continua\w*|"
    r"programad[oa]s?|citad[oa]s?|faltan?|restan?|queda\s+pendiente)\b"
)
