"""OCR with the real Tesseract: scanned PDFs, mixed documents, images, turned and skewed pages, page provenance."""

from __future__ import annotations

import pytest

from ingest.errors import NoTextLayer
from ingest.parse import OcrConfig, ocr_unavailable_reason, parse_bytes
from tests.ingest.parse.factories import (
    assert_consistent,
    canvas_pdf,
    image_file,
    mixed_pdf,
    rasterise,
    scanned_pdf,
    two_page_pdf,
)

UNAVAILABLE = ocr_unavailable_reason(OcrConfig())
pytestmark = pytest.mark.skipif(UNAVAILABLE is not None, reason=f"OCR is not available: {UNAVAILABLE}")

LINES = [
    "Acta de la Sesión Extraordinaria del Consejo Consultivo",
    "Se reunieron los consejeros en la sala de juntas del instituto.",
    "El secretario técnico dio lectura al dictamen sobre el parque lineal.",
    "Se aprobó por mayoría el calendario de obras para el año siguiente.",
]


def words(text: str) -> set[str]:
    return {w.strip(".,;:").lower() for w in text.split()}


@pytest.fixture(scope="module")
def acta_scan():
    """The two-page acta, printed and scanned at 200 dpi into an image-only PDF."""
    return parse_bytes(scanned_pdf(rasterise(two_page_pdf())), "acta-escaneada.pdf")


def test_scanned_pdf_is_read_with_its_pages_and_provenance(acta_scan) -> None:
    assert acta_scan.format == "pdf"
    assert acta_scan.pages == 2
    assert_consistent(acta_scan)
    text = acta_scan.text
    for phrase in ("Acta de la Sesión Ordinaria", "Torreón", "Instituto Municipal de Planeación", "unanimidad"):
        assert phrase in text
    assert acta_scan.page_at(text.index("Asuntos generales")) == 2
    assert acta_scan.page_at(text.index("unanimidad")) == 1
    assert [(p.page, p.source) for p in acta_scan.page_sources] == [(1, "ocr"), (2, "ocr")]
    assert all(p.confidence is not None and 80 <= p.confidence <= 100 for p in acta_scan.page_sources)
    assert not acta_scan.warnings


def test_mixed_document_keeps_text_pages_and_reads_scanned_ones_in_order() -> None:
    scan = rasterise(canvas_pdf([LINES[1:3]]))[0]
    data = mixed_pdf([LINES[0], scan, LINES[3]])
    progress: list[tuple[int, int]] = []
    doc = parse_bytes(data, "mixto.pdf", on_page=lambda done, total: progress.append((done, total)))
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert [(p.page, p.source) for p in doc.page_sources] == [(1, "text"), (2, "ocr"), (3, "text")]
    assert doc.page_sources[0].confidence is None
    assert [b.page for b in doc.blocks] == sorted(b.page for b in doc.blocks)
    assert {1, 2, 3} <= {b.page for b in doc.blocks}
    scanned = " ".join(b.text for b in doc.blocks if b.page == 2)
    assert words(LINES[1]) | words(LINES[2]) <= words(scanned)


def test_a_scanners_stamp_does_not_hide_the_page_behind_it() -> None:
    scan = rasterise(canvas_pdf([LINES]))[0]
    doc = parse_bytes(mixed_pdf([(scan, "Digitalizado 2024")]), "sellado.pdf")
    assert doc.page_sources[0].source == "ocr"
    assert words(" ".join(LINES)) <= words(doc.text) | {"digitalizado", "2024"}


@pytest.mark.parametrize("angle", [90, 180, 270, 3, -2])
def test_turned_and_skewed_pages_are_set_upright_first(angle: float) -> None:
    scan = rasterise(canvas_pdf([LINES]), rotate=angle)
    doc = parse_bytes(scanned_pdf(scan), f"girado-{angle}.pdf")
    missing = words(" ".join(LINES)) - words(doc.text)
    assert len(missing) <= 1, missing
    assert doc.page_sources[0].confidence >= 80


def test_images_are_documents_one_page_per_frame() -> None:
    pages = rasterise(canvas_pdf([LINES[:2], LINES[2:]]))
    tiff = parse_bytes(image_file(pages, "TIFF"), "expediente.tif")
    assert tiff.format == "image"
    assert tiff.pages == 2
    assert [(p.page, p.source) for p in tiff.page_sources] == [(1, "ocr"), (2, "ocr")]
    assert "dictamen" in " ".join(b.text for b in tiff.blocks if b.page == 2)
    for fmt in ("PNG", "JPEG"):
        doc = parse_bytes(image_file(pages[:1], fmt), f"hoja.{fmt.lower()}")
        assert doc.format == "image" and doc.pages == 1
        assert words(LINES[0]) <= words(doc.text)


def test_an_image_without_words_is_refused_clearly() -> None:
    from PIL import Image

    blank = Image.new("L", (800, 1000), 255)
    with pytest.raises(NoTextLayer) as err:
        parse_bytes(image_file([blank], "PNG"), "en-blanco.png")
    assert err.value.reason == "PNG image (1 page): OCR found no text in it"


def test_low_confidence_pages_are_flagged() -> None:
    scan = rasterise(canvas_pdf([LINES]))
    doc = parse_bytes(scanned_pdf(scan), "dudoso.pdf", ocr=OcrConfig(low_confidence=100.1))
    assert any("read by OCR with low confidence" in w and "1 (" in w for w in doc.warnings)


def test_a_scanned_page_in_two_columns_is_read_column_by_column() -> None:
    from tests.ingest.parse.factories import two_column_pdf

    doc = parse_bytes(scanned_pdf(rasterise(two_column_pdf())), "gaceta-escaneada.pdf")
    articles = [b.text for b in doc.blocks if b.text.startswith("Artículo")]
    assert [a.split(".")[0] for a in articles] == [f"Artículo {n}" for n in range(1, 9)]


def test_numbered_list_items_keep_their_numbers() -> None:
    items = [f"{n}. Programa de mejoramiento del barrio número {n}" for n in range(1, 8)]
    doc = parse_bytes(scanned_pdf(rasterise(canvas_pdf([["Programas del ejercicio", *items]]))), "lista.pdf")
    listed = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert [t.split(".")[0] for t in listed] == [str(n) for n in range(1, 8)]
