"""Accent folding: the same as NFKD without combining marks, on invented text of two conventions."""

from __future__ import annotations

import unicodedata

import pytest

from models.text import fold, fold_key, strip_accents


def nfkd_stripped(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@pytest.mark.parametrize("text", [
    "Acta de la Sesión Ordinaria del H. Ayuntamiento de Peñón Blanco, Coahuila; Regidora Begoña Güemes.",
    "Pleno del Ayuntamiento de Cañete: la Concejala Dña. Ángela Muñoz Íñiguez votó en contra; 1ª. lectura.",
    "ﬁnanzas ½ Ⅳ x\u0303 n\u0303 ÆØÅ façade ß € 🏛",  # compatibility forms, stray marks, letters without marks
])
def test_strip_accents_is_nfkd_without_marks(text: str) -> None:
    assert strip_accents(text) == nfkd_stripped(text)
    assert strip_accents(text) == strip_accents(text)  # the second time from the table


def test_folds_of_both_conventions() -> None:
    assert fold("Peñón Álvarez") == "penon alvarez"
    assert fold("Íñiguez, Concejal") == "iniguez, concejal"
    assert fold_key("  Comisión  de Obras–Públicas. ") == "comision de obras publicas"
