"""Documents the tests write themselves: Spanish minutes in every format, and broken files."""

from __future__ import annotations

import io
import zipfile

ACTA_MD = """# Acta de la Tercera Sesión Ordinaria 2024

**Junta de Gobierno del Instituto Municipal de Planeación de Valle Alto**

Fecha: 5 de marzo de 2024

Lugar: Sala de Juntas del Instituto

| Nombre | Cargo |
|---|---|
| Arq. Lucía Fernández Ortega | Presidenta |
| Lic. Ramón Iturbide Salas | Secretario Técnico |

## Acuerdos

1. Se aprueba por unanimidad el Programa Parcial de Movilidad del Centro.
"""

AGENDA_HTML = """<!doctype html><html lang="es"><head><title>Orden del día</title>
<script>var tracking = "NO-DEBE-APARECER";</script><style>.x{}</style></head>
<body><nav class="menu"><ul><li><a href="/">Inicio</a></li><li>Menú principal</li></ul></nav>
<div class="slider carousel"><p>Diapositiva promocional</p></div>
<main><h1>Orden del día de la Cuarta Sesión Ordinaria</h1>
<p>Consejo Consultivo de Planeación, 12 de abril de 2024.</p>
<ol><li>Pase de lista.</li><li>Aprobación del orden del día.</li></ol>
<table><tr><th>Acuerdo</th><th>Estatus</th></tr>
<tr><td>CC-III-1. Publicar el informe trimestral.</td><td>Cumplido</td></tr></table>
</main><footer>Derechos reservados</footer></body></html>
"""

COMUNICADO_CP1252 = (
    "Comunicado de prensa\n\n"
    "El Instituto presentó el diagnóstico de movilidad peatonal; la sesión acordó "
    "publicarlo el próximo año. Participó el Ing. Tomás Añorve Peña.\n"
).encode("cp1252")


def pdf_bytes(pages: list[list[str]], *, table: list[list[str]] | None = None) -> bytes:
    """A PDF with a paragraph per string, one list per page, and an optional table on the last page."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()
    story: list = []
    for number, paragraphs in enumerate(pages):
        if number:
            story.append(PageBreak())
        story.extend(Paragraph(p, styles["Normal"]) for p in paragraphs)
    if table:
        story.append(Table(table))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter).build(story)
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("clave-usuario", ownerPassword="clave-dueño", canPrint=0)
    pdf = canvas.Canvas(buffer, encrypt=enc)
    pdf.drawString(72, 720, "Acta reservada de la sesión")
    pdf.save()
    return buffer.getvalue()


def scanned_pdf_bytes() -> bytes:
    """A PDF whose only page is an image: what a scanner produces."""
    from tests.ingest.parse.factories import image_pdf

    return image_pdf(pages=1)


def docx_bytes() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("Minuta de la Primera Sesión Extraordinaria", level=1)
    doc.add_paragraph("En la Sala de Cabildo, siendo las 10:15 horas del 8 de mayo de 2024, inició la sesión.")
    doc.add_paragraph("Revisión del plan de trabajo anual.", style="List Number")
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Nombre"
    table.rows[0].cells[1].text = "Cargo"
    table.rows[1].cells[0].text = "Mtra. Elena Quiroga Paz"
    table.rows[1].cells[1].text = "Directora General"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("datos.csv", "a,b\n1,2\n")
    return buffer.getvalue()


def good_documents() -> dict[str, bytes]:
    return {
        "acta.md": ACTA_MD.encode(),
        "agenda.html": AGENDA_HTML.encode(),
        "comunicado.txt": COMUNICADO_CP1252,
        "informe.pdf": pdf_bytes(
            [["Informe anual de actividades 2023"], ["Se concluyó el Atlas de Riesgos el 30 de junio de 2023."]],
            table=[["Proyecto", "Avance"], ["Atlas de Riesgos", "100%"]],
        ),
        "minuta.docx": docx_bytes(),
    }


def bad_documents() -> dict[str, bytes]:
    """Each of these must fail with its own reason, and never stop a batch."""
    good_pdf = pdf_bytes([["Acta de sesión con texto suficiente para ser un PDF real."]])
    return {
        "vacio.txt": b"",
        "binario.dat": bytes(range(256)) * 8,
        "truncado.pdf": good_pdf[: len(good_pdf) // 3],
        "cifrado.pdf": encrypted_pdf_bytes(),
        "escaneado.pdf": scanned_pdf_bytes(),
        "archivo.zip": zip_bytes(),
    }
