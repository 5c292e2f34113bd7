"""Hostile and garbage files the tests write themselves (issue 12's audit), each with the words its refusal
or its warning must contain. Sizes are scaled down: the tests lower the limits to match."""

from __future__ import annotations

import io
import zipfile
import zlib

from bench.synthetic import pdf_file
from tests.samples import docx_bytes, pdf_bytes

# The limits the hostile tests run under (ACERVO_MAX_EXPANDED_MB, ACERVO_MAX_TEXT_CHARS, ACERVO_FILE_TIMEOUT_S).
MAX_EXPANDED_MB = 20
MAX_TEXT_CHARS = 50_000
FILE_TIMEOUT_S = 2.0

MAIL = b"""Return-Path: <prensa@implan.example>
Received: from mail.implan.example by mx.example; Tue, 5 Mar 2024 10:00:00 -0600
From: Prensa IMPLAN <prensa@implan.example>
To: archivo@implan.example
Subject: Acta de la sesion
Message-ID: <1234@implan.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Adjunto el acta de la sesion ordinaria del Consejo Directivo.
"""

SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text x="10" y="20">Plano del centro
historico de la ciudad</text></svg>
"""

XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<predios><predio clave="01-002"><uso>habitacional</uso><superficie>120 metros</superficie></predio></predios>
"""

RAW_PDF_SYNTAX = b"""1 0 obj
<< /Type /Catalog /Pages 2 0 R >>
endobj
2 0 obj
<< /Type /Pages /Kids [] /Count 0 >>
endobj
trailer << /Root 1 0 R >>
"""

MIXED_ENCODINGS = (
    "Acta de la Sesión Ordinaria del Consejo Directivo\n".encode()
    + "Se aprobó el programa anual de obras del año 2024.\n".encode("cp1252")
    + "Participó la Arq. Lucía Fernández Ortega, presidenta.\n".encode()
)

MOJIBAKE = "Acta de la Sesión Ordinaria del Consejo de Planeación del año 2024\n".encode().decode("cp1252").encode()


def prefixed_pdf(prefix_bytes: int) -> bytes:
    """A good PDF with other content before its header (a gateway's banner, a stray line)."""
    banner = (b"X-Scanner: digitalizado por la oficialia de partes\r\n" * 100)[:prefix_bytes]
    return banner + pdf_bytes([["Informe del Consejo de Participación sobre el Mercado Hidalgo."]])


def docx_bomb(megabytes: int) -> bytes:
    """A real Word document carrying a member that inflates to `megabytes` MB of zeros."""
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/relleno.bin", bytes(megabytes * 1024 * 1024))
    return buffer.getvalue()


def pdf_bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` MB (spaces, then one line of text)."""
    content = b" " * (megabytes * 1024 * 1024) + b"\nBT /F1 12 Tf 72 720 Td (Acta de sesion inflada) Tj ET"
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects)


def slow_pdf(pages: int = 80) -> bytes:
    """A valid PDF long enough that reading it takes longer than FILE_TIMEOUT_S: every page is the same
    dense sheet of small print (pdfium reads ordinary pages in milliseconds), sharing one content stream."""
    words = ("informe", "avance", "programa", "anual", "consejo", "obra")
    rows = [" ".join(words[(row + k) % 6] for k in range(30)).encode() for row in range(320)]
    lines = [b"BT /F1 1 Tf 20 %g Td (%s) Tj ET" % (780 - 2.4 * number, row) for number, row in enumerate(rows)]
    content = zlib.compress(b"\n".join(lines))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(content)).encode() + b" /Filter /FlateDecode >>\nstream\n" + content + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 3 0 R >> >> >>"
    )
    objects += [page] * pages
    kids = b" ".join(f"{number} 0 R".encode() for number in range(5, 5 + pages))
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>"
    return pdf_file(objects)


def long_text(chars: int = MAX_TEXT_CHARS + 10_000) -> bytes:
    """Distinct lines (repeated ones would be dropped as running headers)."""
    lines, size, number = [], 0, 0
    while size < chars:
        number += 1
        line = f"{number}. El Consejo Directivo revisó el avance {number} del Programa de Desarrollo Urbano.\n"
        lines.append(line)
        size += len(line)
    return "".join(lines).encode()


def collapsing_html() -> bytes:
    """A page whose 100 KB are empty elements around one sentence."""
    return (
        b"<html><body>" + b"<div><span></span></div>" * 5000
        + "<p>Aviso de la sesión extraordinaria del Consejo.</p>".encode() + b"</body></html>"
    )


def hostile_documents() -> dict[str, tuple[bytes, str]]:
    """File name -> (bytes, words the refusal must contain). The names hold rich markup on purpose."""
    return {
        "correo.eml": (MAIL, "e-mail message"),
        "dibujo.svg": (SVG, "SVG image"),
        "datos.xml": (XML, "XML data"),
        "sintaxis-pdf.txt": (RAW_PDF_SYNTAX, "raw PDF syntax"),
        "un-byte.txt": (b"x", "almost no text"),
        "prefijo-largo.pdf": (prefixed_pdf(4000), "before the PDF header"),
        "bomba.docx": (docx_bomb(MAX_EXPANDED_MB + 10), f"expands beyond {MAX_EXPANDED_MB} MB"),
        "bomba.pdf": (pdf_bomb(MAX_EXPANDED_MB + 10), f"expands beyond {MAX_EXPANDED_MB} MB"),
        "muy-largo.txt": (long_text(), f"limit {MAX_TEXT_CHARS}"),
        "anidado.html": (b"<div>" * 200_000 + "Acta de la sesión del consejo".encode(), "nested more than"),
        "[bold]acta [link]2024.txt": (b"\x00\x01\x02" * 100, "binary file"),
    }


def odd_but_good_documents() -> dict[str, tuple[bytes, str]]:
    """Files that are stored, with the text they must hold (decoded right) or the warning they carry."""
    return {
        "prefijo-corto.pdf": (prefixed_pdf(200), "Mercado Hidalgo"),
        "mezcla.txt": (MIXED_ENCODINGS, "Se aprobó el programa anual de obras del año 2024"),
        "mojibake.txt": (MOJIBAKE, "Sesión Ordinaria del Consejo de Planeación del año"),
        "colapso.html": (collapsing_html(), "collapses"),
    }
