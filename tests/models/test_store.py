from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from models import tables
from models.store import Store


def _document(content_hash: str, **extra) -> tables.Document:
    fields = dict(
        content_hash=content_hash,
        file_name=f"{content_hash}.md",
        format="markdown",
        size_bytes=10,
        text="texto",
        blocks=[],
        extraction={},
        ingested_at=datetime.now(UTC),
    )
    fields.update(extra)
    return tables.Document(**fields)


def test_migration_creates_every_table(settings) -> None:
    store = Store.open(settings.store_url)
    names = set(inspect(store.engine).get_table_names())
    assert {
        "documents",
        "sessions",
        "people",
        "participations",
        "agreements",
        "agreement_events",
        "programs",
        "chunks",
        "alembic_version",
    } <= names
    if store.engine.dialect.name == "sqlite":
        assert settings.data_dir.joinpath("acervo.db").is_file()


def test_migrating_twice_is_harmless(settings) -> None:
    Store.open(settings.store_url).dispose()
    store = Store.open(settings.store_url)
    assert store.count(tables.Document) == 0


def test_same_hash_is_stored_once(settings) -> None:
    store = Store.open(settings.store_url)
    first_id, created = store.add_document(_document("a" * 64))
    assert created
    again_id, created_again = store.add_document(_document("a" * 64))
    assert (again_id, created_again) == (first_id, False)
    assert store.count(tables.Document) == 1


def test_failed_write_leaves_stored_documents_intact(settings) -> None:
    store = Store.open(settings.store_url)
    store.add_document(_document("b" * 64))
    with pytest.raises(IntegrityError), store.session() as db:
        db.add(_document("c" * 64))
        db.flush()
        db.add(_document("d" * 64, file_name=None))  # violates NOT NULL mid-transaction
        db.flush()
    assert store.count(tables.Document) == 1
    assert store.document_by_hash("c" * 64) is None
    assert store.document_by_hash("b" * 64) is not None


def test_migrations_build_exactly_the_models_tables(settings) -> None:
    """Alembic's autogenerate finds nothing to add or drop: the migrations and models/tables.py agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = Store.open(settings.store_url)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        diff = compare_metadata(context, tables.Base.metadata)
    store.dispose()
    assert diff == []


def test_ocr_pages_are_found_by_document_and_page(tmp_path) -> None:
    from models.pages import ocr_pages

    store = Store.open(f"sqlite:///{tmp_path / 'paginas.db'}")
    with store.session() as db:
        doc = tables.Document(
            content_hash="a" * 64, file_name="escaneo.pdf", format="pdf", size_bytes=1, text="x",
            ingested_at=datetime.now(UTC),
        )
        doc.page_sources = [
            tables.DocumentPage(page=1, source="text"),
            tables.DocumentPage(page=2, source="ocr", ocr_confidence=88.0),
        ]
        db.add(doc)
        db.flush()
        assert ocr_pages(db, [doc.id]) == {(doc.id, 2): 88.0}
        assert ocr_pages(db, []) == {}
