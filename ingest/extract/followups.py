"""Follow-ups written in prose: a sentence that reports on an earlier agreement without its id or a table
("La Dirección informó que el estudio quedó terminado, por lo que el acuerdo se tiene por cumplido").

The sentence names the agreement as such and gives its state; it becomes a follow-up mention whose wording is
the sentence (the tracker links it to the agreement by wording and responsible) and whose status is the state
as written.
"""

from __future__ import annotations

from ingest.extract.normalize import sentences, squash
from ingest.extract.schema import AgreementMention
from ingest.lang.es.formulas import PROSE_FOLLOW_UP


def find_prose_follow_ups(text: str, taken: list[AgreementMention]) -> list[AgreementMention]:
    """Prose follow-ups in `text` (the clean document text), outside the spans of the mentions already found."""
    covered = [m.span for m in taken if m.span]
    found: list[AgreementMention] = []
    for start, end in sentences(text):
        sentence = text[start:end]
        match = PROSE_FOLLOW_UP.search(sentence)
        if match is None or any(s <= start < e or s < end <= e for s, e in covered):
            continue
        state = match.group("s1") or match.group("s2")
        found.append(
            AgreementMention(text=squash(sentence), status=squash(state), kind="follow_up", span=(start, end))
        )
    return found
