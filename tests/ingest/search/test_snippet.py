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


FILLER = " ".join(["se comentaron diversos asuntos de la agenda"] * 12)


def test_a_year_in_the_query_does_not_pick_the_dateline() -> None:
    # a Mexican instituto's minutes: dateline first, the plan much later
    text = (f"San Isidro del Monte, a 14 de agosto de 2019. {FILLER} Se presentó el Plan de Movilidad Escolar "
            f"y sus tres etapas de obra. {FILLER}")
    marked = snippet(text, "plan de movilidad escolar 2019", words=20)
    assert "<mark>Plan</mark> de <mark>Movilidad</mark> <mark>Escolar</mark>" in marked
    assert "14 de agosto" not in marked


def test_a_month_in_the_query_does_not_pick_the_dateline_either() -> None:
    # a Spanish pleno: "En Villanueva, a 3 de marzo de 2025" opens the acta
    text = (f"En Villanueva del Río, a 3 de marzo de 2025, se reúne el Pleno. {FILLER} La ordenanza de terrazas "
            f"se aprobó inicialmente. {FILLER}")
    marked = snippet(text, "ordenanza de terrazas marzo", words=20)
    assert "<mark>ordenanza</mark> de <mark>terrazas</mark>" in marked and "Villanueva" not in marked


def test_a_query_that_is_only_a_date_shows_the_date() -> None:
    text = f"{FILLER} Sesión celebrada el 3 de marzo de 2025. {FILLER}"
    assert "<mark>marzo</mark> de <mark>2025</mark>" in snippet(text, "marzo 2025", words=20)


def test_the_window_holding_more_distinct_words_wins_over_repeats() -> None:
    text = (f"convenio convenio convenio convenio. {FILLER} El convenio con el organismo de vivienda se firmó. "
            f"{FILLER}")
    marked = snippet(text, "convenio vivienda", words=15)
    assert "<mark>vivienda</mark>" in marked


def test_a_match_among_the_last_words_is_shown() -> None:
    # a Mexican cabildo's minutes whose last words name the subject
    text = f"{FILLER} Se turnó a la Comisión de Hacienda el dictamen de alumbrado"
    assert "<mark>alumbrado</mark>" in snippet(text, "alumbrado", words=20)
    # a Spanish pleno's acta closing the same way
    text = f"{FILLER} Queda aprobada la modificación de la ordenanza fiscal de vados"
    assert "<mark>vados</mark>" in snippet(text, "vados", words=20)


def test_the_words_shown_before_a_match_never_push_a_later_match_out() -> None:
    # the window chosen for two matches is the window shown, lead words and all
    text = f"{FILLER} el acuerdo sobre el arbolado urbano y las podas del parque central {FILLER}"
    marked = snippet(text, "arbolado podas", words=8)
    assert "<mark>arbolado</mark>" in marked and "<mark>podas</mark>" in marked
    text = f"{FILLER} la propuesta de peatonalización del casco y la plaza mayor {FILLER}"
    marked = snippet(text, "peatonalización plaza", words=8)
    assert "<mark>peatonalización</mark>" in marked and "<mark>plaza</mark>" in marked
