"""Recognise the text of a page image with Tesseract's Spanish model, orientation and skew corrected first.

tesserocr drives libtesseract in-process (its wheel bundles the library); the
language data (`spa.traineddata`, `osd.traineddata`) comes from the system
(Debian: tesseract-ocr-spa) or a configured folder. Nothing is downloaded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

    from models.settings import Settings

# Where distributions put Tesseract's language data, newest first.
TESSDATA_DIRS = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),
    Path("/usr/local/share/tessdata"),
    Path("/opt/homebrew/share/tessdata"),
)
INSTALL_HINT = "install Tesseract's Spanish data: apt-get install tesseract-ocr tesseract-ocr-spa"
# OSD at or above this confidence is trusted; below it (short lines, capitals, little text) its guess is
# read first and, when that reads poorly, the other turns are tried and the best reading kept.
_SURE_ORIENT_CONF = 5.0
_POOR_READING = 60.0
_GOOD_READING = 80.0
# Skews smaller than this are left alone: rotating resamples the image for nothing.
_MIN_SKEW_DEG = 0.3
_MAX_SKEW_DEG = 15.0


@dataclass(frozen=True)
class OcrConfig:
    """How pages without a usable text layer are read; `tessdata` None means the usual system folders."""

    enabled: bool = True
    tessdata: Path | None = None
    lang: str = "spa"
    dpi: int = 300
    low_confidence: float = 70.0

    @classmethod
    def from_settings(cls, settings: Settings) -> OcrConfig:
        return cls(
            enabled=settings.ocr,
            tessdata=settings.tessdata,
            dpi=settings.ocr_dpi,
            low_confidence=settings.ocr_low_confidence,
        )


class OcrUnavailable(Exception):
    """OCR cannot run here; the message says what to install or configure."""


@dataclass(frozen=True)
class OcrLine:
    """One recognised line: its text, its box in pixels of the corrected image, and its paragraph."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    para: int


@dataclass(frozen=True)
class OcrPage:
    """What Tesseract read on one page image, after turning it upright."""

    lines: list[OcrLine]
    confidence: float | None  # None on a page where nothing was read
    width: int
    height: int
    rotated: int
    skew: float


def find_tessdata(config: OcrConfig) -> Path:
    """The folder holding the configured language's model, or OcrUnavailable saying what is missing."""
    if not config.enabled:
        raise OcrUnavailable("OCR is turned off in the configuration")
    candidates = [Path(config.tessdata)] if config.tessdata else list(TESSDATA_DIRS)
    for folder in candidates:
        if (folder / f"{config.lang}.traineddata").is_file():
            return folder
    where = str(config.tessdata) if config.tessdata else "the system's tessdata folders"
    raise OcrUnavailable(f"Tesseract's '{config.lang}' model is not in {where}; {INSTALL_HINT}")


def ocr_unavailable_reason(config: OcrConfig) -> str | None:
    """None when OCR can run with `config`, else why not (one line naming what to install)."""
    try:
        _import_tesserocr()
        find_tessdata(config)
    except OcrUnavailable as exc:
        return str(exc)
    return None


def _import_tesserocr():
    try:
        import tesserocr
    except ImportError as exc:  # the wheel is a dependency; a broken install still gets a clear message
        raise OcrUnavailable(f"the tesserocr package cannot be loaded ({exc}); pip install tesserocr") from None
    return tesserocr


class OcrEngine:
    """A loaded Tesseract, reused page after page. Not thread-safe: one per thread."""

    def __init__(self, config: OcrConfig) -> None:
        tesserocr = _import_tesserocr()
        folder = find_tessdata(config)
        # Leptonica reports on stderr every box it clips at a page edge ("Error in boxClipToRectangle"):
        # harmless, and it would bury the worker's log.
        tesserocr.set_leptonica_log_level(tesserocr.LeptLogLevel.NONE)
        self.config = config
        self._ril = tesserocr.RIL
        self._psm = tesserocr.PSM
        try:
            self._api = tesserocr.PyTessBaseAPI(path=f"{folder}/", lang=config.lang, psm=tesserocr.PSM.AUTO)
        except RuntimeError as exc:
            raise OcrUnavailable(
                f"Tesseract cannot load '{config.lang}' from {folder} ({exc}); {INSTALL_HINT}"
            ) from None
        self._api.SetVariable("user_defined_dpi", str(config.dpi))
        self._osd = None
        if (folder / "osd.traineddata").is_file():
            self._osd = tesserocr.PyTessBaseAPI(path=f"{folder}/", lang="osd", psm=tesserocr.PSM.OSD_ONLY)

    def close(self) -> None:
        self._api.End()
        if self._osd is not None:
            self._osd.End()

    def __enter__(self) -> OcrEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def recognise(self, image: Image.Image, dpi: int | None = None) -> OcrPage:
        """Turn the page upright, straighten it, and read it line by line."""
        image = image.convert("L")
        turn, sure = self._orientation(image)
        best = self._read(image, turn, dpi)
        if sure or not best.lines or (best.confidence or 0) >= _POOR_READING:
            return best
        for other in (0, 90, 180, 270):
            if other == turn:
                continue
            page = self._read(image, other, dpi)
            if (page.confidence or 0) > (best.confidence or 0):
                best = page
            if (best.confidence or 0) >= _GOOD_READING:
                break
        return best

    def _read(self, image: Image.Image, rotated: int, dpi: int | None) -> OcrPage:
        if rotated:
            # OSD reports how far the text is turned; turning the image back by as much sets it upright.
            image = image.rotate(rotated, expand=True, fillcolor=255)
        skew, columns = self._layout(image)
        if abs(skew) >= _MIN_SKEW_DEG:
            image = image.rotate(skew, expand=True, fillcolor=255, resample=_bicubic())
        api = self._api
        # Full page segmentation takes a column of list numbers ("1.", "2.") for noise and drops it;
        # one column is read line by line, whole. Pages set in columns keep the full segmentation.
        api.SetPageSegMode(self._psm.AUTO if columns else self._psm.SINGLE_COLUMN)
        api.SetImage(image)
        api.SetSourceResolution(dpi or self.config.dpi)
        api.Recognize()
        lines: list[OcrLine] = []
        para = -1
        iterator = api.GetIterator()
        level = self._ril.TEXTLINE
        if iterator is not None:
            while True:
                if iterator.IsAtBeginningOf(self._ril.PARA):
                    para += 1
                text, box = _line_at(iterator, level)
                if text and box:
                    lines.append(OcrLine(" ".join(text.split()), *box, para=max(para, 0)))
                if not iterator.Next(level):
                    break
        confidence = float(api.MeanTextConf()) if lines else None
        api.Clear()
        return OcrPage(lines, confidence, image.width, image.height, rotated, skew)

    def _orientation(self, image: Image.Image) -> tuple[int, bool]:
        """How far to turn the image to set its text upright, and whether OSD is sure of it."""
        if self._osd is None:
            return 0, False
        self._osd.SetImage(image)
        try:
            found = self._osd.DetectOrientationScript()
        except RuntimeError:
            found = None  # too little text to tell
        finally:
            self._osd.Clear()
        if not found:
            return 0, False
        return int(found["orient_deg"]) % 360, found.get("orient_conf", 0) >= _SURE_ORIENT_CONF

    def _layout(self, image: Image.Image) -> tuple[float, bool]:
        """Tesseract's layout analysis at half size: the angle in degrees that straightens the text lines,
        and whether the page is set in columns (text blocks side by side)."""
        api = self._api
        api.SetPageSegMode(self._psm.AUTO)
        api.SetImage(image.reduce(2) if image.width > 1200 else image)
        angle, boxes = 0.0, []
        try:
            layout = api.AnalyseLayout()
            if layout is not None:
                angle = layout.Orientation()[3]
                while True:
                    box = layout.BoundingBox(self._ril.BLOCK)
                    if box:
                        boxes.append(box)
                    if not layout.Next(self._ril.BLOCK):
                        break
        except RuntimeError:
            pass
        finally:
            api.Clear()
        degrees = math.degrees(angle)
        return (degrees if abs(degrees) <= _MAX_SKEW_DEG else 0.0), _side_by_side(boxes, image.width // 2)


def _side_by_side(boxes: list[tuple[int, int, int, int]], width: int) -> bool:
    """Two wide, tall blocks next to each other, sharing a stretch of height: columns of running text."""
    big = [b for b in boxes if b[2] - b[0] >= 0.25 * width and b[3] - b[1] >= 0.05 * width]
    for i, a in enumerate(big):
        for b in big[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0]
            shared = min(a[3], b[3]) - max(a[1], b[1])
            if apart and shared >= 0.05 * width:
                return True
    return False


def _line_at(iterator, level) -> tuple[str | None, tuple[int, int, int, int] | None]:
    """The text and box of the line under the iterator; an empty block (a picture) has neither."""
    try:
        text = iterator.GetUTF8Text(level)
    except RuntimeError:  # tesserocr raises on a line without text
        return None, None
    return (text.strip() or None), iterator.BoundingBox(level)


def _bicubic() -> int:
    from PIL import Image

    return Image.Resampling.BICUBIC
