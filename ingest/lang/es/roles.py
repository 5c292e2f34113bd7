"""Office and role nouns, the words that may precede them, and their singular forms."""

from __future__ import annotations

import re
from functools import lru_cache

from models.text import fold

# Office / role nouns (singular forms, folded). Plural forms are derived.
SPANISH_ROLE_NOUNS = {
    "director", "directora", "subdirector", "subdirectora", "coordinador", "coordinadora", "presidente",
    "presidenta", "vicepresidente", "vicepresidenta", "secretario", "secretaria", "subsecretario", "subsecretaria",
    "tesorero", "tesorera", "regidor", "regidora", "sindico", "sindica", "consejero", "consejera", "alcalde",
    "alcaldesa", "gobernador", "gobernadora", "diputado", "diputada", "senador", "senadora", "titular", "jefe",
    "jefa", "encargado", "encargada", "asesor", "asesora", "consultor", "consultora", "profesor", "profesora",
    "investigador", "investigadora", "rector", "rectora", "vocal", "comisario", "comisaria", "contralor",
    "contralora", "delegado", "delegada", "representante", "gerente", "administrador", "administradora",
    "analista", "coordinadores", "curador", "curadora", "historiador", "historiadora", "arquitecto", "arquitecta",
    "ingeniero", "ingeniera", "abogado", "abogada", "arborista", "ambientalista", "urbanista", "economista",
    "sociologo", "sociologa", "especialista", "experto", "experta", "academico", "academica", "fundador",
    "fundadora", "consul", "embajador", "embajadora", "ministro", "ministra", "moderador",
    "moderadora", "ponente", "integrante", "miembro", "enlace", "notario", "notaria", "auditor", "auditora",
    "supervisor", "supervisora", "promotor", "promotora", "facilitador", "facilitadora", "relator", "relatora",
    "quimico", "quimica", "medico", "medica", "maestro", "maestra", "licenciado", "licenciada", "ejecutivo",
    "ejecutiva", "concejal", "concejala", "edil", "intendente", "interventor",
    "interventora", "agrimensor", "agrimensora", "personero", "personera", "defensor", "defensora", "magistrado",
    "magistrada", "teniente", "funcionario", "funcionaria",
}
# Offices written short, with a full stop ("Dir. de Obras", "Coord. Jurídico", "Srio. del Ayuntamiento").
OFFICE_ABBREVIATIONS = {"dir", "subdir", "coord", "pdte", "pdta", "secr", "srio", "sria", "gte"}
SPANISH_ROLE_NOUNS |= OFFICE_ABBREVIATIONS
ENGLISH_ROLE_NOUNS = {
    "architect", "advisor", "adviser", "sociologist", "officer", "leader", "manager", "mayor", "councillor",
    "councilor", "professor", "researcher", "consultant", "coordinator", "head", "chief", "planner", "expert",
    "specialist", "president", "chair", "minister", "engineer", "economist", "analyst", "deputy",
}
ROLE_NOUNS = SPANISH_ROLE_NOUNS | ENGLISH_ROLE_NOUNS
# Words that may precede an office noun inside a role ("Ex Director", "Segunda Regidora", "nuevo Director").
ROLE_PREFIXES = {
    "ex", "actual", "nuevo", "nueva", "primer", "primera", "segundo", "segunda", "tercer", "tercero", "tercera",
    "cuarto", "cuarta", "quinto", "quinta", "sexto", "sexta", "septimo", "septima", "octavo", "octava", "noveno",
    "novena", "decimo", "decima", "onceavo", "onceava", "doceavo", "doceava", "sub", "vice", "gran", "el", "la",
    "su", "sus", "los", "las", "del",
}


@lru_cache(maxsize=1 << 16)  # asked of every word of a document, by several finders
def singular_role(word: str) -> str | None:
    """The singular office noun for `word` (folded), or None if it is not an office noun. "Secretaría" (with
    its accent) is the department, not the person who heads it."""
    if re.search(r"r[íÍ]as?\.?$", word):
        return None
    w = fold(word).strip(".")
    if w in ROLE_NOUNS:
        return w
    for suffix in ("es", "s"):
        if w.endswith(suffix) and w[: -len(suffix)] in ROLE_NOUNS:
            return w[: -len(suffix)]
    return None


def is_abbreviated_office(word: str) -> bool:
    """'Dir', 'Coord', 'Pdte' (before their full stop): an office noun cut short, whose full stop ends no
    sentence."""
    return fold(word).strip(".") in OFFICE_ABBREVIATIONS


def singularize_as_written(word: str) -> str:
    """'Arquitectos' -> 'Arquitecto', 'profesores' -> 'profesor' (keeps case and accents)."""
    w = fold(word)
    if w in ROLE_NOUNS:
        return word
    for suffix in ("es", "s"):
        if w.endswith(suffix) and w[: -len(suffix)] in ROLE_NOUNS:
            return word[: -len(suffix)]
    return word


# Adjectives that qualify an office ("Ex Director", "nuevo Secretario") and the stems of ordinal ones
# ("Segunda Regidora", "Décimo Regidor").
ROLE_QUALIFIERS = {"ex", "actual", "nuevo", "nueva"}
ORDINAL_STEMS = r"(?:primer|segund|tercer|cuart|quint|sext|s[eé]ptim|octav|noven|d[eé]cim|onceav|doceav)"


def is_role_qualifier(word: str) -> bool:
    """'Ex', 'nueva', 'Segunda', 'Décimo': words that may open an office before its noun."""
    return fold(word) in ROLE_QUALIFIERS or bool(re.match(rf"(?i){ORDINAL_STEMS}", word))


# Labels that introduce who signed or drew up a document ("Elaboró:", "Revisó:", "Vo. Bo.:").
SIGNATURE_LABELS = {"elaboro", "reviso", "autorizo", "aprobo", "valido", "vo", "vobo", "transcribio"}


def feminine_role(noun: str) -> str:
    """'Regidor' -> 'Regidora', 'Síndico' -> 'Síndica', 'Secretario' -> 'Secretaria'; others unchanged."""
    f = fold(noun)
    if f.endswith("or") and f + "a" in ROLE_NOUNS:
        return noun + "a"
    if f.endswith("o") and f[:-1] + "a" in ROLE_NOUNS:
        return noun[:-1] + "a"
    return noun
