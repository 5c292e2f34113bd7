from __future__ import annotations

from ingest.search.snippet import snippet


def test_matched_words_are_marked_and_the_rest_escaped() -> None:
    text = "Se aprobó el Convenio con el INFONAVIT <por unanimidad>."
    assert snippet(text, "convenios infonavit") == (
        "Se aprobó el <mark>Convenio</mark> con el <mark>INFONAVIT</mark> &lt;por unanimidad&gt;."
    )


def test_the_window_moves_to_where_the_words_are() -> None:
    text = " ".join(["relleno"] * 100) + " el acuerdo JD-XI-1 quedó cumplido " + " ".join(["final"] * 100)
    marked = snippet(text, "JD-XI-1", words=20)
    assert marked.startswith("… ") and marked.endswith(" …")
    assert "<mark>JD-XI-1</mark>" in marked


def test_no_match_gives_the_opening_words() -> None:
    assert snippet("Uno dos tres cuatro", "agua", words=2) == "Uno dos …"


def test_a_code_is_marked_only_where_it_is_whole() -> None:
    marked = snippet("Acuerdos JD-XI-2 y JD-XI-1 de la Junta", "JD-XI-1")
    assert "<mark>JD-XI-1</mark>" in marked and "<mark>JD-XI-2</mark>" not in marked
