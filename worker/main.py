"""Run an arq worker with Acervo's tasks, configured from the settings the CLI built."""

from __future__ import annotations

import logging

from arq.worker import Worker

from models.settings import Settings
from worker.queue import embedded_server, redis_settings
from worker.tasks import ingest_upload, make_startup, shutdown

log = logging.getLogger("acervo.worker")


def run(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    server = None
    url = settings.redis_url
    if not url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        server = embedded_server(settings.data_dir)
        url = server.connection_url
        log.info("embedded queue server started at %s", url)

    worker = Worker(
        functions=[ingest_upload],
        redis_settings=redis_settings(url),
        on_startup=make_startup(settings.store_url, settings.spacy_model, settings.max_file_bytes),
        on_shutdown=shutdown,
        max_tries=3,
    )
    try:
        worker.run()
    finally:
        if server is not None:
            server.stop()
