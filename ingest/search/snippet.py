"""Snippets: the part of a passage where the query's words are, with those words marked.

Marked words are wrapped in `<mark>…</mark>` and the rest of the snippet is
HTML-escaped, so a page can show the snippet as it is and a terminal can turn
the marks into colour. Words match by the same analyzer as the keyword
index, so "convenios" in a query marks "Convenio" in the text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ingest.lang.es.months import MONTH_NAMES
from ingest.search.sparse import analyze, token_terms

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+(?:[-/.'][^\W_]+)*")
_JOINED = re.compile(r"[-/.']")


def snippet(text: str, query: str, *, words: int = 40) -> str:
    """About `words` words of `text` where most of the query's distinct content words are, every query word
    in it marked, HTML-escaped. Dates in the query (years, days, months) are marked but do not choose the
    place, unless the query is only a date: a year matched in a dateline says nothing about the topic."""
    wanted = set(analyze(query))
    content = {t for t in wanted if not is_date_term(t)} or wanted
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", text))
    if not tokens:
        return ""
    terms = [_token_terms(token) for token in tokens]
    found = {i: held for i, of_token in enumerate(terms) if (held := of_token & content)}
    start = _best_window(found, len(tokens), words)
    end = min(len(tokens), start + words)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + _shown(tokens, terms, start, end, wanted) + suffix


def _shown(tokens: list[str], terms: list[frozenset[str]], start: int, end: int, wanted: set[str]) -> str:
    """Tokens start..end joined by spaces, escaped, matching words marked. Runs of tokens without a match
    are escaped in one call: most of a snippet is such runs, and escaping token by token was most of its
    cost."""
    out: list[str] = []
    plain: list[str] = []
    for i in range(start, end):
        if not wanted.isdisjoint(terms[i]):
            if plain:
                out.append(html.escape(" ".join(plain)))
                plain = []
            out.append(_mark(tokens[i], _token_words(tokens[i]), wanted))
        else:
            plain.append(tokens[i])
    if plain:
        out.append(html.escape(" ".join(plain)))
    return " ".join(out)


@lru_cache(maxsize=1)
def _month_terms() -> frozenset[str]:
    return frozenset(term for name in MONTH_NAMES for term in analyze(name))


def is_date_term(term: str) -> bool:
    """A year, a day or a month: words a dateline holds whatever the document is about."""
    return term.isdigit() or term in _month_terms()


@lru_cache(maxsize=100_000)
def _token_terms(token: str) -> frozenset[str]:
    """Every term a whitespace token matches by, whichever of its words holds it."""
    return frozenset(term for *_, terms in _token_words(token) for term in terms)


@lru_cache(maxsize=100_000)
def _token_words(token: str) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """Each word of a whitespace token: where it is in the token and the terms it matches by. A code
    ("JD-XI-2") matches as a whole: sharing "jd" and "xi" with the query's "JD-XI-1" is not a match."""
    out = []
    for match in _WORD.finditer(token):
        terms = token_terms(match.group())
        out.append((match.start(), match.end(), terms[:1] if _JOINED.search(match.group()) else terms))
    return tuple(out)


def _mark(token: str, words: tuple[tuple[int, int, tuple[str, ...]], ...], wanted: set[str]) -> str:
    """The token escaped, with its matching words (not its punctuation) inside marks."""
    out, position = [], 0
    for start, end, terms in words:
        out.append(html.escape(token[position:start]))
        word = html.escape(token[start:end])
        out.append(f"{MARK_OPEN}{word}{MARK_CLOSE}" if wanted.intersection(terms) else word)
        position = end
    out.append(html.escape(token[position:]))
    return "".join(out)


LEAD = 5  # words shown before a window's first match, so the match is read in its sentence


def _best_window(found: dict[int, frozenset[str]], length: int, size: int) -> int:
    """Start of the window of `size` of `length` tokens with the most distinct query terms (then the most
    matching tokens); `found` holds the query terms of each token that has any, by position. Only windows
    opening on a match (or ending with the text) can be best, so only those are weighed; the one shown
    opens up to `LEAD` words earlier, as long as that cuts off none of the matches it was chosen for."""
    if length <= size or not found:
        return 0
    positions = sorted(found)
    held: Counter[str] = Counter()  # the terms of the window being weighed, with repeats
    best_key, best_start, best_last = (-1, -1), 0, 0
    entered = left = 0  # positions[left:entered] are the matches inside the window
    for first in positions:
        start = min(first, length - size)
        while entered < len(positions) and positions[entered] < start + size:
            held.update(found[positions[entered]])
            entered += 1
        while positions[left] < start:
            held.subtract(found[positions[left]])
            left += 1
        key = (sum(1 for n in held.values() if n > 0), entered - left)
        if key > best_key:
            best_key, best_start, best_last = key, start, positions[entered - 1]
    return max(0, best_last - size + 1, best_start - LEAD)
