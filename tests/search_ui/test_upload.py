"""Uploading from the staff page in a real browser: hidden without an ingest key, then each file's job
progress and errors with one. Runs last among the UI tests: it adds a document to the live archive."""

from __future__ import annotations

import pytest

from tests.search_ui.conftest import Live, Tab

pytestmark = pytest.mark.slow

ACTA = """# Acta de la Quinta Sesión Ordinaria 2025

Consejo Directivo del Instituto Municipal de Planeación de Santa Lucía del Valle

En la Sala de Juntas del Instituto, el 12 de junio de 2025, se reunió el Consejo Directivo.

## Acuerdos

- CD-V-1. Se aprueba por unanimidad el calendario de recorridos de banquetas del centro.
"""

PRESS = (
    "Comunicado de prensa. El Instituto Municipal de Planeación de Santa Lucía del Valle presentó el "
    "programa de arbolado urbano para las colonias del poniente el 3 de julio de 2025."
)


def test_upload_shows_each_files_progress_and_errors_with_an_ingest_key(tab: Tab, live: Live, tmp_path) -> None:
    tab.open("#/subir")
    page = tab.page
    page.get_by_text("hace falta una clave de acceso con permiso de carga").wait_for()
    assert page.locator("#nav-subir").is_hidden()

    page.locator("#abrir-ajustes").click()
    page.locator("#clave").fill(live.ingest_key)
    page.locator("#guardar-clave").click()
    page.locator("#nav-subir").wait_for(state="visible")
    assert page.locator("#archivos").count() == 1

    good = tmp_path / "acta-quinta-sesion.md"
    good.write_text(ACTA, encoding="utf-8")
    empty = tmp_path / "vacio.txt"
    empty.write_bytes(b"")
    page.locator("#archivos").set_input_files([str(good), str(empty)])
    items = page.locator(".upload-item")
    items.nth(0).wait_for()
    done = page.locator(".upload-item", has_text="acta-quinta-sesion.md")
    failed = page.locator(".upload-item", has_text="vacio.txt")
    failed.get_by_text("El archivo está vacío.").wait_for()
    assert failed.get_attribute("data-state") == "error"
    done.locator("a", has_text="Abrir el documento").wait_for(timeout=240_000)
    # "Listo" only once the document is in the search index; until then the row says "Indexando".
    assert done.locator(".upload-state").inner_text() == "Listo: ya aparece en la búsqueda"
    assert done.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"
    batch = page.locator(".upload-batch")
    assert "2 de 2 archivos terminados" in batch.inner_text()
    assert batch.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"

    # Dropping a file works the same way; every state it goes through is shown on its row.
    page.evaluate(
        """() => {
            window.seen = [];
            new MutationObserver(() => document.querySelectorAll('.upload-state').forEach((s) =>
                window.seen.push(s.textContent))).observe(document.querySelector('.upload-list'),
                {subtree: true, childList: true, characterData: true});
        }"""
    )
    page.locator(".dropzone").evaluate(
        """(zone, text) => {
            const data = new DataTransfer();
            data.items.add(new File([text], "nota-de-prensa.txt", {type: "text/plain"}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        PRESS,
    )
    dropped = page.locator(".upload-item", has_text="nota-de-prensa.txt")
    dropped.locator("a", has_text="Abrir el documento").wait_for(timeout=240_000)
    seen = set(page.evaluate("window.seen"))
    assert "Enviando…" in seen and "Listo: ya aparece en la búsqueda" in seen
    tab.shot("subir")
    done.locator("a", has_text="Abrir el documento").click()
    page.locator("h1").wait_for()
    assert page.locator(".doc-text").inner_text()
    tab.assert_clean()


def test_a_scanned_page_is_read_by_ocr_and_says_so(tab: Tab, live: Live, tmp_path) -> None:
    import pytest

    from ingest.parse import OcrConfig, ocr_unavailable_reason
    from tests.ingest.parse.factories import canvas_pdf, image_file, rasterise

    if ocr_unavailable_reason(OcrConfig()):
        pytest.skip(f"OCR is not available: {ocr_unavailable_reason(OcrConfig())}")
    lines = [
        "Acta de la Sexta Sesión Ordinaria 2025",
        "Consejo Directivo del Instituto Municipal de Planeación de Santa Lucía del Valle",
        "El 9 de octubre de 2025 se aprobó el programa de banquetas del barrio oriente.",
    ]
    scan = tmp_path / "acta-sexta-escaneada.png"
    scan.write_bytes(image_file(rasterise(canvas_pdf([lines])), "PNG"))
    tab.open("#/subir")
    page = tab.page
    page.locator("#abrir-ajustes").click()
    page.locator("#clave").fill(live.ingest_key)
    page.locator("#guardar-clave").click()
    page.locator("#nav-subir").wait_for(state="visible")
    page.locator("#archivos").set_input_files([str(scan)])
    row = page.locator(".upload-item", has_text="acta-sexta-escaneada.png")
    row.locator("a", has_text="Abrir el documento").wait_for(timeout=240_000)
    row.locator("a", has_text="Abrir el documento").click()
    notice = page.locator(".ocr-notice")
    notice.wait_for()
    assert notice.inner_text().startswith("Texto obtenido por OCR (confianza ")
    assert "Texto obtenido por OCR (confianza" in page.locator(".page-marker").first.inner_text()
    assert "banquetas del barrio oriente" in page.locator(".doc-text").inner_text()
    tab.shot("documento-ocr")
    tab.assert_clean()
