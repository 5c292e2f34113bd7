"""The decision layer: what a decision sentence says about its outcome, vote, commitment and wording.

A decision is read from a sentence of the body or a dispositive point: "se aprueba …", "el Cabildo acuerda …",
"… la cual fue aprobada por unanimidad", "no se aprobó …", "se retira …", "se difiere …". Its outcome is
aprobado, rechazado, retirado or diferido; a commitment ("se instruye…", "presentará…", "a más tardar") is a
decision to act later, flagged apart from a decision closed at the session.
"""

from __future__ import annotations

import re

from ingest.extract.normalize import squash
from ingest.lang.es.formulas import (
    ACTIVITY_SUMMARY,
    COMMITMENT,
    DECISION,
    DECISION_AFTER_OBJECT,
    LEGISLATURE_AGENT,
    LEGISLATURE_MENTION,
    LEGISLATURE_NOT_ACTING,
    LOCAL_BODY,
    OUTCOME_DEFERRED,
    OUTCOME_REJECTED,
    OUTCOME_WITHDRAWN,
    VOTE,
)

# Connectors that open a sentence and are no part of what was decided.
_LEAD_CONNECTOR = re.compile(
    r"^(?:[^.\n]{0,12}?\b)?(?:acto\s+seguido|a\s+continuaci[oó]n|posteriormente|seguidamente|finalmente|asimismo|en\s+seguida|"
    r"acto\s+continuo|luego|despu[eé]s|por\s+[uú]ltimo|de\s+igual\s+(?:forma|manera)|igualmente|adem[aá]s)\s*,?\s*",
    re.I,
)
# A relative clause whose antecedent is what was decided: "…, misma que fue aprobada", "…, lo cual fue aprobado".
_RELATIVE = re.compile(r"(?:,\s*|\by\s+)(?:(?:la|el|lo|las|los)\s+cual(?:es)?|mism[oa]s?\s+que|que)\s*,?\s*$", re.I)


def find_vote(text: str) -> str | None:
    """The vote as written: 'unanimidad', 'mayoría', '15 votos a favor, ninguno en contra y cuatro abstenciones'."""
    found: list[str] = []
    for m in VOTE.finditer(text):
        value = squash(m.group("w") or m.group("n") or m.group("u") or m.group("k"))
        if value not in found:
            found.append(value)
    # "por mayoría, con 7 votos a favor y 2 en contra": the kind of majority and its count, as written
    return "; ".join(found[:2]) or None


def outcome(text: str) -> str:
    """aprobado, rechazado, retirado or diferido, from a decision's wording."""
    if OUTCOME_WITHDRAWN.search(text):
        return "retirado"
    if OUTCOME_REJECTED.search(text):
        return "rechazado"
    if OUTCOME_DEFERRED.search(text):
        return "diferido"
    return "aprobado"


def is_commitment(text: str) -> bool:
    return bool(COMMITMENT.search(text))


def decision_in(sentence: str) -> re.Match | None:
    """The sentence's first decision taken by one of the archive's bodies: a legislature's law or decree reported
    there ("el Congreso del Estado aprobó…") and a year's list of instruments ("se firmaron diversos convenios")
    are no agreement to follow."""
    if ACTIVITY_SUMMARY.search(sentence):
        return None
    for m in DECISION.finditer(sentence):
        if not _by_legislature(sentence, m):
            return m
    return None


def _by_legislature(sentence: str, match: re.Match) -> bool:
    if LEGISLATURE_AGENT.match(sentence, match.end()):
        return True
    for mention in LEGISLATURE_MENTION.finditer(sentence, 0, match.start()):
        between = sentence[mention.end() : match.start()]
        if not LEGISLATURE_NOT_ACTING.search(sentence[max(0, mention.start() - 30) : mention.start()]) and not (
            LOCAL_BODY.search(between)
        ):
            return True
    return False


def decision_start(sentence: str, match: re.Match) -> int:
    """Where a decision's wording starts in its sentence: at the verb ("se aprueba el…"), or at the sentence's
    start when what was decided comes before the verb ("El acta … fue aprobada", "…, misma que fue aprobada")."""
    before = sentence[: match.start()]
    if DECISION_AFTER_OBJECT.match(match.group(0)) or _RELATIVE.search(before):
        lead = _LEAD_CONNECTOR.match(sentence.lstrip())
        return len(sentence) - len(sentence.lstrip()) + (lead.end() if lead else 0)
    return match.start()
