"""Cardinal and ordinal number words, and their values ('décima segunda' -> 12, 'dos mil veintiuno' -> 2021)."""

from __future__ import annotations

from models.text import fold

UNITS = {
    "cero": 0, "un": 1, "uno": 1, "una": 1, "primero": 1, "primer": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
    "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintiun": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30,
    "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
}
HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
    "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
}

# Ordinal words (folded) -> value. Compound forms ("décima segunda") are combined by `ordinal_value`.
ORDINAL_UNITS = {
    "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3, "tercero": 3, "tercera": 3,
    "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5, "sexto": 6, "sexta": 6, "septimo": 7, "septima": 7,
    "setimo": 7, "setima": 7, "octavo": 8, "octava": 8, "noveno": 9, "novena": 9,
}
ORDINAL_TENS = {
    "decimo": 10, "decima": 10, "vigesimo": 20, "vigesima": 20, "trigesimo": 30, "trigesima": 30,
    "cuadragesimo": 40, "cuadragesima": 40, "quincuagesimo": 50, "quincuagesima": 50,
}
ORDINAL_SPECIAL = {
    "undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12, "onceavo": 11, "onceava": 11,
    "doceavo": 12, "doceava": 12, "treceavo": 13, "treceava": 13, "catorceavo": 14, "catorceava": 14,
    "quinceavo": 15, "quinceava": 15,
}
for _tens_word, _tens in list(ORDINAL_TENS.items()):
    for _unit_word, _unit in ORDINAL_UNITS.items():
        ORDINAL_SPECIAL[_tens_word + _unit_word] = _tens + _unit  # "decimosegunda", "vigesimoprimera"

ORDINAL_WORDS = set(ORDINAL_UNITS) | set(ORDINAL_TENS) | set(ORDINAL_SPECIAL)


def ordinal_value(words: list[str]) -> int | None:
    """['décima', 'segunda'] -> 12; ['vigésimo', 'primera'] -> 21; ['quinta'] -> 5."""
    ws = [fold(w) for w in words if w]
    if not ws:
        return None
    if len(ws) == 1:
        w = ws[0]
        return ORDINAL_UNITS.get(w) or ORDINAL_TENS.get(w) or ORDINAL_SPECIAL.get(w)
    if len(ws) == 2 and ws[0] in ORDINAL_TENS and ws[1] in ORDINAL_UNITS:
        return ORDINAL_TENS[ws[0]] + ORDINAL_UNITS[ws[1]]
    return None


def cardinal_value(text: str) -> int | None:
    """Spanish number words up to the thousands: 'seis' -> 6, 'treinta y uno' -> 31, 'dos mil veintiuno' -> 2021."""
    ws = [w for w in fold(text).replace("-", " ").split() if w != "y"]
    if not ws:
        return None
    total, current = 0, 0
    seen = False
    for w in ws:
        if w in UNITS:
            current += UNITS[w]
        elif w in HUNDREDS:
            current += HUNDREDS[w]
        elif w == "mil":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


# The stems of ordinal words, for patterns ("PRIMER PUNTO", "Segunda Sesión", "DÉCIMO").
ORDINAL_PREFIX = r"(?:primer|segund|tercer|cuart|quint|sext|s[eé]ptim|octav|noven|d[eé]cim|und[eé]cim|duod[eé]cim)"
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(text: str) -> int | None:
    """'IV' -> 4, 'xii' -> 12; None when `text` is not a Roman numeral."""
    t = text.lower()
    if not t or any(c not in _ROMAN for c in t):
        return None
    total = 0
    for i, c in enumerate(t):
        v = _ROMAN[c]
        total += -v if i + 1 < len(t) and _ROMAN[t[i + 1]] > v else v
    return total
