"""How alike two agreements are worded, and agreement ids normalised for matching.

Wording is compared on content stems (the search analyzer's Spanish stems without stop words or the
vocabulary every agreement shares, such as "acuerdo" or "aprobar"), as the Dice coefficient of the two
sets: a follow-up table usually repeats the agreement in fewer or rearranged words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.search.sparse import analyze

# Stems of words that any agreement may carry, whatever it is about.
_GENERIC = frozenset(
    [
        "acuerd",
        "aprob",
        "aprueb",
        "autoriz",
        "sesion",
        "ordinari",
        "extraordinari",
        "junt",
        "direct",
        "consej",
        "integr",
        "present",
        "punt",
        "orden",
        "dia",
        "ser",
        "realiz",
        "part",
        "mism",
        "dich",
        "propi",
    ]
)


@lru_cache(maxsize=50_000)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(t for t in analyze(text) if t not in _GENERIC and not t.isdigit() and len(t) > 2)


def wording_similarity(a: str, b: str) -> float:
    """Dice coefficient of the content stems, 0 to 1."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return 0.0
    return round(2 * len(sa & sb) / (len(sa) + len(sb)), 3)


def shared_stems(a: str, b: str) -> int:
    return len(content_stems(a) & content_stems(b))


def code_key(code: str | None) -> str | None:
    """ "JD-XI-1", "jd/xi/1" and "JD – XI – 1" are one id; a bare number ("3") is not an id across sessions."""
    if not code:
        return None
    key = re.sub(r"\s*[-/–—_.]\s*", "-", code.strip().upper())
    key = re.sub(r"\s+", "", key).strip("-")
    if "-" not in key or not re.search(r"[A-Z0-9]", key):
        return None
    return key[:64]
