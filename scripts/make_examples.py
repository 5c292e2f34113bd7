"""Write the PDF and DOCX examples (run once; the outputs are committed in examples/)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def informe_pdf(path: Path) -> None:
    styles = getSampleStyleSheet()
    story = [
        Paragraph("Informe Anual de Actividades 2023", styles["Title"]),
        Paragraph("Instituto Municipal de Planeación de Santa Lucía del Valle", styles["Heading2"]),
        Paragraph(
            "Durante 2023 el Instituto concluyó el Atlas de Riesgos Naturales, actualizó el Sistema Municipal de "
            "Indicadores y acompañó al Cabildo en la revisión del Reglamento de Construcción.",
            styles["Normal"],
        ),
        Paragraph(
            "La sequía del verano obligó a priorizar los estudios de abastecimiento de agua potable en las colonias "
            "del oriente, con recorridos de campo entre el 3 de julio y el 18 de agosto de 2023.",
            styles["Normal"],
        ),
        PageBreak(),
        Paragraph("Avance de proyectos", styles["Heading2"]),
    ]
    table = Table(
        [
            ["Proyecto", "Etapa", "Avance"],
            ["Atlas de Riesgos Naturales", "Evaluación", "100%"],
            ["Programa Parcial de Movilidad del Centro", "Planeación", "10%"],
            ["Sistema Municipal de Indicadores", "Ejecución", "70%"],
        ]
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=letter, title="Informe Anual 2023").build(story)


def convocatoria_docx(path: Path) -> None:
    doc = Document()
    doc.add_heading("Convocatoria a la Consulta Ciudadana sobre Agua", level=1)
    doc.add_paragraph(
        "El Instituto Municipal de Planeación de Santa Lucía del Valle convoca a vecinas, vecinos y organizaciones "
        "a participar en la consulta ciudadana sobre el abastecimiento de agua en las colonias del oriente."
    )
    doc.add_heading("Calendario", level=2)
    table = doc.add_table(rows=3, cols=2)
    for row, (event, when) in zip(
        table.rows, [("Etapa", "Fecha"), ("Registro de propuestas", "8 de abril de 2024"),
                     ("Foro público", "26 de abril de 2024")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = event, when
    doc.add_heading("Bases", level=2)
    for line in ("Podrá participar cualquier persona residente del municipio.",
                 "Las propuestas se entregan en línea o en las oficinas del Instituto."):
        doc.add_paragraph(line, style="List Bullet")
    doc.save(str(path))


if __name__ == "__main__":
    informe_pdf(EXAMPLES / "05_informe_anual_2023.pdf")
    convocatoria_docx(EXAMPLES / "06_convocatoria_consulta_agua_2024.docx")
