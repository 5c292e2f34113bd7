"""Snippets: the part of a passage where the query's words are, with those words marked.

Marked words are wrapped in `<mark>…</mark>` and the rest of the snippet is
HTML-escaped, so a page can show the snippet as it is and a terminal can turn
the marks into colour. Words match by the same analyzer as the keyword
index, so "convenios" in a query marks "Convenio" in the text.
"""

from __future__ import annotations

import html
import re

from ingest.search.sparse import analyze

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+(?:[-/.'][^\W_]+)*")
_JOINED = re.compile(r"[-/.']")


def snippet(text: str, query: str, *, words: int = 40) -> str:
    """About `words` words of `text` around the densest run of query words, marked and HTML-escaped."""
    wanted = set(analyze(query))
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return ""
    hits = [bool(wanted) and _matches(t.group(), wanted) for t in tokens]
    start = _best_window(hits, words)
    end = min(len(tokens), start + words)
    parts = []
    for token, hit in zip(tokens[start:end], hits[start:end], strict=True):
        parts.append(_mark(token.group(), wanted) if hit else html.escape(token.group()))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + " ".join(parts) + suffix


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


def _best_window(hits: list[bool], size: int) -> int:
    """Start of the window of `size` tokens with the most hits, opening a few words before its first hit."""
    if len(hits) <= size or not any(hits):
        return 0
    count = sum(hits[:size])
    best, best_start = count, 0
    for start in range(1, len(hits) - size + 1):
        count += hits[start + size - 1] - hits[start - 1]
        if count > best:
            best, best_start = count, start
    first_hit = next(i for i in range(best_start, best_start + size) if hits[i])
    return max(0, min(first_hit - 5, len(hits) - size))
