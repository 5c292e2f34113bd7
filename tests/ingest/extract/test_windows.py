"""A long text goes through the spaCy model in windows: the windows cover the text at paragraph boundaries,
and the extraction is the one the whole text gives (invented actas in two national conventions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import Extractor
from ingest.extract.normalize import clean_text, repair_ocr
from ingest.extract.pipeline import Context, run
from ingest.extract.windows import WINDOW_CHARS, windows
from ingest.parse import ParsedDocument, parse_bytes

DOCS = Path(__file__).parent / "documents"
ACTAS = ["mx_cabildo_acta", "es_pleno_acta"]


def covers(text: str, spans: list[tuple[int, int]], size: int) -> bool:
    joined = "".join(text[a:b] for a, b in spans)
    contiguous = all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
    return joined == text and contiguous and all(0 < b - a <= size for a, b in spans)


@pytest.mark.parametrize("stem", ACTAS)
def test_windows_cover_the_text_and_end_at_blank_lines(stem: str) -> None:
    text = (DOCS / f"{stem}.txt").read_text(encoding="utf-8")
    spans = windows(text, 600)
    assert len(spans) > 2 and covers(text, spans, 600)
    for a, b in spans[:-1]:
        # Ends after a blank line wherever the second half of the window holds one.
        assert text[:b].endswith("\n\n") or "\n\n" not in text[a + 300 : a + 600]
    assert sum(text[:b].endswith("\n\n") for _, b in spans[:-1]) >= 1


def test_windows_fall_back_to_line_ends_then_spaces_then_a_hard_cut() -> None:
    lines = "\n".join(f"Regidor {n}: presente en la sesión de cabildo" for n in range(40))
    spans = windows(lines, 300)
    assert covers(lines, spans, 300) and all(lines[b - 1] == "\n" for _, b in spans[:-1])
    words = " ".join(["Concejal del pleno municipal"] * 60)
    spans = windows(words, 300)
    assert covers(words, spans, 300) and all(words[b - 1] == " " for _, b in spans[:-1])
    run_on = "x" * 1000
    assert windows(run_on, 300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]


def test_a_short_text_is_one_window() -> None:
    assert windows("Acta de la sesión ordinaria del Ayuntamiento Pleno.", 400) == [(0, 51)]


def long_acta(stem: str) -> ParsedDocument:
    """The acta four times over (6,000 to 8,000 characters)."""
    text = (DOCS / f"{stem}.txt").read_text(encoding="utf-8")
    return parse_bytes("\n\n".join([text] * 4).encode(), f"{stem}.txt")


# Over twice the longest paragraph of the actas, so that each window's second half holds a blank line.
WINDOW = 2600


@pytest.fixture(scope="module")
def windowed(extractor: Extractor) -> Extractor:
    small = Extractor(extractor.spacy_model, window_chars=WINDOW)
    small._nlp = extractor.nlp  # the same loaded model: only the windows differ
    return small


@pytest.mark.parametrize("stem", ACTAS)
def test_the_model_finds_the_same_names_at_the_same_offsets_in_windows(extractor: Extractor, stem: str) -> None:
    doc = long_acta(stem)
    clean = repair_ocr(clean_text(doc.text))
    spans = windows(clean, WINDOW)
    assert len(spans) >= 3 and all(clean[:b].endswith("\n\n") for _, b in spans[:-1])

    def people_spans(window_chars: int) -> list[tuple[int, int]]:
        ctx = Context(raw=doc.text, clean=clean, blocks=list(doc.blocks))
        run(extractor.nlp, ctx, window_chars)
        return ctx.person_spans

    whole = people_spans(10**7)
    assert len(whole) >= 12
    # Names in the last window are found where they are.
    assert max(end for _, end in whole) > spans[-1][0]
    assert people_spans(WINDOW) == whole


@pytest.mark.parametrize("stem", ACTAS)
def test_the_extraction_in_windows_is_the_whole_texts(extractor: Extractor, windowed: Extractor, stem: str) -> None:
    doc = long_acta(stem)
    result = windowed.extract(doc).to_schema()
    assert result["participants"] and result == extractor.extract(doc).to_schema()


def test_a_text_over_the_default_window_is_extracted_as_a_whole(extractor: Extractor) -> None:
    """Past WINDOW_CHARS (both actas repeated to about 110,000 characters) the default extractor reads the
    model in windows and still finds what the whole text holds."""
    texts = [(DOCS / f"{stem}.txt").read_text(encoding="utf-8") for stem in ACTAS]
    body = "\n\n".join(texts * 32)
    assert len(body) > 2 * WINDOW_CHARS
    doc = parse_bytes(body.encode(), "largo.txt")
    whole = Extractor(extractor.spacy_model, window_chars=len(body) + 1)
    whole._nlp = extractor.nlp
    result = extractor.extract(doc).to_schema()
    assert result["participants"] and result == whole.extract(doc).to_schema()
