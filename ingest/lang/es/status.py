"""How follow-up statuses of agreements are written: the words a status line opens with, and status columns."""

from __future__ import annotations

# A line that opens with one of these is a status ("Cumplido.", "En proceso de licitación").
STATUS_OPENING = (
    r"^(?:cumplid[oa]s?|concluid[oa]s?|atendid[oa]s?|realizad[oa]s?|terminad[oa]s?|finalizad[oa]s?|"
    r"cancelad[oa]s?|suspendid[oa]s?|vigentes?|pendientes?|no\s+cumplid[oa]s?|parcialmente\b|sin\s+avances?|"
    r"en\s+(?:proceso|tr[áa]mite|seguimiento|revisi[oó]n|ejecuci[oó]n|curso|espera))\b"
)
# Header words (folded prefixes) of a status column in a follow-up table.
STATUS_COLUMNS = ("estatus", "status", "estado", "seguimiento", "avance", "situacion", "cumplimiento", "observacion")
