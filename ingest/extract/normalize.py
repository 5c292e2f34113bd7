"""Text views for the rules: markup blanked out without moving any offset, and small string helpers.

`clean_text` replaces HTML tags, markdown emphasis, heading marks, link targets and entities by spaces of the
same length, so every offset found in the clean text is an offset into the document text.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TAG = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[a-zA-Z/!][^<>]*>", re.S | re.I)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK_TARGET = re.compile(r"(?<=\])\([^)\s]*\)")
_MD_LINK_BRACKETS = re.compile(r"\[(?=[^\]]*\]\s)|(?<=[^\s\[])\](?=\s)")
_ENTITY = re.compile(r"&(?:nbsp|amp|quot|lt|gt|#\d+);?", re.I)
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`")
_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}")
_URL = re.compile(r"https?://\S+|www\.\S+|\b\S+@\S+\.\w+")
_RULE = re.compile(r"(?m)^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n\t]", " ", match.group(0))


def _blank_tag(match: re.Match) -> str:
    """A tag becomes spaces; block-level tags keep a line break so cells and paragraphs stay apart."""
    tag = match.group(0)
    out = re.sub(r"[^\n\t]", " ", tag)
    if re.match(r"</?(p|br|div|li|tr|td|th|h\d|table|ul|ol|center|section|header)\b", tag, re.I) and len(out) > 0:
        out = "\n" + out[1:]
    return out


def clean_text(text: str) -> str:
    """The document text with markup blanked out, offsets unchanged."""
    out = _TAG.sub(_blank_tag, text)
    for pattern in (_MD_IMAGE, _MD_LINK_TARGET, _URL, _ENTITY, _RULE):
        out = pattern.sub(_blank, out)
    out = _MD_LINK_BRACKETS.sub(" ", out)
    out = _HEADING.sub(_blank, out)
    out = _EMPHASIS.sub(_blank, out)
    assert len(out) == len(text)
    return out


_OCR_I = re.compile(r"(?<=[A-ZÁÉÍÓÚ])[\[|](?=[A-ZÁÉÍÓÚ])")
_OCR_STRAY = re.compile(r"(?<=\s)[\[|](?=[A-ZÁÉÍÓÚ][a-záéíóú])")
_OCR_O = re.compile(r"(?<=[A-ZÁÉÍÓÚ])0(?=[A-ZÁÉÍÓÚ])")


def repair_ocr(text: str) -> str:
    """Same-length repairs of what OCR leaves inside words: 'SES[ON ORD|NARIA' -> 'SESION ORDINARIA',
    'APR0BACION' -> 'APROBACION', a stray '[' before a name -> ' '. Offsets do not move."""
    text = _OCR_I.sub("I", text)
    text = _OCR_O.sub("O", text)
    return _OCR_STRAY.sub(" ", text)


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, trimmed."""
    return " ".join(text.split())


def strip_punct(text: str, chars: str = " ,;:.-–—|*\"“”'‘’()[]") -> str:
    return text.strip(chars + "\n\t")


def balance_parens(text: str) -> str:
    """Drop a trailing unmatched '(' part or add nothing: keeps '(IURC Latin America)' whole."""
    if text.count("(") > text.count(")"):
        idx = text.rfind("(")
        if ")" not in text[idx:]:
            return text[:idx].rstrip()
    if text.count(")") > text.count("("):
        text = text.rstrip(")").rstrip()
    return text


_SENT_END = re.compile(
    r"[.!?…]+[\"”’)]*(?=\s+[\"“¿¡(]?[A-ZÁÉÍÓÚÑ0-9])|\n\s*\n(?![ \t]*[a-záéíóúñ])|\n(?=\s*(?:[-*•]|\d+[.)-])\s)|"
    # a connector that opens a sentence ends the one before it, whatever noise OCR left between them
    r"\.(?=[^.]{0,16}\b(?:Acto\s+seguido|A\s+continuaci[oó]n|Acto\s+continuo|Seguidamente|Posteriormente)\b)"
)
# "N?" / "N*" is an OCR reading of "Nº", not the end of a question
_OCR_NUMERO = re.compile(r"\bN\s?$")
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:[A-Z]|[A-Z]\.[A-Z]|Arq|Lic|Licda|Mtro|Mtra|Dr|Dra|Ing|Sr|Sra|Srta|Prof|Profa|Mag|Dña|Av|Blvd|"
    r"Col|No|Núm|Num|núm|Art|art|Fracc|fracc|Gto|Coah|Dgo|Chih|Qro|Jal|Dir|dir|etc|Ma|Hnos|Cía|Gral|Lcda|IQA|"
    r"Q|C\.P|M\.E|M\.C|pp|p|a\.m|p\.m|[0-9]+[ªº°a]|[0-9]+(?:er|ra|do|da|to|ta|vo|va|mo|ma|no|na))|\b\d{1,2})$"
)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], not broken after honorifics ("Arq.") or ordinals ("11ª.")."""
    return list(_sentences(text, start, len(text) if end is None else end))


# Session, agreements and follow-ups each split the same clean text: split it once per document.
@lru_cache(maxsize=4)
def _sentences(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group(0)[:1] == "?" and _OCR_NUMERO.search(text[max(s, m.start() - 3) : m.start()]):
            continue
        if m.group(0)[:1] in ".!?…":
            before = text[max(s, m.start() - 12) : m.start()]
            if _NO_BREAK_BEFORE.search(before) and m.group(0) == ".":
                # an abbreviation or ordinal, unless a line break follows
                nxt = text[m.end() : m.end() + 3]
                if "\n" not in nxt:
                    continue
        e = m.end()
        if text[s:e].strip():
            spans.append((s, e))
        s = e
    if text[s:end].strip():
        spans.append((s, end))
    return tuple(spans)
