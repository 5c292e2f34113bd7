from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from ingest.parse import OcrConfig, ocr_unavailable_reason
from ingest.pipeline import Ingestor, iter_files
from models import tables
from models.store import Store
from tests.samples import bad_documents, good_documents


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def ingestor(settings, extractor) -> Ingestor:
    return Ingestor(Store.open(settings.store_url), extractor, max_file_bytes=settings.max_file_bytes)


def test_every_format_is_ingested_once(tmp_path, ingestor) -> None:
    folder = _write(tmp_path / "docs", good_documents())
    outcomes = [ingestor.ingest_path(p) for p in iter_files([folder])]
    assert {o.file: o.status for o in outcomes} == {name: "ingested" for name in good_documents()}
    again = [ingestor.ingest_path(p) for p in iter_files([folder])]
    assert {o.status for o in again} == {"duplicate"}
    assert ingestor.store.count(tables.Document) == len(good_documents())
    with ingestor.store.session() as db:
        formats = dict(db.execute(select(tables.Document.file_name, tables.Document.format)).all())
    assert formats == {
        "acta.md": "markdown",
        "agenda.html": "html",
        "comunicado.txt": "text",
        "informe.pdf": "pdf",
        "minuta.docx": "docx",
    }


def test_renamed_copy_is_a_duplicate(tmp_path, ingestor) -> None:
    data = good_documents()["acta.md"]
    first = ingestor.ingest_bytes(data, "acta.md")
    second = ingestor.ingest_bytes(data, "copia de acta.txt")
    assert second.status == "duplicate"
    assert second.document_id == first.document_id
    assert "acta.md" in (second.reason or "")


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("vacio.txt", "empty_file", "empty"),
        ("binario.dat", "unknown_format", "binary"),
        ("truncado.pdf", "corrupt_file", "pdf"),
        ("cifrado.pdf", "encrypted_file", "encrypted"),
        ("escaneado.pdf", "no_text_layer", "scanned"),
        ("archivo.zip", "unknown_format", "zip"),
    ],
)
def test_bad_input_is_reported_and_nothing_is_lost(tmp_path, ingestor, name, code, words) -> None:
    stored = ingestor.ingest_bytes(good_documents()["acta.md"], "acta.md")
    path = _write(tmp_path / "bad", {name: bad_documents()[name]}) / name
    outcome = ingestor.ingest_path(path)
    assert (outcome.status, outcome.code) == ("failed", code)
    assert words in (outcome.reason or "").lower()
    assert ingestor.store.count(tables.Document) == 1
    with ingestor.store.session() as db:
        assert db.get(tables.Document, stored.document_id).text


def test_file_over_the_limit_is_refused_before_reading(tmp_path, settings, extractor) -> None:
    small = Ingestor(Store.open(settings.store_url), extractor, max_file_bytes=1000)
    path = _write(tmp_path / "big", {"grande.txt": b"palabra " * 1000}) / "grande.txt"
    outcome = small.ingest_path(path)
    assert (outcome.status, outcome.code) == ("failed", "file_too_large")
    assert "limit" in (outcome.reason or "")


def test_content_decides_the_format_not_the_extension(tmp_path, ingestor) -> None:
    outcome = ingestor.ingest_bytes(good_documents()["acta.md"], "no-es-un.pdf")
    assert outcome.status == "ingested"
    with ingestor.store.session() as db:
        assert db.get(tables.Document, outcome.document_id).format == "markdown"


def test_hidden_files_are_skipped_and_folders_walked(tmp_path) -> None:
    root = _write(tmp_path / "a", {"uno.txt": b"uno", ".oculto.txt": b"x"})
    _write(root / "sub", {"dos.txt": b"dos"})
    assert [p.name for p in iter_files([root])] == ["dos.txt", "uno.txt"]  # by path: sub/dos.txt < uno.txt


@pytest.mark.skipif(ocr_unavailable_reason(OcrConfig()) is not None, reason="OCR is not available")
def test_a_scanned_acta_is_stored_with_each_pages_source(settings, extractor) -> None:
    from tests.ingest.parse.factories import mixed_pdf, rasterise, two_page_pdf

    scan = rasterise(two_page_pdf())
    # Page 2 is typed, pages 1 and 3 scanned; every page is listed as doubtful with a bar no OCR reaches.
    data = mixed_pdf([scan[0], "Anexo: lista de asistencia firmada por los consejeros.", scan[1]])
    ingestor = Ingestor(
        Store.open(settings.store_url),
        extractor,
        max_file_bytes=settings.max_file_bytes,
        ocr=OcrConfig(low_confidence=100.1),
    )
    pages: list[tuple[int, int]] = []
    outcome = ingestor.ingest_bytes(data, "acta-escaneada.pdf", on_page=lambda done, total: pages.append((done, total)))
    assert outcome.status == "ingested"
    assert pages == [(1, 3), (2, 3), (3, 3)]
    assert outcome.ocr_pages == 2
    assert [p for p, _ in outcome.low_confidence] == [1, 3]
    with ingestor.store.session() as db:
        document = db.get(tables.Document, outcome.document_id)
        rows = [(p.page, p.source, p.ocr_confidence is not None) for p in document.page_sources]
        assert rows == [(1, "ocr", True), (2, "text", False), (3, "ocr", True)]
        assert "Torreón" in document.text and "Anexo" in document.text
        assert document.extraction["dates"], "dates are extracted from OCR text"


LOAD_MODELS = """
import gc, sys
from ingest.extract import Extractor
from ingest.pipeline import Ingestor
from models.store import Store
ingestor = Ingestor(Store.open(sys.argv[1]), Extractor(), max_file_bytes=1_000_000)
ingestor.load_models(freeze=sys.argv[2] == "freeze")
print(ingestor.extractor._nlp is not None, gc.get_freeze_count())
"""


@pytest.mark.parametrize("freeze", [True, False])
def test_models_load_before_the_first_file_and_a_run_of_its_own_freezes_them(tmp_path, freeze) -> None:
    # In a process of its own, as `acervo ingest` and `acervo worker` run it: freezing is process-wide.
    url = f"sqlite:///{tmp_path / 'acervo.db'}"
    result = subprocess.run(
        [sys.executable, "-c", LOAD_MODELS, url, "freeze" if freeze else "keep"],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2], check=True,
    )
    loaded, frozen = result.stdout.split()
    assert loaded == "True"
    # the loaded model's objects (a few hundred thousand) are out of the collector's passes, or none are
    assert int(frozen) > 100_000 if freeze else int(frozen) == 0
