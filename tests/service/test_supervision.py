"""Supervision on the embedded default: a real queue server and real worker processes, killed for real."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest
from fastapi.testclient import TestClient

from models.apikeys import create_key
from models.settings import Settings
from models.store import Store
from service.app import create_app
from service.queue import QueueRuntime
from tests.samples import ACTA_MD


def _until(check, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("condition not met in time")


def test_a_killed_worker_shows_in_health_and_is_started_again(tmp_path, e5_model_dir) -> None:
    settings = Settings(data_dir=tmp_path / "data", embed_model=str(e5_model_dir))
    store = Store.open(settings.store_url)
    key = create_key(store, "sistema", ["ingest", "read"])[0]
    with TestClient(create_app(settings, with_search=False), headers={"X-API-Key": key}) as client:
        runtime: QueueRuntime = client.app.state.queue_runtime
        first = runtime.workers[0]
        assert client.get("/api/health").json()["worker"] == "ok"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        degraded = client.get("/api/health")
        if degraded.status_code == 503:  # unless the supervisor was quicker than this request
            assert degraded.json()["status"] == "degraded" and degraded.json()["worker"] == "down"
        _until(lambda: client.get("/api/health").json().get("worker_restarts") == 1)
        health = client.get("/api/health")
        assert health.status_code == 200 and health.json()["worker"] == "ok"
        assert runtime.workers[0].pid != first.pid
        # The new worker takes uploads.
        item = client.post("/api/documents", files=[("files", ("acta.md", ACTA_MD.encode()))]).json()["items"][0]
        state = _until(lambda: (s := client.get(f"/api/jobs/{item['job_id']}").json())["status"] == "complete" and s)
        assert state["result"]["status"] == "ingested"
        worker_pid = runtime.workers[0].pid
    # The worker ended with the server.
    _until(lambda: not os.path.exists(f"/proc/{worker_pid}") or _zombie(worker_pid), 30)
    store.dispose()


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_second_server_on_the_same_queue_folder_is_refused(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedded_worker=False)

    async def scenario() -> None:
        first = QueueRuntime(settings)
        await first.start()
        try:
            with pytest.raises(SystemExit, match="another `acervo serve`"):
                await QueueRuntime(settings).start()
        finally:
            await first.stop()
        again = QueueRuntime(settings)  # the lock went with the first
        await again.start()
        await again.stop()

    asyncio.run(scenario())


def test_a_queue_server_left_by_a_killed_server_is_stopped_before_a_new_one_starts(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedded_worker=False)

    async def scenario() -> None:
        first = QueueRuntime(settings)
        await first.start()
        orphan = first.server._process  # as if `acervo serve` had been killed: its queue server runs on
        await first.pool.aclose()
        first.lock.release()
        second = QueueRuntime(settings)
        await second.start()
        try:
            assert orphan.wait(15) is not None  # stopped, not left beside the new one on the same files
            assert await second.pool.ping()
        finally:
            await second.stop()

    asyncio.run(scenario())


@pytest.mark.slow
def test_a_job_interrupted_by_a_dead_worker_is_picked_up_within_a_minute(tmp_path, e5_model_dir) -> None:
    """The job's claim is a lease the worker renews, not the job timeout (600 s here)."""
    from tests.hostile import slow_pdf

    settings = Settings(data_dir=tmp_path / "data", embed_model=str(e5_model_dir), job_timeout_s=600)
    store = Store.open(settings.store_url)
    key = create_key(store, "sistema", ["ingest", "read"])[0]
    with TestClient(create_app(settings, with_search=False), headers={"X-API-Key": key}) as client:
        runtime: QueueRuntime = client.app.state.queue_runtime
        item = client.post("/api/documents", files=[("files", ("largo.pdf", slow_pdf(60)))]).json()["items"][0]
        _until(lambda: client.get(f"/api/jobs/{item['job_id']}").json()["stage"].startswith("parsing"), 180)
        os.kill(runtime.workers[0].pid, signal.SIGKILL)
        killed = time.monotonic()
        state = _until(lambda: (s := client.get(f"/api/jobs/{item['job_id']}").json())["status"] == "complete" and s,
                       240)
        assert state["result"]["status"] == "ingested"
        # lease (45 s) + restart and model load + reading the file again; far under the 600 s job timeout
        assert time.monotonic() - killed < 200
    store.dispose()
