"""A document's regions before any tagging: preamble, agenda, attendance, one body region per agenda item,
dispositive points, closing and signatures.

Read from the layout minutes share across countries: an "Orden del día" followed by numbered entries
(1., 1º)-, I.-), items of the session opened by the same numbering or by "PRIMER PUNTO.-" / "PUNTO SEGUNDO",
dispositive points "PRIMERO.- … SEGUNDO.- … ÚNICO.-" after "ACUERDA:" / "RESUELVE:", an attendance roll
("lista de asistencia", "Concejales presentes:"), a closing formula ("no habiendo más asuntos…") and the
signatures after it. A document without any of these (a news report, a letter) is a preamble and one body.
"""

from __future__ import annotations

import re

from ingest.extract.normalize import squash
from ingest.extract.schema import Region
from ingest.lang.es.formulas import ATTENDANCE_CUE, CLOSING_FORMULA, DECISION, SIGNATURE_CUE
from ingest.lang.es.numbers import ORDINAL_PREFIX, ordinal_value, roman_value

# "PRIMER PUNTO.-", "PUNTO SEGUNDO:", "Punto 3.-", "PUNTO NÚMERO CUATRO": opening a line, or anywhere when
# written in capitals (parsers join the lines of OCR text)
_PUNTO_WORDS = (
    rf"(?:(?P<ow>{ORDINAL_PREFIX}\w*)\s+PUNTO|PUNTO\s+(?:N[UÚ]MERO\s+|N[º°o]\.?\s*)?(?P<pw>\w+))"
    r"\s*(?:DEL\s+ORDEN\s+DEL\s+D[IÍ]A\s*)?"
)
_PUNTO = re.compile(rf"(?im)^[ \t>*#=\-]*{_PUNTO_WORDS}[.:\-–—)]+")
_PUNTO_CAPS = re.compile(
    rf"(?<![\w])(?=[A-ZÁÉÍÓÚ]{{4,}}\s+PUNTO|PUNTO\s)(?i:{_PUNTO_WORDS.replace('PUNTO', '(?-i:PUNTO)')})"
    r"(?:\.\s*-|[.:]\s*-?|[\-–—]\s)"
)
# "1.-", "2.1º)-", "3)", "IV.", "V.-" opening a line, followed by text
_NUMBERED = re.compile(
    r"(?m)^[ \t>*]*(?P<n>\d{1,2}(?:\.\d{1,2})?|[IVXL]{1,6})\s*[º°o]?\s*(?:[.)]\s*-?|\.?-|\.?–|\))[ \t]*(?=[^\s\d])"
)
# "PRIMERO.-", "SEGUNDO:", "ÚNICO.-", "Primera.", the points of a resolution
_POINT = re.compile(
    rf"(?m)^[ \t>*]*(?P<w>(?:{ORDINAL_PREFIX})[OA]|[ÚU]NIC[OA]|D[ÉE]CIM[OA]\s*\w+)\s*(?:\.\s*-|[.:\-–—])\s*(?=\S)",
    re.I,
)
_DISPOSITIVE_LEAD = re.compile(
    r"(?im)^[^\n]{0,160}?(?<![\w])(?:acuerd[ao]s?|se\s+acuerda|resuelve|resolutivos?|a\s*c\s*u\s*e\s*r\s*d\s*[ao]|"
    r"r\s*e\s*s\s*u\s*e\s*l\s*v\s*e)\s*[:.\-]*\s*$"
)
_AGENDA_LABEL = re.compile(
    r"(?im)^[^\n]{0,40}\borden\s+del\s+d[ií]a\b(?:[^\n]{0,40}$|[\s:.\-–=]*(?=(?:\d{1,2}|[IVXL]{1,5})\s*[º°]?[.)\-–]))"
)


_POINT_CAPS = re.compile(
    rf"(?<![\w])(?P<w>(?i:{ORDINAL_PREFIX})[OA]|[ÚU]NIC[OA])\s*(?:\.\s*-|:\s*-|\.\s*–)\s*(?=\S)"
)


def strip_marker(text: str) -> str:
    """The text of an item without its opening marker ("CUARTO PUNTO.- …", "3.- …")."""
    for pattern in (_PUNTO, _PUNTO_CAPS, _NUMBERED, _POINT):
        m = pattern.match(text)
        if m:
            return text[m.end() :].lstrip(" .-–—:")
    return text


def _number(marker: str) -> float | None:
    m = re.match(r"(\d{1,2})(?:\.(\d{1,2}))?", marker)
    if m:
        return int(m.group(1)) + (int(m.group(2)) / 100 if m.group(2) else 0)
    return roman_value(marker)


def _items(clean: str) -> list[tuple[int, int, str, str]]:
    """(start, end of marker, label, style) of every item marker, in order."""
    out = []
    seen: set[int] = set()
    for m in [*_PUNTO.finditer(clean), *_PUNTO_CAPS.finditer(clean)]:
        if any(abs(m.end() - x) < 3 for x in seen):
            continue
        seen.add(m.end())
        word = m.group("ow") or m.group("pw") or ""
        value = ordinal_value([word]) if not word.isdigit() else int(word)
        at = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t>*#=-"))
        out.append((at, m.end(), f"punto {value or word.lower()}", "punto"))
    for m in _NUMBERED.finditer(clean):
        if any(s <= m.start() < e for s, e, *_ in out):
            continue
        out.append((m.start(), m.end(), m.group("n"), "number"))
    out.sort()
    return out


def segment(clean: str) -> list[Region]:
    """The regions of a document (see the module docstring), each with its span in the text."""
    n = len(clean)
    regions: list[Region] = []
    items = _items(clean)
    closing = _closing_start(clean)
    if closing is not None:
        # the closing opens at its own item marker when one sits between the sentence start and the formula
        inside = [it for it in items if closing[0] <= it[0] < closing[1]]
        closing = inside[-1][0] if inside else closing[0]
    limit = closing if closing is not None else n
    items = [it for it in items if it[0] < limit]

    agenda = _AGENDA_LABEL.search(clean, 0, limit)
    body_items = items
    if agenda:
        after = [it for it in items if it[0] >= agenda.end()]
        run_end = None
        prev = None
        for i, (s, _e, label, style) in enumerate(after):
            value = _number(label) if style == "number" else None
            restart = style == "punto" or (prev is not None and value is not None and value <= prev and i > 0)
            # where the agenda's own entries carry what was decided (a Spanish pleno's minutes), they are the
            # body's items, not an announced agenda
            nxt = after[i + 1][0] if i + 1 < len(after) else limit
            restart = restart or bool(DECISION.search(clean, s, nxt))
            if restart:
                run_end = s
                break
            prev = value if value is not None else prev
        if after:
            agenda_end = run_end if run_end is not None else limit
            regions.append(Region("agenda", agenda.start(), agenda_end, "orden del día"))
            body_items = [it for it in items if it[0] >= agenda_end]
    first = min([r.start for r in regions] + [it[0] for it in body_items] + [limit])
    if first == limit and not regions:
        # no agenda and no items (a report, a letter): the first paragraph is the preamble
        para = re.search(r"\S[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*", clean)
        first = min(para.end(), limit) if para else limit
    if first > 0:
        regions.insert(0, Region("preamble", 0, first))
    for i, (s, _e, label, _style) in enumerate(body_items):
        end = body_items[i + 1][0] if i + 1 < len(body_items) else limit
        regions.append(Region("item", s, end, label))
    if not body_items and (not regions or regions[-1].end < limit):
        start = regions[-1].end if regions else 0
        if limit > start and clean[start:limit].strip():
            regions.append(Region("body", start, limit))
    regions += _dispositive(clean, limit)
    regions += _attendance(clean, regions)
    if closing is not None:
        sig = SIGNATURE_CUE.search(clean, closing)
        if sig:
            regions.append(Region("closing", closing, sig.start()))
            regions.append(Region("signatures", sig.start(), n))
        else:
            regions.append(Region("closing", closing, n))
    regions.sort(key=lambda r: (r.start, -r.end))
    return [r for r in regions if r.end > r.start]


def _closing_start(clean: str) -> tuple[int, int] | None:
    """(start of the sentence, start of the formula) of the closing, if the document has one in its last part."""
    found = None
    for m in CLOSING_FORMULA.finditer(clean):
        if m.start() >= len(clean) * 0.3:
            found = m
            break
    if not found:
        return None
    line_start = clean.rfind("\n", 0, found.start()) + 1
    sent = max(clean.rfind(". ", line_start, found.start()) + 2, line_start)
    return sent, found.start()


def _dispositive(clean: str, limit: int) -> list[Region]:
    """Points of a resolution: a run of PRIMERO.- SEGUNDO.- … (or a single ÚNICO.-)."""
    found = [*_POINT.finditer(clean, 0, limit), *_POINT_CAPS.finditer(clean, 0, limit)]
    points = sorted({m.start(): m for m in found}.values(), key=lambda m: m.start())
    out: list[Region] = []
    runs: list[list[re.Match]] = []
    for m in points:
        word = m.group("w").split()[0]
        if re.match(r"(?i)[úu]nic", word) or re.match(r"(?i)primer", word) or not runs:
            runs.append([m])
        else:
            runs[-1].append(m)
    for run in runs:
        if len(run) == 1 and not re.match(r"(?i)[úu]nic|primer", run[0].group("w")):
            continue
        lead = None
        for lm in _DISPOSITIVE_LEAD.finditer(clean, max(0, run[0].start() - 400), run[0].start()):
            lead = lm
        if lead is None:
            continue  # points without "ACUERDA:" / "RESUELVE:" are the bases of a call or a list, not decisions
        start = lead.start()
        end = limit
        # a run ends at a blank-line paragraph that is not a point, or at the next item marker
        tail = re.search(r"\n[ \t]*\n(?![ \t>*]*(?:\w+)\s*[.:\-–])", clean[run[-1].end() : limit])
        if tail:
            end = run[-1].end() + tail.start()
        out.append(Region("dispositive", start, end, squash(lead.group(0)).strip(" :.-").split()[-1].lower()))
        for i, m in enumerate(run):
            p_end = run[i + 1].start() if i + 1 < len(run) else end
            out.append(Region("point", m.start(), p_end, m.group("w").lower()))
    return out


def _attendance(clean: str, regions: list[Region]) -> list[Region]:
    """The roll call: from its cue to the end of the item that holds it, or of its paragraph (of the list under
    it, when the cue is a heading such as "Asistentes:"). A cue in the agenda only announces the roll."""
    out: list[Region] = []
    starts = sorted(r.start for r in regions)
    for m in ATTENDANCE_CUE.finditer(clean):
        if any(r.kind == "agenda" and r.start <= m.start() < r.end for r in regions):
            continue
        if any(r.start <= m.start() < r.end for r in out):
            continue
        holder = [r for r in regions if r.kind == "item" and r.start <= m.start() < r.end]
        if holder:
            end = holder[0].end
        else:
            nxt = next((x for x in starts if x > m.start()), len(clean))
            end = min(nxt, m.start() + 3000)
            # a paragraph after the cue that reads as prose (mostly small letters) is no longer the roll
            for para in re.finditer(r"\n[ \t]*\n[ \t]*(?P<p>[^\n]+)", clean[m.end() : end]):
                if _is_prose(para.group("p")):
                    end = m.end() + para.start()
                    break
        out.append(Region("attendance", m.start(), end))
    return out


def _is_prose(text: str) -> bool:
    words = [w for w in text.split() if w.lower() not in {"de", "del", "la", "las", "los", "y", "e"}]
    capitalised = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 6 and capitalised < 0.5 * len(words)


def region_at(regions: list[Region], pos: int, kinds: tuple[str, ...] | None = None) -> Region | None:
    """The innermost region holding `pos` (of one of `kinds`, if given)."""
    best = None
    for r in regions:
        inside = r.start <= pos < r.end and (kinds is None or r.kind in kinds)
        if inside and (best is None or r.end - r.start < best.end - best.start):
            best = r
    return best


def boundaries(regions: list[Region]) -> list[int]:
    """Offsets where a region starts: sentences never run across them."""
    return sorted({r.start for r in regions} | {r.end for r in regions})
