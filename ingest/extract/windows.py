"""The spaCy model's entities of a long text, read in windows.

The model's tok2vec holds features for every token of a Doc at once: a text of a million characters took
2.5 GB. Its features look only a few tokens either side, so a long text goes through the model in windows
cut at paragraph (else line, else word) boundaries, and the entities come back at their offsets in the whole
text. Acervo's own components still read the whole document: a session's header, its roll and its
agreements are far apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

# Texts up to this long are read whole, as before; about 150 MB of model features per window.
WINDOW_CHARS = 50_000

# Where a window may end, best first: after a blank line, a line end, a space.
_BREAKS = ("\n\n", "\n", " ")


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans covering `text`, each at most `size` characters long, each ending
    after the last blank line of its second half (else line end, else space; a hard cut in a run with none)."""
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


def windowed_entities(
    nlp: Language, doc: Doc, steps: Sequence[Callable[[Doc], Doc]], size: int = WINDOW_CHARS
) -> list[Span]:
    """The entities `steps` (the model's own components) find in each window of `doc`, as spans of `doc`.
    An entity whose edges fall inside a token of `doc` (the window's text was split another way) is left out."""
    found: list[Span] = []
    for start, end in windows(doc.text, size):
        part = nlp.make_doc(doc.text[start:end])
        for step in steps:
            part = step(part)
        for ent in part.ents:
            span = doc.char_span(start + ent.start_char, start + ent.end_char, label=ent.label_)
            if span is not None:
                found.append(span)
    return found
