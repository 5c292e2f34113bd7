"""Normalised keys that make one person or one program the same row across documents."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lowercase, without accents or punctuation, single-spaced."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def person_key(name: str) -> str:
    return fold(name)


def program_key(name: str) -> str:
    return fold(name)
