"""Files the parser tests build themselves: PDFs, Word documents, zips, all in memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from bench.synthetic import pdf_file
from ingest.parse.document import ParsedDocument


def assert_consistent(doc: ParsedDocument) -> None:
    """Every block's text sits at its offsets in the document text."""
    assert doc.blocks, "no blocks"
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
        assert block.text.strip()
        if block.kind == "table":
            assert block.rows
        if block.kind == "heading":
            assert block.level is not None and 1 <= block.level <= 6


def texts(doc: ParsedDocument, kind: str | None = None) -> list[str]:
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


def two_page_pdf() -> bytes:
    """A heading, paragraphs and a ruled table on page 1; a smaller heading and a paragraph on page 2."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story = [
        Paragraph("Acta de la Sesión Ordinaria", styles["Heading1"]),
        Paragraph(
            "En la ciudad de Torreón, siendo las diez horas del día doce de marzo de dos mil veinticuatro, "
            "se reunieron los integrantes de la Junta Directiva del Instituto Municipal de Planeación.",
            styles["BodyText"],
        ),
        Paragraph("Se aprobó el orden del día por unanimidad.", styles["BodyText"]),
        Table(
            [
                ["Acuerdo", "Estatus"],
                ["JD-1. Aprobar el acta anterior", "Cumplido"],
                ["JD-2. Revisar presupuesto", "En proceso"],
            ],
            style=grid,
        ),
        Paragraph("Texto posterior a la tabla de acuerdos.", styles["BodyText"]),
        PageBreak(),
        Paragraph("Asuntos generales", styles["Heading2"]),
        Paragraph("No hubo asuntos generales y se cerró la sesión.", styles["BodyText"]),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter).build(story)
    return buffer.getvalue()


def long_acta_pdf() -> bytes:
    """Several pages: a running header and page numbers, a bold lead heading, bullets, a table spanning pages."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()

    def margins(pdf, doc) -> None:
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, 760, "IMPLAN Torreón — Acta 03/2024")
        pdf.drawString(500, 30, f"Página {doc.page}")

    bullets = ListFlowable(
        [ListItem(Paragraph(t, styles["Normal"])) for t in ("Pase de lista.", "Lectura del acta anterior.")],
        bulletType="bullet",
    )
    rows = [["Acuerdo", "Responsable"]] + [[f"JD-{i}. Acuerdo número {i}", f"Área {i}"] for i in range(1, 81)]
    story = [
        Paragraph("<b>ORDEN DEL DÍA</b>", styles["Normal"]),
        bullets,
        Paragraph("Se desahogaron los puntos del orden del día conforme a lo previsto.", styles["Normal"]),
        Table(rows, style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]), repeatRows=1),
        Paragraph("Sin más asuntos se cerró la sesión.", styles["Normal"]),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter).build(story, onFirstPage=margins, onLaterPages=margins)
    return buffer.getvalue()


def two_column_pdf() -> bytes:
    """A full-width title over two columns of running text, as in a municipal gazette."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    styles = getSampleStyleSheet()
    width, height = letter
    column = (width - 144) / 2 - 10
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=letter)
    frames = [
        Frame(72, height - 140, width - 144, 60, id="title"),
        Frame(72, 72, column, height - 220, id="left"),
        Frame(72 + column + 20, 72, column, height - 220, id="right"),
    ]
    doc.addPageTemplates([PageTemplate(frames=frames)])
    story = [Paragraph("Gaceta Municipal: Acuerdos del Cabildo", styles["Title"]), FrameBreak()]
    story += [
        Paragraph(
            f"Artículo {i}. El Ayuntamiento aprueba el dictamen número {i} relativo al programa parcial "
            "de desarrollo urbano de la zona norte, con las observaciones de la comisión.",
            styles["Normal"],
        )
        for i in range(1, 9)
    ]
    doc.build(story)
    return buffer.getvalue()


def side_by_side_pdf(pairs: list[tuple[str, str]]) -> bytes:
    """Two texts per row at fixed x positions and no ruling: names beside positions in a minute."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for row, (left, right) in enumerate(pairs):
        pdf.drawString(72, 720 - 16 * row, left)
        pdf.drawString(330, 720 - 16 * row, right)
    pdf.save()
    return buffer.getvalue()


def tight_words_pdf(words: list[str], gap: float = 2.2) -> bytes:
    """Words drawn one by one with a narrow gap and no space characters, as TeX and some printers do."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    x = 72.0
    for word in words:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(x, 720, word)
        x += stringWidth(word, "Helvetica", 11) + gap
    pdf.save()
    return buffer.getvalue()


def canvas_pdf(pages: list[list[str]], *, footer: bool = False, encrypt: str | None = None) -> bytes:
    """One line of text per string, drawn down each page; optionally a 'Página N de M' footer."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    for number, lines in enumerate(pages, start=1):
        y = 720
        for line in lines:
            if line:
                pdf.setFont("Helvetica", 11)
                pdf.drawString(72, y, line)
            y -= 14
        if footer:
            pdf.setFont("Helvetica", 9)
            pdf.drawString(280, 30, f"Página {number} de {len(pages)}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_pdf(pages: int = 2, *, text_on_first: str | None = None) -> bytes:
    """Pages holding only an image, like a scanner's output (optionally with text on page 1)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.drawImage(ImageReader(io.BytesIO(tiny_png())), 72, 400, width=300, height=200)
        if number == 0 and text_on_first:
            pdf.drawString(72, 700, text_on_first)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def tiny_png() -> bytes:
    width = height = 8
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(build) -> bytes:
    """Build a Word document with `build(document)` and return its bytes."""
    from docx import Document

    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rasterise(pdf: bytes, dpi: int = 200, *, rotate: float = 0) -> list:
    """Each page of a PDF as a grey image, as a scanner would see it; `rotate` turns it counter-clockwise."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images = []
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if rotate:
            image = image.rotate(rotate, expand=True, fillcolor=255)
        images.append(image)
        page.close()
    document.close()
    return images


def scanned_pdf(images: list, dpi: int = 200) -> bytes:
    """An image-only PDF: one scanned picture per page and no text layer."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def image_file(images: list, fmt: str, dpi: int = 200) -> bytes:
    """The images as a PNG, JPEG or (multi-page) TIFF file."""
    buffer = io.BytesIO()
    if fmt == "TIFF":
        images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    else:
        images[0].save(buffer, fmt, dpi=(dpi, dpi))
    return buffer.getvalue()


def mixed_pdf(pages: list, dpi: int = 200) -> bytes:
    """Pages that are either text (a string, drawn as lines) or a scanned image filling the page,
    optionally with a scanner's stamp as its only text: `(image, "Digitalizado")`."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    width, height = letter
    for page in pages:
        if isinstance(page, str):
            pdf.setFont("Helvetica", 11)
            for row, line in enumerate(page.split("\n")):
                pdf.drawString(72, 720 - 14 * row, line)
        else:
            image, stamp = page if isinstance(page, tuple) else (page, None)
            png = io.BytesIO()
            image.save(png, "PNG")
            pdf.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=width, height=height)
            if stamp:
                pdf.setFont("Helvetica", 6)
                pdf.drawString(20, 12, stamp)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_text(x: float, y: float, text: str, size: float = 11, font: str = "F1") -> bytes:
    """A content-stream operation drawing `text` (WinAnsi) at (x, y); F1 Helvetica, F2 bold, F3 with /Differences."""
    data = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /%s %g Tf %g %g Td (%s) Tj ET" % (font.encode(), size, x, y, data)


def raw_pdf(
    pages: list[bytes],
    *,
    mediabox: tuple[float, float, float, float] = (0, 0, 612, 792),
    rotate: int = 0,
    forms: dict[str, tuple[bytes, tuple[float, ...]]] | None = None,
    differences: list[int | str] | None = None,
) -> bytes:
    """A PDF written object by object from its pages' content streams, for what reportlab does not write:
    a grid drawn as one path, form XObjects (`forms`: name -> content, matrix), a media box off the origin,
    a turned page, a font whose /Differences name glyphs ("f_i") that only some readers map."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]

    def font(base: bytes, encoding: bytes = b"/WinAnsiEncoding") -> bytes:
        return b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding %s >>" % (base, encoding)

    named = b" ".join(b"%d" % d if isinstance(d, int) else b"/" + d.encode() for d in differences or [])
    objects += [
        font(b"Helvetica"),
        font(b"Helvetica-Bold"),
        font(b"Helvetica", b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [%s] >>" % named),
    ]
    fonts = b"/Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >>"
    xobjects = []
    for name, (stream, matrix) in (forms or {}).items():
        numbers = b" ".join(b"%g" % v for v in matrix)
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 2000 2000] /Matrix [%s] /Resources << %s >>"
            b" /Length %d >>\nstream\n%s\nendstream" % (numbers, fonts, len(stream), stream)
        )
        xobjects.append(b"/%s %d 0 R" % (name.encode(), len(objects)))
    resources = b"<< %s /XObject << %s >> >>" % (fonts, b" ".join(xobjects))
    box = b" ".join(b"%g" % v for v in mediabox)
    kids = []
    for stream in pages:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Rotate %d /Contents %d 0 R /Resources %s >>"
            % (box, rotate, len(objects), resources)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return pdf_file(objects)


def grid(x0: float, top: float, widths: list[float], rows: list[list[str]], height: float = 20) -> bytes:
    """A ruled table drawn as one path of lines (every ruling in a single `S`), its cells' text inside."""
    x1 = x0 + sum(widths)
    bottom = top - height * len(rows)
    path = [b"%g %g m %g %g l" % (x0, top - height * i, x1, top - height * i) for i in range(len(rows) + 1)]
    xs = [x0 + sum(widths[:i]) for i in range(len(widths) + 1)]
    path += [b"%g %g m %g %g l" % (x, top, x, bottom) for x in xs]
    cells = [
        pdf_text(xs[c] + 4, top - height * (r + 1) + 6, cell, 10)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
    ]
    return b"\n".join([*path, b"S", *cells])
