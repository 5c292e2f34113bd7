"""Token counts of texts as the sums of their words' counts, each distinct word tokenized once.

Chunking asks how many tokens every block, sentence and word has. Tokenizing each text whole cost
120-150 µs a paragraph, the most CPU an ingest spent besides the model; a sum over remembered words
costs about 6 µs. The sum is the tokenizer's own count wherever the tokenizer cuts text at whitespace
and marks each word's start alike, whatever came before it (SentencePiece's Metaspace, BERT's
WordPiece). It may differ by a token where a text ends in whitespace or holds a character that is
whitespace to Python and not to the tokenizer (U+0085): chunk budgets keep that slack. A tokenizer
whose words read differently after a space (byte-level BPE) fails the check at construction and
counts every text whole.
"""

from __future__ import annotations

from collections.abc import Callable

# Spanish as archives write it: accents, ñ, abbreviations, ordinals, amounts, ids, quotes, dashes.
CHECK_SAMPLE = (
    "El H. Ayuntamiento aprobó, por unanimidad (15 votos a favor), el Acuerdo AC-12/2024: «Programa de "
    "Bacheo 2.0»; ¿procede la licitación? Sí — 3,5 km por $1,200.00 M.N., 1ª etapa; el Pleno acordó "
    "que la Concejalía de Urbanismo informe antes del 30-VI-2025. Ñandú, pingüino, acción."
)
MAX_WORDS = 200_000  # distinct words remembered (a few tens of MB at most); forgotten all at once past it


class WordCounts:
    """`count(text)` as a sum over `text.split()`, each word counted once by `count_words` (a batch of words
    to their counts). Safe from several threads: a count sums from its own copy of the words it needs, so another
    thread forgetting the remembered words meanwhile cannot break it."""

    def __init__(self, count: Callable[[str], int], count_words: Callable[[list[str]], list[int]]) -> None:
        self._count = count
        self._count_words = count_words
        self._words: dict[str, int] = {}
        self.additive = self._sums_words(CHECK_SAMPLE)

    def __call__(self, text: str) -> int:
        if not self.additive:
            return self._count(text)
        words = text.split()
        known = self._words
        try:
            return sum(map(known.__getitem__, words))
        except KeyError:
            pass
        counts = {word: known.get(word) for word in set(words)}
        missing = [word for word, n in counts.items() if n is None]
        found = dict(zip(missing, self._count_words(missing), strict=True)) if missing else {}
        counts.update(found)
        if len(known) + len(found) > MAX_WORDS:
            known.clear()
        known.update(found)
        return sum(map(counts.__getitem__, words))

    def _sums_words(self, sample: str) -> bool:
        """Whether the tokenizer's count of `sample`, and of each of its sentences, is the sum of its words'."""
        texts = [sample, *sample.split(". ")]
        return all(self._count(t) == sum(self._count_words(t.split())) for t in texts)
