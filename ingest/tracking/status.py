"""A follow-up's status as written, read as one of five statuses and, where the text says so, a progress
figure on the institutes' scale.

Statuses: pendiente, en proceso, cumplido, cancelado, sin información. Progress stages: sin avance 0,
planeación 10, programación 20, presupuestación 30, ejecución 70, evaluación 100. A stage counts only where
the text names it as a stage ("en ejecución", "etapa de planeación", "Avance: programación", or the stage
word alone), since the same words also name the subject of an agreement ("informe de la evaluación").
An explicit percentage ("avance del 40 %") is taken as written. A fulfilled agreement is at 100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.keys import fold

STAGES = {
    "sin avance": 0,
    "planeacion": 10,
    "programacion": 20,
    "presupuestacion": 30,
    "ejecucion": 70,
    "evaluacion": 100,
}

_STAGE_WORD = r"(planeacion|programacion|presupuestacion|ejecucion|evaluacion)"
_STAGE = re.compile(
    rf"^\W*{_STAGE_WORD}\W*$|\b(?:en|etapa\s+de|fase\s+de|avance\s*:?|estatus\s*:?|etapa\s*:)\s*(?:la\s+)?"
    rf"{_STAGE_WORD}\b"
)
_PERCENT = re.compile(r"\b(?P<n>\d{1,3}(?:[.,]\d+)?)\s*%")
_NOTHING = re.compile(
    r"^\W*(?:s\s*/?\s*i|n\s*/?\s*a|sin\s+informacion|no\s+se\s+inform\w*|no\s+hay\s+informacion|sin\s+datos|"
    r"sin\s+reporte)?\W*$"
)
_CANCELLED = re.compile(
    r"\b(?:cancelad[oa]s?|se\s+cancel[oa]|queda\s+sin\s+efecto|sin\s+efecto|se\s+desech\w+|se\s+retir[oa]|"
    r"improcedente|se\s+descart\w+|ya\s+no\s+se\s+realizar\w+)\b"
)
_PENDING = re.compile(
    r"\b(?:pendientes?|sin\s+avances?|no\s+(?:se\s+)?(?:ha|han)\s+\w+|no\s+(?:ha\s+sido|fue|se)\s+"
    r"(?:cumplid|concluid|realizad|atendid|entregad|presentad|enviad)\w*|no\s+cumplid\w*|incumplid\w*|"
    r"por\s+(?:iniciar|realizar|atender|definir|entregar)|suspendid\w*|sin\s+iniciar)\b"
)
_DONE = re.compile(
    r"\b(?:cumplid[oa]s?|cumplimentad\w*|concluid[oa]s?|atendid[oa]s?|realizad[oa]s?|terminad[oa]s?|"
    r"finalizad[oa]s?|entregad[oa]s?|solventad[oa]s?|aprobad[oa]s?|firmad[oa]s?|publicad[oa]s?|"
    r"se\s+(?:cumpli[oó]|concluy[oó]|realiz[oó]|entreg[oó]|remiti[oó]|envi[oó]|present[oó]|public[oó]|"
    r"firm[oó]|llev[oó]\s+a\s+cabo|atendi[oó]|aprob[oó])|"
    r"(?:fue|fueron)\s+(?:remitid|entregad|enviad|presentad|realizad|publicad|firmad|aprobad|atendid)\w*|"
    r"hecho|listo)\b"
)
_IN_PROGRESS = re.compile(
    r"\b(?:en\s+(?:proceso|tramite|curso|ejecucion|revision|seguimiento|espera|elaboracion|desarrollo|"
    r"integracion|analisis)|parcial\w*|avance|avanza\w*|vigentes?|se\s+esta\w*|se\s+trabaja\w*|continua\w*|"
    r"programad[oa]s?|citad[oa]s?|faltan?|restan?|queda\s+pendiente)\b"
)
# The future tense ("se abordará", "entregarán") promises work not yet done; accents matter here.
_FUTURE = re.compile(r"\b\w{2,}(?:ará|erá|irá)n?\b")


@dataclass(frozen=True)
class Status:
    status: str
    progress: int | None


def stage_progress(text: str) -> int | None:
    folded = fold(text)
    if re.search(r"\bsin\s+avances?\b", folded):
        return 0
    m = _STAGE.search(folded)
    if m:
        return STAGES[m.group(1) or m.group(2)]
    m = _PERCENT.search(text)
    if m:
        value = round(float(m.group("n").replace(",", ".")))
        if 0 <= value <= 100:
            return value
    return None


def _from_progress(progress: int) -> str:
    if progress == 0:
        return "pendiente"
    return "cumplido" if progress >= 100 else "en proceso"


def read_status(text: str | None) -> Status:
    """The normalised status and progress of a follow-up's status text."""
    if text is None or _NOTHING.match(fold(text)):
        return Status("sin información", None)
    folded = fold(text)
    progress = stage_progress(text)
    ongoing = bool(_IN_PROGRESS.search(folded) or _FUTURE.search(text.lower()))
    if _CANCELLED.search(folded):
        return Status("cancelado", progress)
    if _PENDING.search(folded):
        return Status("pendiente", progress if progress is not None else None)
    if _DONE.search(folded) and not ongoing:
        return Status("cumplido", 100 if progress is None else progress)
    if progress is not None:
        return Status(_from_progress(progress), progress)
    if _DONE.search(folded):
        # done and in progress both said (several items, one finished): still open
        return Status("en proceso", None)
    if ongoing or len(folded.split()) >= 3:
        # a report of what was done, with no word that it is finished
        return Status("en proceso", None)
    return Status("sin información", None)
