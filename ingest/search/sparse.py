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

import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from models.text import fold_keep_enye


def _words(text: str) -> list[str]:
    return text.split()


# Snowball's Spanish stop list (accents folded), plus the few function words it lacks.
STOP_WORDS = frozenset(
    _words(
        """
        de la que el en y a los del se las por un para con no una su al lo como mas pero sus le ya o este si
        porque esta entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos durante todos uno
        les ni contra otros ese eso ante ellos e esto mi antes algunos que unos yo otro otras otra el tanto esa
        estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi mis tu te ti tu tus
        ellas nosotras vosotros vosotras os mio mia mios mias tuyo tuya tuyos tuyas suyo suya suyos suyas
        nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos esas estoy estas esta estamos
        estais estan este estes estemos esteis esten estare estaras estara estaremos estareis estaran estaria
        estarias estariamos estariais estarian estaba estabas estabamos estabais estaban estuve estuviste estuvo
        estuvimos estuvisteis estuvieron estuviera estuvieras estuvieramos estuvierais estuvieran estuviese
        estuvieses estuviesemos estuvieseis estuviesen estando estado estada estados estadas estad he has ha
        hemos habeis han haya hayas hayamos hayais hayan habre habras habra habremos habreis habran habria
        habrias habriamos habriais habrian habia habias habiamos habiais habian hube hubiste hubo hubimos
        hubisteis hubieron hubiera hubieras hubieramos hubierais hubieran hubiese hubieses hubiesemos hubieseis
        hubiesen habiendo habido habida habidos habidas soy eres es somos sois son sea seas seamos seais sean
        sere seras sera seremos sereis seran seria serias seriamos seriais serian era eras eramos erais eran fui
        fuiste fue fuimos fuisteis fueron fuera fueras fueramos fuerais fueran fuese fueses fuesemos fueseis
        fuesen siendo sido tengo tienes tiene tenemos teneis tienen tenga tengas tengamos tengais tengan tendre
        tendras tendra tendremos tendreis tendran tendria tendrias tendriamos tendriais tendrian tenia tenias
        teniamos teniais tenian tuve tuviste tuvo tuvimos tuvisteis tuvieron tuviera tuvieras tuvieramos
        tuvierais tuvieran tuviese tuvieses tuviesemos tuvieseis tuviesen teniendo tenido tenida tenidos tenidas
        tened asi aun cada cual cuales cuyo cuya dicho dicha dichos dichas mediante segun tras via sino pues
        aqui alli ahi
        """
    )
)

_WORD = re.compile(r"[^\W_]+(?:[-/.'][^\W_]+)*")
_JOINERS = re.compile(r"[-/.']")
TERM_SPACE = 1 << 32  # sparse indices are unsigned 32-bit in Qdrant


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("spanish")


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    return fold_keep_enye(word)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _fold(_stemmer().stemWord(word.lower()))


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_terms(word: str) -> list[str]:
    """Terms of one plain word: its stem, and for an acronym or a code with digits also its folded form."""
    folded = _fold(word)
    if folded in STOP_WORDS:
        return []
    if any(c.isdigit() for c in word):
        return [folded]
    stem = _stem(word)
    if _is_acronym(word) and stem != folded:
        return [folded, stem]
    if len(stem) < 2:
        return []
    return [stem]


def analyze(text: str) -> list[str]:
    """The terms of `text` in order (repeated terms repeat)."""
    terms: list[str] = []
    for match in _WORD.finditer(unicodedata.normalize("NFC", text)):
        token = match.group()
        if not _JOINERS.search(token):
            terms.extend(_word_terms(token))
            continue
        # A code or compound: the whole, then its parts, so "JD-XI-1" matches "JD-XI-1" and "JD XI".
        terms.append(_fold(token))
        for part in _JOINERS.split(token):
            if len(part) >= 2:
                terms.extend(_word_terms(part))
    return terms


def term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


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
        counts = Counter(term_id(t) for t in analyze(text))
        length = sum(counts.values())
        norm = self.k1 * (1 - self.b + self.b * length / self.avg_length)
        items = sorted(counts.items())
        return SparseVector(
            [i for i, _ in items], [round(tf * (self.k1 + 1) / (tf + norm), 4) for _, tf in items]
        )

    def encode_query(self, text: str) -> SparseVector:
        ids = sorted({term_id(t) for t in analyze(text)})
        return SparseVector(ids, [1.0] * len(ids))
