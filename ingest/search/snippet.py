"""Snippets: the part of a passage where the query's words are, with those words marked.

Marked words are wrapped in `<mark>…</mark>` and the rest of the snippet is
HTML-escaped, so a page can show the snippet as it is and a terminal can turn
the marks into colour. Words match by the same analyzer as the keyword
index, so "convenios" in a query marks "Convenio" in the text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ingest.lang.es.months import MONTH_NAMES
from ingest.search.sparse import analyze

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
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return ""
    found = [_terms_in(t.group(), content) if content else frozenset() for t in tokens]
    start = _best_window(found, words)
    end = min(len(tokens), start + words)
    parts = []
    for token in tokens[start:end]:
        word = token.group()
        parts.append(_mark(word, wanted) if wanted and _matches(word, wanted) else html.escape(word))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + " ".join(parts) + suffix


@lru_cache(maxsize=1)
def _month_terms() -> frozenset[str]:
    return frozenset(term for name in MONTH_NAMES for term in analyze(name))


def is_date_term(term: str) -> bool:
    """A year, a day or a month: words a dateline holds whatever the document is about."""
    return term.isdigit() or term in _month_terms()


def _terms_in(token: str, wanted: set[str]) -> frozenset[str]:
    """The query terms one token matches."""
    out: set[str] = set()
    for match in _WORD.finditer(token):
        terms = analyze(match.group())
        if terms and _JOINED.search(match.group()):
            terms = terms[:1]  # a code matches as a whole
        out.update(t for t in terms if t in wanted)
    return frozenset(out)


def _word_matches(word: str, wanted: set[str]) -> bool:
    terms = analyze(word)
    # A code ("JD-XI-2") matches as a whole: sharing "jd" and "xi" with the query's "JD-XI-1" is not a match.
    if terms and _JOINED.search(word):
        return terms[0] in wanted
    return bool(set(terms) & wanted)


def _matches(token: str, wanted: set[str]) -> bool:
    return any(_word_matches(m.group(), wanted) for m in _WORD.finditer(token))


def _mark(token: str, wanted: set[str]) -> str:
    """The token escaped, with its matching word (not its punctuation) inside the mark."""
    out, position = [], 0
    for match in _WORD.finditer(token):
        out.append(html.escape(token[position : match.start()]))
        word = html.escape(match.group())
        out.append(f"{MARK_OPEN}{word}{MARK_CLOSE}" if _word_matches(match.group(), wanted) else word)
        position = match.end()
    out.append(html.escape(token[position:]))
    return "".join(out)


def _best_window(found: list[frozenset[str]], size: int) -> int:
    """Start of the window of `size` tokens with the most distinct query terms (then the most matches),
    opening a few words before its first match."""
    if len(found) <= size or not any(found):
        return 0
    best_key, best_start = (-1, -1), 0
    for start in range(0, len(found) - size + 1):
        window = found[start : start + size]
        if not window[0]:
            continue  # a best window can always start on a match
        key = (len(frozenset().union(*window)), sum(1 for f in window if f))
        if key > best_key:
            best_key, best_start = key, start
    return max(0, min(best_start - 5, len(found) - size))
