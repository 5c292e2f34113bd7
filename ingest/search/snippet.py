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
    parts = [_token_words(token) for token in tokens]
    found = [frozenset(t for *_, terms in words_ for t in terms if t in content) for words_ in parts]
    start = _best_window(found, words)
    end = min(len(tokens), start + words)
    shown = [_mark(tokens[i], parts[i], wanted) for i in range(start, end)]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + " ".join(shown) + suffix


@lru_cache(maxsize=1)
def _month_terms() -> frozenset[str]:
    return frozenset(term for name in MONTH_NAMES for term in analyze(name))


def is_date_term(term: str) -> bool:
    """A year, a day or a month: words a dateline holds whatever the document is about."""
    return term.isdigit() or term in _month_terms()


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
    if not any(wanted.intersection(terms) for *_, terms in words):
        return html.escape(token)
    out, position = [], 0
    for start, end, terms in words:
        out.append(html.escape(token[position:start]))
        word = html.escape(token[start:end])
        out.append(f"{MARK_OPEN}{word}{MARK_CLOSE}" if wanted.intersection(terms) else word)
        position = end
    out.append(html.escape(token[position:]))
    return "".join(out)


def _best_window(found: list[frozenset[str]], size: int) -> int:
    """Start of the window of `size` tokens with the most distinct query terms (then the most matches),
    opening a few words before its first match."""
    if len(found) <= size or not any(found):
        return 0
    held: Counter[str] = Counter()  # the terms of the window found[start : start + size], with repeats
    matches = 0
    for f in found[:size]:
        held.update(f)
        matches += bool(f)
    best_key, best_start = (-1, -1), 0
    for start in range(0, len(found) - size + 1):
        if start:
            leaving, entering = found[start - 1], found[start + size - 1]
            held.subtract(leaving)
            held.update(entering)
            matches += bool(entering) - bool(leaving)
        if not found[start]:
            continue  # a best window can always start on a match
        key = (sum(1 for n in held.values() if n > 0), matches)
        if key > best_key:
            best_key, best_start = key, start
    return max(0, min(best_start - 5, len(found) - size))
