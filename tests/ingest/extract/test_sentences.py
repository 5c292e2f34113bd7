"""Sentence spans: not broken after honorifics or ordinals, and the split a document shares between
session, agreements and follow-ups is never changed by one of them (invented text, two conventions)."""

from __future__ import annotations

import pytest

from ingest.extract.normalize import sentences

FIRSTS = [
    ("En la 3ª. sesión ordinaria el Lic. Juan Pérez tomó la palabra.", " El H. Cabildo aprobó el dictamen."),
    ("En el Pleno de 4 de marzo la Sra. Dña. Ana Gil intervino.", " Se acordó por mayoría absoluta la moción."),
]
TEXTS = [first + second for first, second in FIRSTS]


@pytest.mark.parametrize("text", TEXTS)
def test_two_sentences_not_broken_after_honorifics_or_ordinals(text: str) -> None:
    spans = sentences(text)
    assert len(spans) == 2
    assert "".join(text[a:b] for a, b in spans) == text


@pytest.mark.parametrize(("first_sentence", "second"), FIRSTS)
def test_a_callers_edits_never_reach_the_next_callers_split(first_sentence: str, second: str) -> None:
    text = first_sentence + second
    first = sentences(text)
    first.clear()
    again = sentences(text)
    assert len(again) == 2 and again is not first
    assert sentences(text, 0, len(first_sentence)) == [again[0]]
