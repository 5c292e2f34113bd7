"""Token counts summed over words: the tokenizer's own counts on council prose, each word tokenized once."""

from __future__ import annotations

import pytest

from ingest.embed import word_counts
from ingest.embed.word_counts import WordCounts

# Invented minutes, one Mexican cabildo and one Spanish pleno, as the chunker sees them: blocks, sentences, words.
CABILDO = (
    "En la Sala de Cabildo del Palacio Municipal de San Isidro de las Flores, siendo las 10:30 horas del día "
    "14 de marzo de 2023, el C. Presidente Municipal, Lic. Ramiro Estrada Olvera, declaró abierta la Sesión "
    "Ordinaria No. 27. ACUERDO 27/03/2023: Se aprueba por mayoría (11 votos a favor, 2 en contra) el "
    "Programa Municipal de Bacheo «Calles Dignas», con un monto de $3,450,000.00 M.N.; la Dirección de Obras "
    "Públicas informará su avance antes del 30 de junio."
)
PLENO = (
    "En Villaverde del Río, a 9 de febrero de 2022, reunido el Pleno del Ayuntamiento en sesión extraordinaria "
    "bajo la presidencia de la Sra. Alcaldesa, D.ª Montserrat Ibáñez Soler, se adoptó el siguiente acuerdo: "
    "aprobar inicialmente la modificación puntual n.º 4 del PGOU (ámbito UE-7), con 13 votos a favor y 4 "
    "abstenciones. La Concejalía de Urbanismo someterá el expediente a información pública durante 30 días "
    "hábiles; ¿procede la suspensión de licencias? Sí, por un año."
)


def _pieces(text: str) -> list[str]:
    sentences = [s for s in text.split(". ") if s]
    return [text, *sentences, *text.split()[:40], "", "   "]


@pytest.mark.parametrize("text", [CABILDO, PLENO], ids=["cabildo", "pleno"])
def test_counts_are_the_tokenizers_own(encoder, text: str) -> None:
    tokenizer = encoder.model.tokenizer
    for piece in _pieces(text):
        expected = len(tokenizer(piece, add_special_tokens=False)["input_ids"]) if piece.strip() else 0
        assert encoder.count_tokens(piece) == expected, piece
        assert encoder.count_tokens(piece) == expected, piece  # the second time from remembered words


def _vowels(text: str) -> int:
    return sum(c in "aeiouáéíóú" for c in text.lower())


@pytest.mark.parametrize("text", [CABILDO, PLENO], ids=["cabildo", "pleno"])
def test_each_distinct_word_is_tokenized_once(text: str) -> None:
    asked: list[str] = []

    def count_words(words: list[str]) -> list[int]:
        asked.extend(words)
        return [_vowels(w) for w in words]

    counts = WordCounts(_vowels, count_words)
    assert counts.additive
    asked.clear()
    assert counts(text) == _vowels(text)
    assert sorted(asked) == sorted(set(text.split()))
    asked.clear()
    assert counts(text) == _vowels(text)
    assert asked == []


def test_a_tokenizer_that_reads_words_by_their_context_counts_whole_texts() -> None:
    # Byte-level BPE reads "votos" after a space as another token than "votos" alone: counts do not add up.
    def by_characters(text: str) -> int:
        return len(text)

    counts = WordCounts(by_characters, lambda words: [len(w) for w in words])
    assert not counts.additive
    assert counts(CABILDO) == len(CABILDO)
    assert counts(PLENO) == len(PLENO)


def test_remembered_words_are_bounded_and_counts_stay_right(monkeypatch) -> None:
    monkeypatch.setattr(word_counts, "MAX_WORDS", 25)
    counts = WordCounts(_vowels, lambda words: [_vowels(w) for w in words])
    for text in (CABILDO, PLENO, CABILDO):
        assert counts(text) == _vowels(text)
        assert len(counts._words) <= 25 + len(set(text.split()))
