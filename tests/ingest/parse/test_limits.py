"""The near-empty threshold and the markup nesting limit are settings (ACERVO_MIN_WORDS, ACERVO_MAX_NESTING),
honoured by the reader in this process and in its child process alike."""

from __future__ import annotations

import pytest

from ingest.errors import CorruptFile, NoText
from ingest.parse import ParseLimits, parse_bytes
from ingest.parse.sandbox import ParseSandbox
from models.settings import Settings

# Short notes as two conventions write them: a Mexican cabildo and a Spanish pleno.
NOTES = {
    "cabildo": "Cabildo sesión suspendida",
    "pleno": "Pleno municipal aplazado",
}


def nested_html(depth: int, sentence: str) -> bytes:
    return f"<html><body>{'<div>' * depth}<p>{sentence}</p>{'</div>' * depth}</body></html>".encode()


@pytest.mark.parametrize("text", NOTES.values(), ids=NOTES.keys())
def test_three_words_are_a_document_by_default_and_not_under_a_higher_threshold(text: str) -> None:
    assert parse_bytes(text.encode(), "nota.txt").text.strip() == text
    with pytest.raises(NoText, match=r"almost no text .* 3 word\(s\)"):
        parse_bytes(text.encode(), "nota.txt", limits=ParseLimits(min_words=4))


@pytest.mark.parametrize("text", NOTES.values(), ids=NOTES.keys())
def test_a_lower_threshold_lets_a_single_word_through(text: str) -> None:
    word = text.split()[0].encode()
    with pytest.raises(NoText):
        parse_bytes(word, "nota.txt")
    assert parse_bytes(word, "nota.txt", limits=ParseLimits(min_words=1)).text.strip() == word.decode()


@pytest.mark.parametrize("text", NOTES.values(), ids=NOTES.keys())
def test_markup_deeper_than_the_nesting_limit_is_refused(text: str) -> None:
    page = nested_html(60, text)
    assert text in parse_bytes(page, "aviso.html").text
    with pytest.raises(CorruptFile, match="nested more than 40 levels deep"):
        parse_bytes(page, "aviso.html", limits=ParseLimits(max_nesting=40))
    assert text in parse_bytes(page, "aviso.html", limits=ParseLimits(max_nesting=61)).text


def test_the_limits_are_read_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # The settings' defaults are the reader's own.
    assert ParseLimits.from_settings(Settings()) == ParseLimits()
    monkeypatch.setenv("ACERVO_MIN_WORDS", "7")
    monkeypatch.setenv("ACERVO_MAX_NESTING", "25")
    monkeypatch.setenv("ACERVO_MAX_EXPANDED_MB", "3")
    limits = ParseLimits.from_settings(Settings())
    assert limits == ParseLimits(max_expanded_bytes=3 * 1024 * 1024, max_nesting=25, min_words=7)


def test_the_reader_child_process_applies_the_limits_it_is_given() -> None:
    sandbox = ParseSandbox(60)
    try:
        with pytest.raises(NoText, match="almost no text"):
            sandbox.parse(NOTES["pleno"].encode(), "nota.txt", limits=ParseLimits(min_words=4))
        with pytest.raises(CorruptFile, match="nested more than 40 levels"):
            sandbox.parse(nested_html(60, NOTES["cabildo"]), "aviso.html", limits=ParseLimits(max_nesting=40))
        doc = sandbox.parse(nested_html(60, NOTES["cabildo"]), "aviso.html", limits=ParseLimits())
        assert NOTES["cabildo"] in doc.text
    finally:
        sandbox.close()
