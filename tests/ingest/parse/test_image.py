"""Images where OCR cannot run: the same clear refusal as a scanned PDF, naming what to install."""

from __future__ import annotations

import pytest

from ingest.errors import CorruptFile, NoTextLayer
from ingest.parse import OcrConfig, ocr_unavailable_reason, parse_bytes
from tests.ingest.parse.factories import tiny_png


def test_an_image_without_ocr_names_what_to_install(tmp_path) -> None:
    with pytest.raises(NoTextLayer) as err:
        parse_bytes(tiny_png(), "foto.png", ocr=OcrConfig(tessdata=tmp_path / "nada"))
    assert err.value.reason.startswith("PNG image holds no text layer and OCR is not available: ")
    assert "tesseract-ocr-spa" in err.value.reason


def test_ocr_turned_off_is_said_so(tmp_path) -> None:
    with pytest.raises(NoTextLayer) as err:
        parse_bytes(tiny_png(), "foto.png", ocr=OcrConfig(enabled=False))
    assert "OCR is turned off" in err.value.reason


@pytest.mark.skipif(ocr_unavailable_reason(OcrConfig()) is not None, reason="OCR is not available")
def test_a_cut_image_is_corrupt() -> None:
    with pytest.raises(CorruptFile) as err:
        parse_bytes(tiny_png()[:40], "cortada.png")
    assert err.value.reason == "damaged PNG image that cannot be read (cut short or not an image)"
