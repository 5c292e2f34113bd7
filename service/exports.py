"""Spreadsheet exports that open right in Excel and LibreOffice: UTF-8 with a byte-order mark (so Excel on
Spanish Windows reads the accents), Spanish headers, "sí"/"no", ISO dates (2024-03-15), and a link to each
row's page in the staff interface. Comma-separated in the Excel dialect (Mexico's list separator)."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from urllib.parse import urlencode

BOM = "\ufeff"
CSV_MEDIA = "text/csv; charset=utf-8"


def cell(value) -> str:
    """One value as a spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return "; ".join(cell(v) for v in value)
    return str(value)


def to_csv(columns: Sequence[tuple[str, str]], rows: Iterable[dict]) -> str:
    """`columns` are (key, Spanish header); each row a dict by key. The text starts with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow([header for _, header in columns])
    for row in rows:
        writer.writerow([cell(row.get(key)) for key, _ in columns])
    return BOM + buffer.getvalue()


def page_link(base: str, route: str, params: dict | None = None) -> str:
    """The staff page's address for a route ("documento/12"), absolute when `base` is known."""
    query = urlencode({k: v for k, v in (params or {}).items() if v not in (None, "")})
    return f"{base.rstrip('/')}/#/{route}" + (f"?{query}" if query else "")


_MARK = re.compile(r"</?mark>")


def plain_snippet(marked: str) -> str:
    """A search snippet without its <mark> tags and HTML escapes."""
    return html.unescape(_MARK.sub("", marked or ""))


AGREEMENT_COLUMNS = (
    ("id", "N.º"),
    ("code", "Clave"),
    ("institution", "Institución"),
    ("body", "Órgano"),
    ("text", "Acuerdo"),
    ("responsible", "Responsable"),
    ("due", "Plazo"),
    ("status", "Estado"),
    ("status_text", "Estado como se escribió"),
    ("status_note", "Nota del personal"),
    ("progress", "Avance (%)"),
    ("origin_date", "Fecha de la sesión de origen"),
    ("origin_file", "Documento de origen"),
    ("first_date", "Primera mención"),
    ("last_date", "Última mención"),
    ("events", "Menciones"),
    ("overdue", "Vencido"),
    ("quiet", "Sin seguimiento"),
    ("confirmed", "Confirmado por el personal"),
    ("link", "Enlace"),
)

SEARCH_COLUMNS = (
    ("rank", "Posición"),
    ("file_name", "Archivo"),
    ("title", "Título"),
    ("doc_type", "Tipo"),
    ("date", "Fecha"),
    ("institution", "Institución"),
    ("body", "Órgano"),
    ("page", "Página"),
    ("section", "Sección"),
    ("snippet", "Fragmento"),
    ("score", "Puntuación"),
    ("link", "Enlace"),
)

PEOPLE_COLUMNS = (
    ("id", "N.º"),
    ("name", "Nombre"),
    ("aliases", "Otras formas escritas"),
    ("sessions", "Sesiones"),
    ("first", "Primera sesión"),
    ("last", "Última sesión"),
    ("confirmed", "Confirmada por el personal"),
    ("link", "Enlace"),
)

PROGRAM_COLUMNS = (
    ("id", "N.º"),
    ("name", "Nombre"),
    ("acronym", "Sigla"),
    ("institution", "Institución"),
    ("aliases", "Otros nombres"),
    ("mentions", "Menciones"),
    ("documents", "Documentos"),
    ("confirmed", "Confirmado por el personal"),
    ("link", "Enlace"),
)


def agreement_csv(rows: list[dict], base: str) -> str:
    """The tracker's rows (service.agreements.find_agreements) as a spreadsheet."""
    out = []
    for row in rows:
        origin = row.get("origin") or {}
        out.append({**row, "origin_date": origin.get("date"), "origin_file": origin.get("file_name"),
                    "link": page_link(base, f"acuerdo/{row['id']}")})
    return to_csv(AGREEMENT_COLUMNS, out)
