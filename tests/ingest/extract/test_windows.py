"""The spaCy model reads a text in windows, only where a candidate name lies: the windows cover the text at
paragraph boundaries, each is read at most once, and the extraction is the one the whole text gives
(invented actas in two national conventions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import Extractor
from ingest.extract.normalize import clean_text, repair_ocr
from ingest.extract.pipeline import COMPONENTS
from ingest.extract.windows import WINDOW_CHARS, ModelPersons, windows
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


@pytest.mark.parametrize("sentence", [
    "El H. Cabildo aprobó por unanimidad el dictamen de la Comisión de Obras Públicas. ",
    "El Pleno del Ayuntamiento acordó por mayoría absoluta la modificación del presupuesto. ",
])
def test_a_long_paragraph_is_cut_after_a_sentence(sentence: str) -> None:
    paragraph = sentence * 20
    spans = windows(paragraph, 400)
    assert covers(paragraph, spans, 400) and all(paragraph[:b].endswith(". ") for _, b in spans[:-1])


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


def model_persons(extractor: Extractor, text: str, size: int) -> ModelPersons:
    steps = [proc for name, proc in extractor.nlp.pipeline if name not in COMPONENTS]
    return ModelPersons.model(extractor.nlp, steps, text, size)


@pytest.fixture(scope="module")
def whole(extractor: Extractor) -> Extractor:
    """The same loaded model, reading every text whole."""
    reader = Extractor(extractor.spacy_model, window_chars=10**7)
    reader._nlp = extractor.nlp
    return reader


@pytest.mark.parametrize("stem", ACTAS)
def test_the_model_finds_the_same_names_at_the_same_offsets_in_windows(extractor: Extractor, stem: str) -> None:
    clean = repair_ocr(clean_text(long_acta(stem).text))
    spans = windows(clean, WINDOW_CHARS)
    assert len(spans) >= 6

    whole = model_persons(extractor, clean, 10**7)
    assert whole.overlaps(0, len(clean)) and whole.read == [(0, len(clean))]
    assert len(whole.found) >= 12
    windowed = model_persons(extractor, clean, WINDOW_CHARS)
    assert windowed.read == [] and windowed.found == []
    assert windowed.overlaps(0, len(clean))
    assert windowed.read == spans
    # Names in the last window are found where they are.
    assert max(end for _, end in windowed.found) > spans[-1][0]
    assert windowed.found == whole.found


@pytest.mark.parametrize("stem", ACTAS)
def test_the_model_reads_only_the_windows_asked_about(extractor: Extractor, stem: str) -> None:
    clean = repair_ocr(clean_text(long_acta(stem).text))
    everyone = model_persons(extractor, clean, 10**7)
    everyone.overlaps(0, len(clean))
    start, end = everyone.found[-1]  # a name in the last repetition of the acta
    reader = model_persons(extractor, clean, WINDOW_CHARS)
    assert reader.overlaps(start, end) and reader.read
    assert all(a < end and start < b for a, b in reader.read)  # the window(s) holding the name, nothing else
    assert sum(b - a for a, b in reader.read) < len(clean) / 4
    before = reader.read
    assert reader.overlaps(start, end) and reader.read == before  # read once
    # The first name of the text lies in a window not read yet: asking reads it too.
    start, end = everyone.found[0]
    assert not any(a <= start < b for a, b in before)
    assert reader.overlaps(start, end) and len(reader.read) == len(before) + 1


def test_persons_known_from_a_whole_doc_are_answered_without_the_model() -> None:
    text = "El Regidor Juan Pérez Soto y la Concejala María Gil Ruiz firmaron el acta."
    persons = ModelPersons.known(text, [(11, 26), (44, 57)])
    assert persons.overlaps(14, 20) and persons.overlaps(44, 50)
    assert not persons.overlaps(0, 10) and not persons.overlaps(58, 70)


@pytest.mark.parametrize("stem", ACTAS)
def test_the_extraction_in_windows_is_the_whole_texts(extractor: Extractor, whole: Extractor, stem: str) -> None:
    doc = long_acta(stem)
    result = extractor.extract(doc).to_schema()
    assert result["participants"] and result == whole.extract(doc).to_schema()


def test_a_text_over_a_hundred_thousand_characters_is_extracted_as_a_whole(extractor: Extractor, whole: Extractor
                                                                          ) -> None:
    """Both actas repeated to about 110,000 characters: the default extractor reads the model in windows and
    still finds what the whole text holds."""
    texts = [(DOCS / f"{stem}.txt").read_text(encoding="utf-8") for stem in ACTAS]
    body = "\n\n".join(texts * 32)
    assert len(body) > 100_000
    doc = parse_bytes(body.encode(), "largo.txt")
    result = extractor.extract(doc).to_schema()
    assert result["participants"] and result == whole.extract(doc).to_schema()
