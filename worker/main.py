"""Run an arq worker with Acervo's tasks, configured from the settings the CLI built."""

from __future__ import annotations

import logging
import os

from arq import func
from arq.worker import Worker

from models.jobs import INGEST_TASK, QUEUE_NAME
from models.settings import Settings
from worker.queue import queue_url, redis_settings
from worker.tasks import ingest_upload, make_startup, shutdown

log = logging.getLogger("acervo.worker")


def build_worker(settings: Settings, *, burst: bool = False, own_process: bool = False) -> Worker:
    """The worker; `own_process` when it is the process's only job (`acervo worker`), not a test's."""
    return Worker(
        functions=[func(ingest_upload, name=INGEST_TASK, max_tries=5)],
        queue_name=QUEUE_NAME,
        redis_settings=redis_settings(queue_url(settings)),
        on_startup=make_startup(settings, own_process=own_process),
        on_shutdown=shutdown,
        job_timeout=settings.job_timeout_s,
        keep_result=7 * 86400,
        burst=burst,
        max_jobs=1,  # ingest is CPU-bound: scale with more worker processes, not more jobs per process
    )


def run(settings: Settings, *, burst: bool = False) -> None:
    # No model is ever fetched from a hub; OpenMP threads sleep rather than spin beside extraction.
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("OMP_WAIT_POLICY", "PASSIVE")):
        os.environ.setdefault(name, value)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    build_worker(settings, burst=burst, own_process=True).run()
