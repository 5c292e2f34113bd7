"""arq tasks: ingest an uploaded file the API saved under the data directory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

from arq import Retry
from sqlalchemy.exc import OperationalError

from ingest.extract import Extractor
from ingest.parse import OcrConfig, ParseLimits
from ingest.pipeline import Ingestor
from models.jobs import progress_key
from models.settings import Settings
from models.store import Store

log = logging.getLogger("acervo.worker")

# A job's claim (arq's in-progress key) lives this long unless its worker renews it: a worker that dies
# mid-job leaves the job to be picked up by another within a minute, not after the whole job timeout.
LEASE_S = 45
HEARTBEAT_S = 10

# Errors worth another try: the store or the filesystem briefly unavailable.
TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


async def ingest_upload(ctx: dict[str, Any], stored_path: str, file_name: str) -> dict[str, Any]:
    """Ingest one stored upload. Bad input is a result, not an error: it is never retried."""
    job_id: str = ctx["job_id"]
    redis = ctx["redis"]
    loop = asyncio.get_running_loop()

    def stage(name: str) -> None:
        asyncio.run_coroutine_threadsafe(redis.set(progress_key(job_id), name, ex=86400), loop)

    def page(done: int, total: int) -> None:
        stage(f"parsing {done}/{total}")

    ingestor: Ingestor = ctx["ingestor"]
    # Never longer than arq's own claim (the job timeout plus 10 s), which a short job timeout makes shorter.
    lease = min(LEASE_S, ctx["settings"].job_timeout_s + 10)
    heartbeat = asyncio.create_task(_renew_lease(redis, job_id, lease))
    try:
        return await _ingest(ctx, ingestor, stored_path, file_name, stage, page)
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat


async def _renew_lease(redis: Any, job_id: str, lease_s: float) -> None:
    """Keep this job's claim short and alive while it runs (see LEASE_S)."""
    from arq.constants import in_progress_key_prefix

    while True:
        with contextlib.suppress(Exception):  # a missed beat only shortens the lease
            await redis.pexpire(in_progress_key_prefix + job_id, int(lease_s * 1000))
        await asyncio.sleep(min(HEARTBEAT_S, lease_s / 3))


async def _ingest(ctx: dict[str, Any], ingestor: Ingestor, stored_path: str, file_name: str, stage, page) -> dict:
    job_id: str = ctx["job_id"]
    redis = ctx["redis"]
    try:
        data = Path(stored_path).read_bytes()
        # The pipeline is CPU-bound; a thread keeps the worker's loop (heartbeats, timeouts) alive.
        work = asyncio.ensure_future(asyncio.to_thread(
            ingestor.ingest_bytes, data, file_name, source_path=stored_path, on_stage=stage, on_page=page
        ))
        try:
            outcome = await asyncio.shield(work)
        except asyncio.CancelledError:
            # The job timed out or the worker is stopping (SIGTERM): stop the reader's child process so the
            # thread returns now, instead of parsing on in the background and holding the worker's exit.
            ingestor.stop_parsing()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(work, 30)
            raise
    except TRANSIENT as exc:
        delay = min(60, 2 ** ctx["job_try"])
        log.warning("transient error, retrying", extra={"job": job_id, "error": str(exc), "defer_s": delay})
        raise Retry(defer=delay) from exc
    await redis.set(progress_key(job_id), "done", ex=86400)
    result = {
        "file": outcome.file,
        "status": outcome.status,
        "document_id": outcome.document_id,
        "code": outcome.code,
        "reason": outcome.reason,
        "ocr_pages": outcome.ocr_pages,
        "low_confidence_pages": [{"page": p, "confidence": c} for p, c in outcome.low_confidence],
        "warnings": list(outcome.warnings),
    }
    log.info("ingested", extra={"job": job_id, **result})
    return result


def notify_once(store: Store, timeout: float, allow: tuple[str, ...] = ()) -> dict[str, int]:
    """Queue newly overdue agreements, then post pending webhook events (to public addresses, or `allow`)."""
    from worker.webhooks import deliver_due, queue_overdue

    overdue = queue_overdue(store)
    report = deliver_due(store, timeout=timeout, allow=allow)
    return {"overdue": overdue, "delivered": report.delivered, "retrying": report.retrying, "failed": report.failed}


async def notification_loop(store: Store, settings: Settings) -> None:
    """Every few seconds, beside the jobs. Outside the queue on purpose: a killed worker leaves no job behind
    that others must wait out, and every worker may run it (deliveries are claimed before they are posted)."""
    while True:
        try:
            counts = await asyncio.to_thread(
                notify_once, store, settings.webhook_timeout_s, settings.webhook_allow
            )
            if any(counts.values()):
                log.info("notifications", extra=counts)
        except TRANSIENT as exc:
            log.warning("notifications failed, will try again", extra={"error": str(exc)})
        await asyncio.sleep(settings.webhook_interval_s)


def make_startup(settings: Settings, *, own_process: bool = False):
    async def startup(ctx: dict[str, Any]) -> None:
        from ingest.search.engine import open_encoder
        from ingest.search.index import open_index
        from ingest.search.indexer import Indexer

        store = Store.open(settings.store_url)
        extractor = Extractor(settings.spacy_model, max_chars=settings.max_text_chars)
        common = {
            "max_file_bytes": settings.max_file_bytes,
            "ocr": OcrConfig.from_settings(settings),
            "keep_dir": settings.uploads_dir,
            # The reader is stopped before arq abandons the job, so the job ends with the reason.
            "file_timeout_s": min(settings.file_timeout_s, max(1.0, settings.job_timeout_s * 0.75)),
            "limits": ParseLimits.from_settings(settings),
            "max_text_chars": settings.max_text_chars,
        }
        encoder = open_encoder(settings)
        if settings.qdrant_url:
            # A Qdrant server takes writes from every worker.
            indexer = Indexer(open_index(data_dir=settings.data_dir, url=settings.qdrant_url), encoder)
            ingestor = Ingestor(store, extractor, indexer=indexer, **common)
        else:
            # The embedded index belongs to `acervo serve`, which indexes what workers store; chunking
            # needs only the model's tokenizer, not the index.
            chunker = Indexer(index=None, encoder=encoder).chunk  # type: ignore[arg-type]
            ingestor = Ingestor(store, extractor, chunker=chunker, **common)
        ingestor.load_models(freeze=own_process)
        ctx["store"] = store
        ctx["ingestor"] = ingestor
        ctx["settings"] = settings
        ctx["notifier"] = asyncio.create_task(notification_loop(store, settings))

    return startup


async def shutdown(ctx: dict[str, Any]) -> None:
    ingestor: Ingestor | None = ctx.get("ingestor")
    if ingestor is not None:
        ingestor.close()
    notifier: asyncio.Task | None = ctx.get("notifier")
    store: Store | None = ctx.get("store")
    if notifier is not None:
        notifier.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await notifier
    if store is not None:
        # What this worker stored is announced before it stops (a burst run ends right after its jobs).
        with contextlib.suppress(*TRANSIENT):
            await asyncio.wait_for(asyncio.to_thread(
                notify_once, store, ctx["settings"].webhook_timeout_s, ctx["settings"].webhook_allow), 60)
        store.dispose()
