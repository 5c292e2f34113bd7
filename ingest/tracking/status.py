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

from ingest.lang.es.status import (
    PROGRESS_STAGES,
    STAGE_PHRASE,
    STATUS_CANCELLED,
    STATUS_DONE,
    STATUS_IN_PROGRESS,
    STATUS_NOTHING,
    STATUS_PENDING,
)
from models.text import fold_key
from models.vocabulary import AgreementStatus

STAGES = PROGRESS_STAGES
_STAGE = re.compile(STAGE_PHRASE)
_PERCENT = re.compile(r"\b(?P<n>\d{1,3}(?:[.,]\d+)?)\s*%")
_NOTHING = re.compile(STATUS_NOTHING)
_CANCELLED = re.compile(STATUS_CANCELLED)
_PENDING = re.compile(STATUS_PENDING)
_DONE = re.compile(STATUS_DONE)
_IN_PROGRESS = re.compile(STATUS_IN_PROGRESS)
# The future tense ("se abordará", "entregarán") promises work not yet done; accents matter here.
_FUTURE = re.compile(r"\b\w{2,}(?:ará|erá|irá)n?\b")


@dataclass(frozen=True)
class Status:
    status: str
    progress: int | None


def stage_progress(text: str) -> int | None:
    folded = fold_key(text)
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
        return AgreementStatus.pendiente
    return AgreementStatus.cumplido if progress >= 100 else AgreementStatus.en_proceso


def read_status(text: str | None) -> Status:
    """The normalised status and progress of a follow-up's status text."""
    if text is None or _NOTHING.match(fold_key(text)):
        return Status(AgreementStatus.sin_informacion, None)
    folded = fold_key(text)
    progress = stage_progress(text)
    ongoing = bool(_IN_PROGRESS.search(folded) or _FUTURE.search(text.lower()))
    if _CANCELLED.search(folded):
        return Status(AgreementStatus.cancelado, progress)
    if _PENDING.search(folded):
        return Status(AgreementStatus.pendiente, progress if progress is not None else None)
    if _DONE.search(folded) and not ongoing:
        return Status(AgreementStatus.cumplido, 100 if progress is None else progress)
    if progress is not None:
        return Status(_from_progress(progress), progress)
    if _DONE.search(folded):
        # done and in progress both said (several items, one finished): still open
        return Status(AgreementStatus.en_proceso, None)
    if ongoing or len(folded.split()) >= 3:
        # a report of what was done, with no word that it is finished
        return Status(AgreementStatus.en_proceso, None)
    return Status(AgreementStatus.sin_informacion, None)
