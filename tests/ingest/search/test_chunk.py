"""Chunking follows structure: sections, agenda points, tables whole with their header, the token budget."""

from __future__ import annotations

from ingest.parse.document import DocumentBuilder, ParsedDocument
from ingest.search.chunk import chunk


def words(text: str) -> int:
    return len(text.split())


def build(*blocks: tuple, fmt: str = "markdown") -> ParsedDocument:
    builder = DocumentBuilder()
    for block in blocks:
        kind, text, *rest = block
        options = rest[0] if rest else {}
        builder.add(kind, text, **options)
    return builder.build("acta.md", fmt)  # type: ignore[arg-type]


def test_headings_become_sections_and_small_paragraphs_merge() -> None:
    doc = build(
        ("heading", "Acta de la Sesión", {"level": 1}),
        ("paragraph", "Se reunió el Consejo Directivo."),
        ("paragraph", "Hubo quórum legal."),
        ("heading", "Acuerdos", {"level": 2}),
        ("paragraph", "Se aprueba el convenio con INFONAVIT."),
    )
    chunks = chunk(doc, max_tokens=100, count_tokens=words)
    assert [c.text for c in chunks] == [
        "Se reunió el Consejo Directivo.\n\nHubo quórum legal.",
        "Se aprueba el convenio con INFONAVIT.",
    ]
    assert [c.section for c in chunks] == ["Acta de la Sesión", "Acta de la Sesión › Acuerdos"]
    assert [c.ordinal for c in chunks] == [0, 1]
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
    # The section is context for the models, never part of the displayed text.
    expected = "Acta 3. Acta de la Sesión › Acuerdos. Se aprueba el convenio con INFONAVIT."
    assert chunks[1].embedding_text("Acta 3") == expected


def test_agenda_points_with_discussion_start_chunks_but_a_bare_agenda_stays_whole() -> None:
    doc = build(
        ("paragraph", "ORDEN DEL DÍA"),
        ("list_item", "1. Pase de lista."),
        ("list_item", "2. Lectura del acta anterior."),
        ("list_item", "3. Asuntos generales."),
        ("list_item", "1. Pase de lista."),
        ("paragraph", "Se declaró quórum con nueve consejeros."),
        ("list_item", "2. Lectura del acta anterior."),
        ("list_item", "2.1. Observaciones de la Contraloría."),
        ("paragraph", "Se aprobó sin cambios."),
        ("list_item", "3. Asuntos generales."),
        ("paragraph", "No hubo."),
    )
    texts = [c.text for c in chunk(doc, max_tokens=200, count_tokens=words)]
    assert texts[0].startswith("ORDEN DEL DÍA") and "3. Asuntos generales." in texts[0]
    assert texts[1:] == [
        "1. Pase de lista.\n\nSe declaró quórum con nueve consejeros.",
        "2. Lectura del acta anterior.\n\n2.1. Observaciones de la Contraloría.\n\nSe aprobó sin cambios.",
        "3. Asuntos generales.\n\nNo hubo.",
    ]


def test_a_table_is_one_chunk_and_a_long_one_repeats_its_header() -> None:
    rows = [["Acuerdo", "Estatus"]] + [[f"JD-XI-{i}. Revisar el programa número {i}", "Cumplido"] for i in range(1, 13)]
    doc = build(("paragraph", "Seguimiento de acuerdos."), ("table", "", {"rows": rows, "page": 3}))
    short = chunk(doc, max_tokens=200, count_tokens=words)
    assert [c.kind for c in short] == ["text", "table"]
    assert short[1].text.count("\n") == 12 and short[1].page == 3

    split = [c for c in chunk(doc, max_tokens=30, count_tokens=words) if c.kind == "table"]
    assert len(split) > 1
    assert all(c.text.startswith("Acuerdo\tEstatus\n") for c in split)
    body_rows = [line for c in split for line in c.text.split("\n")[1:]]
    assert body_rows == ["\t".join(r) for r in rows[1:]]  # every row once, in order
    assert all(words(c.text) <= 30 for c in split)


def test_long_paragraphs_split_at_sentences_and_nothing_exceeds_the_budget() -> None:
    sentence = "El Instituto presentó el diagnóstico de movilidad peatonal del centro histórico."
    long = " ".join([sentence] * 12) + " " + "palabra " * 70
    doc = build(("heading", "Informe"), ("paragraph", long, {"page": 2}))
    chunks = chunk(doc, max_tokens=40, count_tokens=words)
    assert len(chunks) > 3
    for c in chunks:
        assert words(c.text) + words(c.section or "") <= 40
        assert c.page == 2
        assert doc.text[c.start : c.end] == c.text
    assert chunks[0].text.endswith("histórico.")  # cut after a sentence, not inside it


def test_pages_follow_the_first_block_and_a_lone_heading_is_kept() -> None:
    doc = build(
        ("paragraph", "Primera página.", {"page": 1}),
        ("paragraph", "Segunda página.", {"page": 2}),
        ("heading", "Agenda por confirmar", {"level": 1, "page": 2}),
    )
    chunks = chunk(doc, max_tokens=100, count_tokens=words)
    assert [c.page for c in chunks] == [1, 2]
    assert chunks[-1].text == "Agenda por confirmar"


def test_real_tokenizer_budget_holds_on_a_long_acta(encoder) -> None:
    text = "La Junta Directiva aprobó por unanimidad el acuerdo JD-XI-1 sobre el PMDUOET y sus anexos técnicos. "
    doc = build(*[("paragraph", text * 9) for _ in range(6)])
    chunks = chunk(doc, max_tokens=128, count_tokens=encoder.count_tokens)
    assert len(chunks) >= 6
    assert max(encoder.count_tokens(c.text) for c in chunks) <= 128
