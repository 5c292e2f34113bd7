"""Supervision on the embedded default: a real queue server and real worker processes, killed for real."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from models.apikeys import create_key
from models.settings import Settings
from models.store import Store
from service.app import create_app
from service.queue import QueueRuntime
from tests.conftest import free_port
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


@pytest.mark.parametrize("port_taken", [False, True], ids=["same-port", "port-taken"])
def test_a_killed_queue_server_is_started_again_and_takes_uploads(tmp_path, e5_model_dir, port_taken: bool) -> None:
    """On its port, so that every client reconnects; when something else took the port meanwhile, on another,
    with a new pool and the workers started again on the new URL."""
    settings = Settings(data_dir=tmp_path / "data", embed_model=str(e5_model_dir))
    store = Store.open(settings.store_url)
    key = create_key(store, "sistema", ["ingest", "read"])[0]
    with TestClient(create_app(settings, with_search=False), headers={"X-API-Key": key}) as client:
        runtime: QueueRuntime = client.app.state.queue_runtime
        url, first = runtime.url, _pid_of_queue_server(settings)
        # A job done before the crash: the new server reads the same files, so it is still known after.
        before = client.post("/api/documents", files=[("files", ("antes.md", ACTA_MD.encode()))]).json()["items"][0]
        _until(lambda: client.get(f"/api/jobs/{before['job_id']}").json()["status"] == "complete")
        squatter = socket.socket()
        if port_taken:
            # Another program listens on the port the server is to come back on (its own port may stay
            # taken for a while by the dead server's connections, so the test points it at this one).
            squatter.bind(("127.0.0.1", 0))
            squatter.listen()
            runtime.port = squatter.getsockname()[1]
        os.kill(first, signal.SIGKILL)
        _until(lambda: not _alive(first), 10)
        degraded = client.get("/api/health")
        if degraded.status_code == 503:  # unless the supervisor was quicker than this request
            assert degraded.json()["queue"] == "down"
        _until(lambda: client.get("/api/health").json().get("queue_restarts") == 1, 60)
        health = _until(lambda: (h := client.get("/api/health")).status_code == 200 and h.json())
        assert health["queue"] == "ok" and health["worker"] == "ok"
        second = _pid_of_queue_server(settings)
        assert second != first and _alive(second)
        squatter.close()
        assert runtime.url == settings.queue_url_file.read_text()
        assert (runtime.url != url) if port_taken else (runtime.url == url)
        item = client.post(
            "/api/documents", files=[("files", ("despues.md", ACTA_MD.replace("Acta", "Minuta").encode()))]
        ).json()["items"][0]
        state = _until(lambda: (s := client.get(f"/api/jobs/{item['job_id']}").json())["status"]
                       in ("complete", "failed") and s)
        assert state["status"] == "complete" and state["result"]["status"] == "ingested", state
        assert client.get(f"/api/jobs/{before['job_id']}").json()["result"]["status"] == "ingested"
    # The restarted server and its watchdog ended with the app.
    _until(lambda: not _alive(second), 30)
    store.dispose()


def _pid_of_queue_server(settings: Settings) -> int:
    return int((settings.queue_url_file.parent / "db" / "valkey.pid").read_text().strip())


def _alive(pid: int) -> bool:
    return os.path.exists(f"/proc/{pid}") and not _zombie(pid)


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found[int(entry.name)] = command
    return found


def test_killing_serve_outright_ends_its_queue_server_worker_and_watchdog(cli_env, tmp_path) -> None:
    port = free_port()
    acervo = Path(sys.executable).with_name("acervo")
    serve = subprocess.Popen(
        [str(acervo), "serve", "--port", str(port)], env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        def healthy() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        _until(healthy, 240)
        children = _children(serve.pid)
        queue_server = int((tmp_path / "data" / "queue" / "db" / "valkey.pid").read_text().strip())
        workers = [pid for pid, command in children.items() if "-m worker" in command]
        watchdogs = [pid for pid, command in children.items() if "service.watchdog" in command]
        assert queue_server in children and len(workers) == 1 and len(watchdogs) == 1, children
        serve.kill()
        serve.wait(10)
        for pid in (queue_server, *workers, *watchdogs):
            _until(lambda p=pid: not _alive(p), 30)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(10)


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
