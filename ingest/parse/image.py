"""Scanned images as documents: PNG, JPEG and TIFF (every frame of a multi-page TIFF is a page), read by OCR."""

from __future__ import annotations

import io

from ingest.errors import CorruptFile, NoTextLayer
from ingest.parse.document import ParsedDocument
from ingest.parse.ocr import OcrConfig, OcrEngine, OcrUnavailable
from ingest.parse.pdf import PageProgress, assemble_pages, page_from_ocr


def parse_image(
    data: bytes, file: str, kind: str, *, ocr: OcrConfig | None = None, on_page: PageProgress | None = None
) -> ParsedDocument:
    """Recognise each page of an image file; `kind` names the format in errors ("PNG image")."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    config = ocr or OcrConfig()
    try:
        engine = OcrEngine(config)
    except OcrUnavailable as exc:
        raise NoTextLayer(file, f"{kind} holds no text layer and OCR is not available: {exc}") from None
    pages = []
    try:
        with Image.open(io.BytesIO(data)) as image:
            total = getattr(image, "n_frames", 1)
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                # The camera's or scanner's EXIF orientation first; OSD corrects what is left.
                upright = ImageOps.exif_transpose(frame) if number == 1 else frame
                dpi = _dpi(frame.info.get("dpi"), config.dpi)
                result = engine.recognise(upright, dpi)
                pages.append(page_from_ocr(number, result, dpi))
                if on_page is not None:
                    on_page(number, total)
    except UnidentifiedImageError:
        raise CorruptFile(file, f"damaged {kind} that cannot be read (cut short or not an image)") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise CorruptFile(file, f"damaged {kind} that cannot be read ({detail})") from None
    finally:
        engine.close()
    if not sum(p.chars for p in pages):
        count = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
        raise NoTextLayer(file, f"{kind} ({count}): OCR found no text in it")
    return assemble_pages(pages, file, "image", [], config.low_confidence)


def _dpi(value: object, default: int) -> int:
    """The resolution the file states, when it is plausible for a scan; else the configured one."""
    try:
        dpi = round(float(value[0]))  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return default
    return dpi if 70 <= dpi <= 1200 else default
