"""The keyword side of search: a Spanish analyzer and BM25-weighted sparse vectors.

Text becomes terms: lower case, Snowball Spanish stems, accents folded (ñ is
kept: "año" is not "ano"), stop words dropped. Codes and acronyms are kept
whole as well as stemmed or split: "JD-XI-1" gives `jd-xi-1`, `jd`, `xi`;
"PMDUOET" gives `pmduoet`. A term's id is a stable 32-bit hash, so no
vocabulary has to be stored or shared between the indexer and the searcher.

Passage weights are BM25's term-frequency part (saturation `k1`, length
normalisation `b` against a fixed average length) computed here; the IDF part
is applied by Qdrant's sparse-vector IDF modifier over the indexed
collection, which works the same on the embedded engine and on a server.
Query terms weigh 1 each, so a query scores sum(idf * tf-part): BM25.
"""

from __future__ import annotations

import base64
import re
import sys
import threading
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from ingest.lang.es.stopwords import STOP_WORDS
from models.text import fold_keep_enye

_WORD = re.compile(r"[^\W_]+(?:[-/.'][^\W_]+)*")
_JOINERS = re.compile(r"[-/.']")
TERM_SPACE = 1 << 32  # sparse indices are unsigned 32-bit in Qdrant


_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's stemmer: a Snowball stemmer keeps state while it stems, so sharing one between the
    request threads corrupted words and crashed searches under concurrent use."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("spanish")
    return stemmer


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    return fold_keep_enye(word)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _fold(_stemmer().stemWord(word.lower()))


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """Terms of one plain word: its stem, and for an acronym or a code with digits also its folded form."""
    folded = _fold(word)
    if folded in STOP_WORDS:
        return ()
    if any(c.isdigit() for c in word):
        return (folded,)
    stem = _stem(word)
    if _is_acronym(word) and stem != folded:
        return (folded, stem)
    if len(stem) < 2:
        return ()
    return (stem,)


@lru_cache(maxsize=200_000)
def token_terms(token: str) -> tuple[str, ...]:
    """The terms of one token of `_WORD` (a word, a code or a compound), in order. Cached: the words of an
    archive repeat, and search analyses every candidate passage and snippet word by word."""
    if not _JOINERS.search(token):
        return _word_terms(token)
    # A code or compound: the whole, then its parts, so "JD-XI-1" matches "JD-XI-1" and "JD XI".
    terms = [_fold(token)]
    for part in _JOINERS.split(token):
        if len(part) >= 2:
            terms.extend(_word_terms(part))
    return tuple(terms)


def words(text: str) -> list[str]:
    """The tokens `analyze` reads, in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


def analyze(text: str) -> list[str]:
    """The terms of `text` in order (repeated terms repeat)."""
    terms: list[str] = []
    for token in words(text):
        terms.extend(token_terms(token))
    return terms


def term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


@lru_cache(maxsize=200_000)
def _token_ids(token: str) -> tuple[int, ...]:
    return tuple(term_id(t) for t in token_terms(token))


def _term_ids(text: str) -> list[int]:
    """The ids of `analyze(text)`'s terms, in order: hashed once a distinct token, not once a term (the
    indexer's writer spent half its time hashing the same words again)."""
    return [i for token in words(text) for i in _token_ids(token)]


def text_term_ids(text: str) -> list[int]:
    """The distinct term ids of `text`, sorted: what the index payload keeps of a chunk's words."""
    return sorted(set(_term_ids(text)))


def packed_term_ids(text: str) -> str:
    """`text_term_ids` as an index payload keeps them: unsigned 32-bit little-endian, in base64. The embedded
    shard took a payload's list of ints in at about 1.5 µs an int (0.35 ms a chunk, most of the CPU of writing
    a batch to the index); one string of them costs next to nothing, and is a third of the JSON for a server."""
    ids = array("I", text_term_ids(text))
    if sys.byteorder == "big":
        ids.byteswap()
    return base64.b64encode(ids.tobytes()).decode("ascii")


def unpacked_term_ids(value: str | Sequence[int]) -> array:
    """Term ids from a payload: packed (`packed_term_ids`), or a list, as indexes written before kept them."""
    if not isinstance(value, str):
        return array("I", value)
    ids = array("I")
    ids.frombytes(base64.b64decode(value, validate=True))
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


@dataclass(frozen=True)
class SparseVector:
    """Term ids (sorted) and their weights."""

    indices: list[int]
    values: list[float]


@dataclass(frozen=True)
class SparseEncoder:
    """BM25 term weights for passages and unit weights for queries; IDF comes from the index."""

    k1: float = 1.2
    b: float = 0.75
    # The length pivot, a constant so the indexer needs no corpus statistics. Dev passages average ~70 analysed
    # terms; a pivot above that softens the length penalty, which scored as well or better there (70: -0.003).
    avg_length: float = 150.0

    def encode_passage(self, text: str) -> SparseVector:
        counts = Counter(_term_ids(text))
        length = sum(counts.values())
        norm = self.k1 * (1 - self.b + self.b * length / self.avg_length)
        items = sorted(counts.items())
        return SparseVector(
            [i for i, _ in items], [round(tf * (self.k1 + 1) / (tf + norm), 4) for _, tf in items]
        )

    def encode_query(self, text: str) -> SparseVector:
        ids = text_term_ids(text)
        return SparseVector(ids, [1.0] * len(ids))
