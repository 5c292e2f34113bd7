"""Honorifics written before (or after) a name: academic, professional and courtesy titles."""

from __future__ import annotations

from models.text import fold

# Honorifics as written before a name. Longest first so that "C.P." wins over "C.".
HONORIFICS = [
    "Arq.", "Arqa.", "Lic.", "Licda.", "Licdo.", "Mtro.", "Mtra.", "Maestro", "Maestra", "Mag.", "M.A.",
    "Dr.", "Dra.", "Ing.", "Inga.", "C.P.", "C.P.C.", "CP.", "IQA.", "I.Q.A.", "Q.F.B.", "QFB.", "MVZ.", "M.V.Z.",
    "Prof.", "Profa.", "Profr.", "Profra.", "Psic.", "Act.", "Sr.", "Sra.", "Srta.", "D.", "Dña.", "Dª", "Don", "Doña",
    "C.", "CC.", "C.C.", "M.E.", "M.C.", "M.I.", "M.Sc.", "L.R.N.", "L.A.E.", "L.C.P.", "T.S.", "Mtro", "Mtra", "Lic",
    "Arq", "Ing", "Dr", "Dra", "C.P.N.", "Cr.", "Cra.", "Agrim.", "Escr.", "Quím.", "Q.", "Biól.", "Geóg.", "Econ.",
    "Antrop.", "Abog.", "Enf.", "Téc.", "Srita.", "Ec.", "Dip.",
]
HONORIFICS = sorted(set(HONORIFICS), key=len, reverse=True)

# Offices written before a name like a title ("Regidora Ana Ruiz", "Síndico Luis Paz").
OFFICE_TITLES = ("Regidor", "Regidora", "Síndico", "Síndica", "Presidente", "Presidenta", "Concejal", "Concejala")

# Every honorific and office title as one folded word without dots ("C.P." -> "cp", "Síndica" -> "sindica"):
# the words a name key drops from its start.
HONORIFIC_WORDS = frozenset(fold(h).replace(".", "") for h in (*HONORIFICS, *OFFICE_TITLES))

# Words that honour a body rather than name it ("H. Cabildo", "Honorable Ayuntamiento").
BODY_HONORIFICS = frozenset({"h.", "h", "honorable"})

# Titles that say the person is a woman (folded), for choosing "Regidora" or "Regidor" from a heading.
FEMININE_HONORIFICS = {
    "licda.", "lcda.", "dra.", "mtra.", "mtra", "profra.", "profa.", "sra.", "srta.", "arqa.", "inga.", "dna.", "da",
    "dona", "maestra", "doctora", "licenciada", "ingeniera", "arquitecta", "senora", "c.p.a.",
}
