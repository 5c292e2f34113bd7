"""Person names compared the way Spanish speakers write them.

A name is folded (case, accents), stripped of honorifics and particles ("de", "la"), and each word is
reduced to a Spanish phonetic key: a silent h is dropped, "th"/"ph"/"ch" before a consonant lose their h,
and letters Mexican Spanish pronounces alike (b/v, s/z/c before e or i, y/ll, gue/ge, qu/k) are merged.
So Holguín and Olguín, Cristhian and Christian, González and Gonzales have the same key.

Two names are the same person when the shorter is an ordered part of the longer (a missing second surname
or second given name), the first given names agree and at least two words agree. Different given names
with a shared surname are never the same person. A last surname cut short ("Bravo Galla" for "Bravo
Gallardo", OCR or a line break) joins the full one when every other word agrees (`cut_short`); the linker
does so only within one institution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ingest.lang.es.honorifics import HONORIFIC_WORDS
from ingest.lang.es.names import NAME_PARTICLES
from models.text import fold, fold_key

_VOWELS = "aeiou"


@lru_cache(maxsize=50_000)
def phonetic(word: str) -> str:
    """The sound of one folded word, as a key."""
    w = word
    w = re.sub(r"^h", "", w)
    w = re.sub(r"([^c])h", r"\1", w)  # th, ph, rh, and h inside a word (except ch)
    w = re.sub(r"ch(?=[^aeiou]|$)", "c", w)  # "christian"
    w = w.replace("ph", "f")
    w = re.sub(r"g(?=[ei])", "j", w)  # soft g first: "gu" before e or i is a hard g
    w = re.sub(r"gu(?=[ei])", "g", w)
    w = re.sub(r"qu(?=[ei])", "k", w)
    w = re.sub(r"c(?=[ei])", "s", w)
    w = re.sub(r"c(?![h])", "k", w)
    w = w.replace("z", "s").replace("v", "b").replace("w", "u").replace("ll", "y").replace("x", "j")
    w = re.sub(r"y$", "i", w)
    w = re.sub(r"y(?=[^aeiou])", "i", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w


@dataclass(frozen=True)
class Name:
    """A person's name as comparable words."""

    words: tuple[str, ...]

    @property
    def key(self) -> str:
        return " ".join(self.words)

    @property
    def sounds(self) -> tuple[str, ...]:
        return tuple(phonetic(w) for w in self.words)


def parse_name(text: str) -> Name:
    # Honorifics are recognised with their dots ("C.P." is one title, not the initials C and P).
    words = [w.strip(",;:") for w in fold(text).split()]
    while words and words[0].replace(".", "") in HONORIFIC_WORDS:
        words.pop(0)
    return Name(tuple(w for w in fold_key(" ".join(words)).split() if w not in NAME_PARTICLES))


def _word_match(a: str, b: str) -> str | None:
    """'same' for the same sound, 'initial' for an initial of the other, 'near' for one letter apart
    in a long word, else None."""
    pa, pb = phonetic(a), phonetic(b)
    if pa == pb:
        return "same"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else None
    if min(len(pa), len(pb)) >= 6 and pa[0] == pb[0] and Levenshtein.distance(pa, pb) <= 1:
        return "near"
    return None


def match_score(a: Name, b: Name) -> float:
    """How surely two names are one person: 0 when they cannot be, 1 for the same sound word by word."""
    if not a.words or not b.words:
        return 0.0
    short, long = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if len(short.words) < 2:
        return 1.0 if short.sounds == long.sounds else 0.0
    pos = 0
    kinds: list[str] = []
    for k, word in enumerate(short.words):
        found = None
        for j in range(pos, len(long.words)):
            kind = _word_match(word, long.words[j])
            if kind:
                found = (j, kind)
                break
            if k == 0:
                return 0.0  # the first given names must agree
        if found is None:
            return 0.0
        pos = found[0] + 1
        kinds.append(found[1])
    full = sum(1 for k in kinds if k == "same")
    if full < 2 or kinds.count("near") > 1:
        return 0.0
    if kinds.count("initial") > 1:
        return 0.0
    score = (full + 0.8 * kinds.count("near") + 0.5 * kinds.count("initial")) / len(long.words)
    return round(min(1.0, 0.5 + 0.5 * score), 3)


def cut_short(a: Name, b: Name, min_len: int = 4) -> bool:
    """One name is the other with its last surname cut by OCR or a line break ("Francisco Javier Bravo Galla"
    and "... Bravo Gallardo"): the same words in the same order, the last of the shorter a prefix (of at least
    `min_len` letters) of the other's, and at least two words besides."""
    if len(a.words) != len(b.words) or len(a.words) < 3 or a.words == b.words:
        return False
    if any(_word_match(x, y) != "same" for x, y in zip(a.words[:-1], b.words[:-1], strict=True)):
        return False
    x, y = sorted((a.words[-1], b.words[-1]), key=len)
    return len(x) >= min_len and len(y) > len(x) and y.startswith(x)


def fuller(a: str, b: str) -> str:
    """The better of two spellings to show: more words, then accents written."""

    def rank(text: str) -> tuple[int, int, int]:
        return (len(parse_name(text).words), sum(1 for ch in text if ord(ch) > 127), len(text))

    return a if rank(a) >= rank(b) else b
