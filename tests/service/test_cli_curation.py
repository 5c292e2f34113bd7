"""`acervo correct` in a terminal: a correction, its audit line, and the correction holding after relink."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from ingest.pipeline import Ingestor
from models import tables
from models.settings import Settings
from models.store import Store
from tests.sessions import write_sessions

ACERVO = str(Path(sys.executable).with_name("acervo"))


def _acervo(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([ACERVO, *args], env=env, capture_output=True, text=True, timeout=300)


def test_cli_corrections_are_audited_and_survive_relink(tmp_path, cli_env, extractor) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    store = Store.open(settings.store_url)
    ingestor = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes)
    for path in write_sessions(tmp_path / "actas"):
        assert ingestor.ingest_path(path).status == "ingested"
    with store.session() as db:
        jd1 = db.scalar(select(tables.Agreement.id).where(tables.Agreement.code == "JD-I-1"))
        doc = db.scalar(select(tables.Document.id).order_by(tables.Document.id))
    store.dispose()

    done = _acervo(cli_env, "correct", "agreement-status", str(jd1), "cancelado", "--note", "Oficio 14/2024")
    assert done.returncode == 0, done.stderr
    assert "Estado del acuerdo fijado" in done.stderr
    done = _acervo(cli_env, "correct", "document", str(doc), "--date", "2024-02-01", "--body", "Consejo Directivo")
    assert done.returncode == 0, done.stderr
    assert _acervo(cli_env, "relink").returncode == 0
    log = _acervo(cli_env, "correct", "log")
    assert log.returncode == 0 and "2 correcciones" in log.stderr
    assert "Oficio 14/2024" in log.stdout and "cli:" in log.stdout

    store = Store.open(settings.store_url)
    with store.session() as db:
        agreement = db.get(tables.Agreement, db.scalar(
            select(tables.Agreement.id).where(tables.Agreement.code == "JD-I-1")))
        assert (agreement.status, agreement.status_note) == ("cancelado", "Oficio 14/2024")
        document = db.get(tables.Document, doc)
        assert (document.date.isoformat(), document.body) == ("2024-02-01", "Consejo Directivo")
    store.dispose()
