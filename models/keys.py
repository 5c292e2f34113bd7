"""Normalised keys that make one person or one program the same row across documents."""

from __future__ import annotations

from models.text import fold_key

__all__ = ["person_key", "program_key"]


def person_key(name: str) -> str:
    return fold_key(name)


def program_key(name: str) -> str:
    return fold_key(name)
