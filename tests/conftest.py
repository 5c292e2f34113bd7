from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

warnings.filterwarnings("ignore", message=r".*\[W095\].*")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path):
    """The store on SQLite, and on the machine's PostgreSQL when ACERVO_TEST_DATABASE_URL is set
    (each test in a schema of its own, dropped afterwards)."""
    if request.param == "sqlite":
        yield None
        return
    base = os.environ.get("ACERVO_TEST_DATABASE_URL")
    if not base:
        pytest.skip("ACERVO_TEST_DATABASE_URL is not set")
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, store_url: str | None) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=store_url)


@pytest.fixture(scope="session")
def e5_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default embedding model, converted once per test session (a few seconds, no download)."""
    from ingest.embed.encoder import DEFAULT_MODEL
    from ingest.embed.prepare import prepare_e5_small

    return prepare_e5_small(tmp_path_factory.mktemp("models") / DEFAULT_MODEL)


@pytest.fixture
def cli_env(tmp_path: Path, e5_model_dir: Path) -> dict[str, str]:
    """Environment for running `acervo` as a subprocess against a private data directory.

    The embedding model is the session's converted copy, so each run does not convert its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACERVO_")}
    env["ACERVO_DATA_DIR"] = str(tmp_path / "data")
    env["ACERVO_EMBED_MODEL"] = str(e5_model_dir)
    return env


@pytest.fixture(scope="session")
def encoder(e5_model_dir: Path):
    """The real default model through sentence-transformers, loaded once for the session."""
    from ingest.search.engine import runtime_defaults

    runtime_defaults()
    from ingest.embed.encoder import DenseEncoder

    return DenseEncoder.load(str(e5_model_dir), models_dir=e5_model_dir.parent)


@pytest.fixture(scope="session")
def extractor():
    from ingest.extract import Extractor

    return Extractor()


@dataclass(frozen=True)
class DevArchive:
    """The dev corpus and the seeds, ingested: a SQLite store and an embedded index written by `encoder`."""

    store_url: str
    index_dir: Path


@pytest.fixture(scope="session")
def dev_archive(tmp_path_factory: pytest.TempPathFactory, encoder, extractor) -> DevArchive:
    """Parsed, extracted, chunked, stored and indexed once per session for the retrieval-quality tests
    (extraction is most of the time); each test opens the store and the index itself. Skips without ../shared."""
    from ingest.pipeline import Ingestor, iter_files
    from ingest.search.index.edge import EdgeIndex
    from ingest.search.indexer import Indexer
    from models.store import Store

    dev = SHARED / "corpus" / "dev"
    if not (dev / "queries.jsonl").exists():
        pytest.skip("../shared corpus not present")
    root = tmp_path_factory.mktemp("dev_archive")
    archive = DevArchive(store_url=f"sqlite:///{root / 'acervo.db'}", index_dir=root / "index")
    store = Store.open(archive.store_url)
    indexer = Indexer(EdgeIndex(archive.index_dir), encoder)
    indexer.ensure_collection()
    ingestor = Ingestor(store, extractor, max_file_bytes=50_000_000, indexer=indexer)
    for path in iter_files([dev / "docs", SHARED / "corpus" / "seeds"]):
        assert ingestor.ingest_path(path).status == "ingested"
    ingestor.flush_index()
    indexer.close()
    store.dispose()
    return archive


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def live_server(settings: Settings, *, start_timeout: float = 120) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, in a thread; yields its base URL (no slash).

    The one live server of the suite: the browser tests and the schema fuzzing both run on it."""
    import threading
    import time

    import uvicorn

    from service.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="acervo-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)
