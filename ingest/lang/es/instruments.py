"""Head nouns of named instruments: plans, programs, regulations, laws, as they open an instrument's name."""

from __future__ import annotations

import re

# Single head nouns that may stand before an acronym ("Plan TRC 2040", "Programa PMMA"), folded.
PROGRAM_HEAD_NOUNS = frozenset(["plan", "programa", "proyecto", "sistema", "reglamento", "estrategia", "agenda"])

# Heads a document uses for the same instrument ("Plan de Infraestructura Verde", "Programa de Infraestructura
# Verde", "Proyecto de Política Industrial"), folded.
INTERCHANGEABLE_HEADS = frozenset(["plan", "programa", "proyecto"])

# Heads in the plural: a name opening so ("Programas Parciales de …") names a kind, a group of instruments.
PLURAL_HEADS = re.compile(r"(?:Programas|Planes|Proyectos|Reglamentos|Sistemas|Estudios|Manuales)(?![\w-])")

# Legal instruments: cited as the basis of an act more often than worked on.
LEGAL_HEADS = re.compile(r"(?i)(?:ley|constituci[oó]n|c[oó]digo|reglamento|bando|ordenanza|estatuto|norma)")
# Of those, the ones above a municipality: a law, a constitution, a code.
STATE_LAW_HEADS = re.compile(r"(?i)(?:ley|constituci|c[oó]digo)")

# Adjectives that, alone after a head ("Plan Director", "Plan Estratégico", "Programa Sectorial"), name a kind
# of instrument, not one instrument.
KIND_ADJECTIVES = frozenset([
    "director", "maestro", "estrategico", "sectorial", "parcial", "general", "integral", "municipal", "nacional",
    "estatal", "rector", "especial", "regional", "operativo", "anual", "institucional", "metropolitano",
])
