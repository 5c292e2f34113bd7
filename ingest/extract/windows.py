"""The spaCy model's person names in a text, read in windows and only where a candidate name lies.

The extraction asks the model one thing: is this candidate name a person (PER)? The model (then tok2vec and
NER) was three quarters of the extraction's time when it read every document whole, most of it on text no candidate
lies in; held whole they also took 2.5 GB for a text of a million characters. Their features look only a few
tokens either side, so the text is cut once into windows at paragraph (else line, sentence, word) boundaries, and
a window goes through the model the first time a candidate in it is asked about. Acervo's own components
still read the whole document: a session's header, its roll and its agreements are far apart.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

# A paragraph: on the shared corpora the extraction came out as with whole texts at 2,000, 1,000 and 600 characters
# (the model's time on dev's documents 10.3 → 7.5 ms a document from 1,000 to 600); at 250 it changed, so smaller
# windows would leave too thin a margin for archives we have not seen.
WINDOW_CHARS = 600

# Where a window may end, best first: after a blank line, a line end, a sentence's end, a space.
_BREAKS = ("\n\n", "\n", ". ", " ")


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans covering `text`, each at most `size` characters long, each ending
    after the last blank line of its second half (else line end, sentence end, space; a hard cut in a run with
    none)."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = end
        for mark in _BREAKS:
            found = text.rfind(mark, start + size // 2, end)
            if found != -1:
                cut = found + len(mark)
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


class ModelPersons:
    """The model's PER entities of a text, read only in the windows asked about, each at most once."""

    def __init__(self, text: str, find: Callable[[str], Iterable[tuple[int, int]]], size: int = WINDOW_CHARS) -> None:
        self._text = text
        self._find = find
        self._bounds = windows(text, size)
        self._starts = [start for start, _ in self._bounds]
        self._unread = set(range(len(self._bounds)))
        self._spans: list[tuple[int, int]] = []

    @classmethod
    def model(cls, nlp: Language, steps: Sequence[Callable[[Doc], Doc]], text: str, size: int = WINDOW_CHARS
              ) -> ModelPersons:
        """The persons that `steps` (the model's own components, on `nlp`'s tokenizer) find in `text`."""

        def find(part: str) -> list[tuple[int, int]]:
            doc = nlp.make_doc(part)
            for step in steps:
                doc = step(doc)
            return [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PER"]

        return cls(text, find, size)

    @classmethod
    def known(cls, text: str, spans: Iterable[tuple[int, int]]) -> ModelPersons:
        """Persons already found in the whole text (a Doc the model has read)."""
        found = list(spans)
        return cls(text, lambda _part: found, size=max(len(text), 1))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a PER entity of the model overlaps text[start:end]."""
        first = max(bisect_right(self._starts, start) - 1, 0)
        last = max(bisect_left(self._starts, end) - 1, first)
        for index in range(first, last + 1):
            if index in self._unread:
                self._unread.discard(index)
                offset, stop = self._bounds[index]
                self._spans += [(offset + a, offset + b) for a, b in self._find(self._text[offset:stop])]
        return any(s < end and start < e for s, e in self._spans)

    @property
    def read(self) -> list[tuple[int, int]]:
        """The windows read so far."""
        return [span for index, span in enumerate(self._bounds) if index not in self._unread]

    @property
    def found(self) -> list[tuple[int, int]]:
        """The PER spans found so far, in text order."""
        return sorted(self._spans)
