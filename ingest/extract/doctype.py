"""Document type from the content: acta, orden_del_dia, informe, plan, comunicado, convocatoria, other."""

from __future__ import annotations

import re

_ACTA = re.compile(
    r"hora\s+de\s+(?:inicio|t[ée]rmino|cierre)|se\s+dio\s+por\s+(?:finalizada|concluida|terminada|clausurada)|"
    r"verificaci[oó]n\s+(?:de(?:l)?\s+)?qu[oó]rum|declaratoria\s+de\s+qu[oó]rum\s+legal\s+y|"
    r"se\s+levanta\s+la\s+(?:presente\s+)?(?:sesi[oó]n|acta)|(?<!del\s)\bacta\s+de\s+(?:la\s+)?sesi[oó]n|\bminuta\b|"
    r"firmando\s+(?:al\s+calce|los\s+que\s+en\s+ella\s+intervinieron)|sin\s+m[áa]s\s+asuntos\s+que\s+tratar",
    re.I,
)
# A document that names itself minutes in its opening words ("Acta de la Tercera Sesión Ordinaria",
# "Minuta de la reunión") is minutes, however short it is.
_ACTA_TITLE = re.compile(
    r"^\W*(?:acta|minuta)\s+(?:de\s+(?:la|el)\s+)?(?:[\wáéíóúñ.ª°]+\s+){0,4}(?:sesi[oó]n|reuni[oó]n|asamblea)\b",
    re.I,
)
_ORDEN = re.compile(r"\borden\s+del\s+d[ií]a\b", re.I)
_CONVOCATORIA = re.compile(r"\bconvocatoria\b|\bconvoca[n]?\b|\bbases\s+de\s+participaci[oó]n", re.I)
_INFORME = re.compile(
    r"\binforme\s+(?:anual|de\s+actividades|de\s+labores|trimestral|mensual|de\s+resultados|de\s+gesti[oó]n)|"
    r"\ben\s+este\s+a[ñn]o\s+se\s+trabaj[óo]|\bactividades\s+(?:realizadas|para\s+el\s+\d{4})|"
    r"\breporte\s+(?:anual|trimestral|de\s+avances)",
    re.I,
)
_PLAN = re.compile(
    r"\bl[ií]neas?\s+de\s+acci[oó]n\b|\bobjetivos?\s+estrat[ée]gicos?\b|\bvisi[oó]n\s+\d{4}\b|\bejes?\s+rectores?\b|"
    r"\bse\s+caracteriza\s+porque\b|\bmetas?\s+e\s+indicadores\b",
    re.I,
)
_DATELINE = re.compile(
    r"^[^\n]{0,60},\s*[A-ZÁÉÍÓÚ][\w.]*\s*(?:a|,)?\s*\d{1,2}\s+de\s+\w+\s+de[l]?\s+\d{4}", re.M
)
_SPEAKER = re.compile(r"(?m)^[ \t]*[-*•][ \t]+[A-ZÁÉÍÓÚ][^\n:]{1,40}:")
_NEWS = re.compile(
    r"\b(?:se\s+present[óo]|se\s+dio\s+a\s+conocer|se\s+inform[óo]|inform[óo]|durante\s+la|se\s+realiz[óo]|"
    r"llev[óo]\s+a\s+cabo|present[óo]|señal[óo]|destac[óo]|indic[óo]|coment[óo]|inform[a])\b",
    re.I,
)


def _opening(clean: str, n: int = 12) -> str:
    return " ".join(clean.split()[:n])


def classify(clean: str, speaker_count: int = 0) -> str:
    """The document's type; `speaker_count` is how many speaker labels ("Nombre: lo que dijo") it has."""
    words = len(clean.split())
    if _ACTA_TITLE.search(clean[:300]):
        return "acta"
    if words < 40:
        return "other"
    head = clean[:600]
    acta_hits = len(_ACTA.findall(clean))
    has_orden = bool(_ORDEN.search(clean))
    if _DATELINE.search(clean[:500]):
        if _CONVOCATORIA.search(_opening(clean)) and not _NEWS.search(_opening(clean, 30)):
            return "convocatoria"
        return "comunicado"
    if acta_hits >= 1 and (has_orden or acta_hits >= 2):
        return "acta"
    if speaker_count >= 4 or len(_SPEAKER.findall(clean)) >= 4 or acta_hits >= 1:
        return "acta"
    if has_orden:
        return "orden_del_dia"
    if _CONVOCATORIA.search(_opening(clean)):
        return "convocatoria"
    if _INFORME.search(head) or len(_INFORME.findall(clean)) >= 2:
        return "informe"
    if len(_PLAN.findall(clean)) >= 2 and not _NEWS.search(clean):
        return "plan"
    if _NEWS.search(clean) or words >= 80:
        return "comunicado"
    return "other"
