"""Word lists for Spanish (and some English) municipal documents: honorifics, offices, months, numerals.

These are lists of *forms* of the language (titles, office nouns, month names, ordinal words), never names of
particular people, places or documents.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase without accents (for lookups)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


# Honorifics as written before a name. Longest first so that "C.P." wins over "C.".
HONORIFICS = [
    "Arq.", "Arqa.", "Lic.", "Licda.", "Licdo.", "Mtro.", "Mtra.", "Maestro", "Maestra", "Mag.", "M.A.",
    "Dr.", "Dra.", "Ing.", "Inga.", "C.P.", "C.P.C.", "CP.", "IQA.", "I.Q.A.", "Q.F.B.", "QFB.", "MVZ.", "M.V.Z.",
    "Prof.", "Profa.", "Profr.", "Profra.", "Psic.", "Act.", "Sr.", "Sra.", "Srta.", "D.", "Dña.", "Dª", "Don", "Doña",
    "C.", "M.E.", "M.C.", "M.I.", "M.Sc.", "L.R.N.", "L.A.E.", "L.C.P.", "T.S.", "Mtro", "Mtra", "Lic", "Arq",
    "Ing", "Dr", "Dra", "Quím.", "Q.", "Biól.", "Geóg.", "Econ.", "Antrop.", "Abog.", "Enf.", "Téc.",
]
HONORIFICS = sorted(set(HONORIFICS), key=len, reverse=True)

# Office / role nouns (singular forms, folded). Plural forms are derived.
ROLE_NOUNS = {
    # Spanish
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
    "ejecutiva", "dir", "coord", "pdte", "secr",
    # English (international guests)
    "architect", "advisor", "adviser", "sociologist", "officer", "leader", "manager", "mayor", "councillor",
    "councilor", "professor", "researcher", "consultant", "coordinator", "head", "chief", "planner", "expert",
    "specialist", "president", "chair", "minister", "engineer", "economist", "analyst", "deputy",
}
ENGLISH_ROLE_NOUNS = {
    "architect", "advisor", "adviser", "sociologist", "officer", "leader", "manager", "mayor", "councillor",
    "councilor", "professor", "researcher", "consultant", "coordinator", "head", "chief", "planner", "expert",
    "specialist", "president", "chair", "minister", "engineer", "economist", "analyst", "deputy",
}
# Words that may precede an office noun inside a role ("Ex Director", "Segunda Regidora", "nuevo Director").
ROLE_PREFIXES = {
    "ex", "actual", "nuevo", "nueva", "primer", "primera", "segundo", "segunda", "tercer", "tercero", "tercera",
    "cuarto", "cuarta", "quinto", "quinta", "sexto", "sexta", "septimo", "septima", "octavo", "octava", "noveno",
    "novena", "decimo", "decima", "onceavo", "onceava", "doceavo", "doceava", "sub", "vice", "gran", "el", "la",
    "su", "sus", "los", "las", "del",
}


def singular_role(word: str) -> str | None:
    """The singular office noun for `word` (folded), or None if it is not an office noun."""
    w = fold(word).strip(".")
    if w in ROLE_NOUNS:
        return w
    for suffix in ("es", "s"):
        if w.endswith(suffix) and w[: -len(suffix)] in ROLE_NOUNS:
            return w[: -len(suffix)]
    return None


def singularize_as_written(word: str) -> str:
    """'Arquitectos' -> 'Arquitecto', 'profesores' -> 'profesor' (keeps case and accents)."""
    w = fold(word)
    if w in ROLE_NOUNS:
        return word
    for suffix in ("es", "s"):
        if w.endswith(suffix) and w[: -len(suffix)] in ROLE_NOUNS:
            return word[: -len(suffix)]
    return word


# Particles that may sit inside a person's name.
NAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "van", "von", "di", "e"}

# Capitalised words that start sentences or headings but are not names.
NOT_NAME_WORDS = {
    fold(w)
    for w in [
        "El", "La", "Los", "Las", "Un", "Una", "En", "Con", "Por", "Para", "Del", "Al", "Se", "Su", "Sus", "Este",
        "Esta", "Estos", "Estas", "Ese", "Esa", "Durante", "Como", "Que", "Quien", "Quienes", "Además", "Asimismo",
        "También", "Finalmente", "Posteriormente", "Dicho", "Dicha", "Ante", "Bajo", "Sobre", "Entre", "Desde",
        "Hasta", "Sin", "Tras", "Mediante", "Según", "Hoy", "Ayer", "Mañana", "Lunes", "Martes", "Miércoles",
        "Jueves", "Viernes", "Sábado", "Domingo", "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio",
        "Agosto", "Septiembre", "Setiembre", "Octubre", "Noviembre", "Diciembre", "Instituto", "Municipal",
        "Municipio", "Consejo", "Directivo", "Dirección", "Secretaría", "Ayuntamiento", "Cabildo", "Comisión",
        "Comité", "Junta", "Gobierno", "Estado", "Plan", "Programa", "Proyecto", "Reglamento", "Ley", "Sistema",
        "Sesión", "Ordinaria", "Extraordinaria", "Universidad", "Coordinación", "General", "Departamento", "Centro",
        "Zona", "Metropolitana", "Nacional", "Federal", "Estatal", "Ciudad", "Torre", "Dirección", "Oficina",
        "Asociación", "Colegio", "Cámara", "Fundación", "Organización", "Agencia", "Programas", "Planes",
        "Proyectos", "Hora", "Fecha", "Lugar", "Orden", "Día", "Acuerdo", "Acuerdos", "Asuntos", "Punto", "Puntos",
        "Presentación", "Bienvenida", "Clausura", "Lista", "Acta", "Objetivo", "Resultados", "Temas", "Tema", "Nota",
        "Notas", "Mesa", "Taller", "Foro", "Consejeros", "Consejeras", "Regidores", "Directores", "Miembros",
        "Integrantes", "Participantes", "Asistentes", "Atentamente", "Moderated", "Thursday", "Monday", "Tuesday",
        "Wednesday", "Friday", "Saturday", "Sunday", "City", "Council", "Department", "Municipality", "Urban",
        "Planning", "Team", "The", "Of", "And", "Sra", "Sr", "Don", "Doña", "Señor", "Señora",
        "Licenciado", "Licenciada", "Ingeniero", "Ingeniera", "Arquitecto", "Arquitecta", "Doctor", "Doctora",
        "Maestro", "Maestra", "Ciudadano", "Ciudadana", "Presidente", "Presidenta", "Alcalde", "Alcaldesa",
        "Regidor", "Regidora", "Síndico", "Síndica", "Secretario", "Secretaria", "Director", "Directora",
        "Coordinador", "Coordinadora", "Consejero", "Consejera", "Titular", "Jefe", "Jefa",
    ]
}

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "ago": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dic": 12,
}
EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}

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
