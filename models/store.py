"""The store: one database (SQLite by default, PostgreSQL by URL) behind a small API."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, Executable, Result, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import tables
from models.ids import PARAMETER, ids_value

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_POOL = 16  # connections kept open to a SQLite store


def head_revision() -> str:
    """The newest migration's id: revisions are numbered in order ("0005_pages.py" is "0005")."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'acervo.db').resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the API read while a worker writes; the busy timeout makes
    # concurrent writers wait instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def run_for_ids(db: Session, statement: Executable, ids: Iterable[int]) -> Result:
    """`statement`, built once with `models.ids.in_ids` in it, run for these ids on the session's connection:
    statements a search runs on every page cost more to build than to run."""
    connection = db.connection()
    return connection.execute(statement, {PARAMETER: ids_value(connection.dialect.name, ids)})


class Store:
    """Documents and their entities. Every write happens in one transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            # A file has no server to drop a pooled connection, so no ping before each use (it was a tenth of
            # a search under load); and enough connections stay open for the API's concurrent requests, which
            # otherwise opened and closed one (pragmas and all) per request beyond the fifth.
            self.engine: Engine = create_engine(url, pool_size=SQLITE_POOL)
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)  # a server restart drops pooled connections
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Store:
        """A store whose schema is migrated to the newest revision."""
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        store = cls(url)
        store.migrate()
        return store

    def migrate(self) -> None:
        if self._at_head():
            return  # Alembic takes a second to import: a command on an up-to-date store should not pay it
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed if the block ends normally, rolled back otherwise."""
        with self._sessions() as db, db.begin():
            yield db

    def document_by_hash(self, content_hash: str) -> tables.Document | None:
        with self._sessions() as db:
            return db.scalar(select(tables.Document).where(tables.Document.content_hash == content_hash))

    def add_document(self, document: tables.Document) -> tuple[int, bool]:
        """Store a document with everything attached to it, all or nothing.

        Returns (document id, created). The same bytes stored concurrently by
        another process make this a no-op that returns the existing id.
        """
        try:
            with self.session() as db:
                db.add(document)
                db.flush()
                return document.id, True
        except IntegrityError:
            existing = self.document_by_hash(document.content_hash)
            if existing is None:
                raise
            return existing.id, False

    def count(self, table: type[tables.Base]) -> int:
        with self._sessions() as db:
            return db.scalar(select(func.count()).select_from(table)) or 0

    def dispose(self) -> None:
        self.engine.dispose()

    def _at_head(self) -> bool:
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
