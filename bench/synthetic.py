"""Synthetic Spanish actas for the benches: a municipal-planning vocabulary, passages built from it, and
actas (headings, agenda, discussion, an agreements table) written as Markdown files.

Shared by bench_search, bench_embed and bench_pdf, so that each measures the same kind of text; `pdf_file`
assembles the PDFs the benches and the tests write by hand.
"""

from __future__ import annotations

import io
import random
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    "consejo directivo sesión ordinaria extraordinaria acuerdo convenio colaboración instituto municipal "
    "planeación competitividad movilidad activa peatonal ciclovía transporte público agua potable "
    "acuífero arsénico drenaje reglamento desarrollo urbano construcción zonificación densidad vivienda "
    "infonavit catastro predial presupuesto programa anual indicadores evaluación diagnóstico cabildo "
    "regidores comisión hacienda obras públicas parque espacio público seguridad vial cruces banquetas "
    "alumbrado residuos reciclaje calidad aire cambio climático riesgos atlas protección civil inundación "
    "cultura educación salud empleo industria comercio turismo centro histórico metropolitano laguna "
    "torreón gómez palacio lerdo matamoros presidente secretario técnico director consejeros ciudadanos "
    "universidades cámara empresarial propuesta aprobación unanimidad seguimiento cumplimiento informe "
    "trimestral plataforma datos abiertos transparencia"
)
BODIES = ["Consejo Directivo", "Junta Directiva", "H. Cabildo", "Comisión de Hacienda"]
INSTITUTIONS = ["IMPLAN Torreón", "IMPLAN Chihuahua", "IMPLAN Guanajuato", "IMPLAN Querétaro", "IMPLAN León"]

def passage(rng: random.Random, words: int = 60) -> str:
    out = []
    for _ in range(words // 12):
        sentence = " ".join(rng.choice(WORDS) for _ in range(12))
        out.append(sentence[0].upper() + sentence[1:] + ".")
    if rng.random() < 0.1:
        out.append(f"Acuerdo JD-{rng.choice(['VIII', 'IX', 'X', 'XI'])}-{rng.randint(1, 9)}.")
    return " ".join(out)


ACTA = """# Acta de la {ordinal} Sesión Ordinaria de {year}

**{body} del {institution}**

Fecha: {day} de {month} de {year}. Lugar: Sala de Juntas del Instituto.

## Orden del día

1. Pase de lista y declaración de quórum.
2. {topic_a}.
3. {topic_b}.
4. Asuntos generales.

## Desarrollo de la sesión

1. Pase de lista y declaración de quórum. {p1}

2. {topic_a}. {p2}

{p3}

3. {topic_b}. {p4}

4. Asuntos generales. {p5}

## Acuerdos

| Acuerdo | Responsable | Estatus |
|---|---|---|
| JD-{roman}-1. {a1} | Dirección General | En proceso |
| JD-{roman}-2. {a2} | Secretaría Técnica | Cumplido |
"""
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
ORDINALS = ("Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima", "Octava", "Novena", "Décima")



# Words per part of an acta: a full one (some pages of discussion), and a short one of two or three passages.
FULL = {"p1": 36, "p2": 180, "p3": 150, "p4": 200, "p5": 60, "topic": 12, "agreement": 24}
SHORT = {"p1": 12, "p2": 36, "p3": 24, "p4": 36, "p5": 12, "topic": 12, "agreement": 12}


def acta(rng: random.Random, i: int, lengths: dict[str, int], first_year: int, years: int, bodies: int) -> str:
    """The `i`-th acta in Markdown, its parts `lengths` words long."""
    year = first_year + i % years
    return ACTA.format(
        ordinal=ORDINALS[i % 10],
        year=year,
        body=BODIES[i % bodies],
        institution=INSTITUTIONS[i % len(INSTITUTIONS)].replace("IMPLAN ", "Instituto Municipal de Planeación de "),
        day=1 + i % 28,
        month=MONTHS[i % 12],
        topic_a=passage(rng, lengths["topic"]).rstrip("."),
        topic_b=passage(rng, lengths["topic"]).rstrip("."),
        p1=passage(rng, lengths["p1"]),
        p2=passage(rng, lengths["p2"]),
        p3=passage(rng, lengths["p3"]),
        p4=passage(rng, lengths["p4"]),
        p5=passage(rng, lengths["p5"]),
        roman=["VIII", "IX", "X", "XI"][i % 4],
        a1=passage(rng, lengths["agreement"]),
        a2=passage(rng, lengths["agreement"]),
    )


def write_actas(folder: Path, count: int) -> None:
    """`count` full actas (a few pages each) as acta-NNN.md."""
    rng = random.Random(11)
    for i in range(count):
        (folder / f"acta-{i:03d}.md").write_text(acta(rng, i, FULL, 2015, 10, 2), encoding="utf-8")


def write_short_actas(folder: Path, count: int) -> None:
    """Actas of a few hundred words (two or three passages each), so that a thousand ingest in minutes."""
    rng = random.Random(13)
    for i in range(count):
        (folder / f"acta-{i:04d}.md").write_text(acta(rng, i, SHORT, 2010, 15, 2), encoding="utf-8")


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (numbered from 1; the first is the catalogue): header, cross-reference
    table and trailer written around them."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
