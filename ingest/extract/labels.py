"""Form fields written as "Label: value" ("Fecha: 21 de marzo de 2024", "Lugar: Vía Zoom").

A field may sit on its own line, or several may run together on one line when a parser joined them
("Fecha: 21 de marzo de 2024 Hora de inicio: 17:10 Lugar: Vía Zoom"). A value ends at the end of its line, a
cell, or where the next label begins: one to four words starting with a capital, then a colon that is not part
of a time ("17:10"). The label's first word is either a known field word ("Hora de Inicio", "Número de
Sesión") or the only capitalised word before the colon ("Vía Zoom Hora de inicio:" -> "Hora de inicio").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lang.es.fields import FIELD_WORDS
from models.text import UPPER, fold

UP = UPPER

# A colon that may end a label: not inside a time or a URL.
_COLON = re.compile(r":(?![\d/])")
_WORD = re.compile(r"[^\s:]+")
_LABEL_WORDS_MAX = 4


@dataclass
class Field:
    label: str
    value: str
    start: int  # offset of the label
    value_start: int
    value_end: int


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def label_start(text: str, colon: int, floor: int = 0) -> int | None:
    """Where the label that ends at `text[colon] == ':'` begins, or None if no label ends there."""
    line_start = max(floor, text.rfind("\n", 0, colon) + 1)
    before = text[line_start:colon]
    words = list(_WORD.finditer(before))[-_LABEL_WORDS_MAX:]
    if not words or before[words[-1].end() :].strip():
        return None
    for j, w in enumerate(words):
        word = w.group(0)
        if not _is_cap(word):
            continue
        rest = [x.group(0) for x in words[j + 1 :]]
        if fold(word.rstrip(".")) not in FIELD_WORDS and any(_is_cap(x) for x in rest):
            continue
        # a label does not run over the end of a sentence ("la sala. Asunto:")
        if any(re.search(r"[,;!?]$", x) or (x.endswith(".") and fold(x[:-1]) not in FIELD_WORDS)
               for x in [word, *rest]):
            continue
        return line_start + w.start()
    return None


def next_label(text: str, start: int, end: int) -> int:
    """Offset of the first label after `start` (before `end`), else `end`."""
    for m in _COLON.finditer(text, start, end):
        at = label_start(text, m.start(), floor=start)
        if at is not None and at > start:
            return at
    return end


def read_field(text: str, label: str, flags: int = re.I) -> Field | None:
    """The first "label: value" field whose label matches the regex `label` (case-insensitive; the colon is added).

    The label must open a line or follow whitespace; mid-line it must start with a capital, so "tendrá
    lugar: ..." in a sentence is not a field.
    """
    pattern = re.compile(rf"(?:(?<=\n)|^|(?<=[ \t]))(?P<label>{label})[ \t]*:(?![\d/])[ \t]*", flags)
    for m in pattern.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip() and not _is_cap(m.group("label")):
            continue
        vs = m.end()
        line_end = len(text)
        for stop in ("\n", "\t", "|"):
            k = text.find(stop, vs)
            if k != -1:
                line_end = min(line_end, k)
        ve = next_label(text, vs, line_end)
        value = text[vs:ve].strip(" \t,;")
        if not value:
            continue
        return Field(label=m.group("label"), value=value, start=m.start(), value_start=vs,
                     value_end=vs + len(text[vs:ve].rstrip(" \t,;")))
    return None
