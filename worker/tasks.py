"""arq tasks: ingest an uploaded file the API saved under the data directory."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from arq import Retry
from sqlalchemy.exc import OperationalError

from ingest.extract import Extractor
from ingest.pipeline import Ingestor
from models.jobs import progress_key
from models.settings import Settings
from models.store import Store

log = logging.getLogger("acervo.worker")

# Errors worth another try: the store or the filesystem briefly unavailable.
TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


async def ingest_upload(ctx: dict[str, Any], stored_path: str, file_name: str) -> dict[str, Any]:
    """Ingest one stored upload. Bad input is a result, not an error: it is never retried."""
    job_id: str = ctx["job_id"]
    redis = ctx["redis"]
    loop = asyncio.get_running_loop()

    def stage(name: str) -> None:
        asyncio.run_coroutine_threadsafe(redis.set(progress_key(job_id), name, ex=86400), loop)

    ingestor: Ingestor = ctx["ingestor"]
    try:
        data = Path(stored_path).read_bytes()
        # The pipeline is CPU-bound; a thread keeps the worker's loop (heartbeats, timeouts) alive.
        outcome = await asyncio.to_thread(
            ingestor.ingest_bytes, data, file_name, source_path=stored_path, on_stage=stage
        )
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
    }
    log.info("ingested", extra={"job": job_id, **result})
    return result


async def notify_clients(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron: queue newly overdue agreements, then post pending webhook events."""
    from worker.notifications import deliver_due, queue_overdue

    settings: Settings = ctx["settings"]
    store: Store = ctx["store"]
    overdue = await asyncio.to_thread(queue_overdue, store)
    report = await asyncio.to_thread(deliver_due, store, timeout=settings.webhook_timeout_s)
    return {"overdue": overdue, "delivered": report.delivered, "retrying": report.retrying, "failed": report.failed}


def make_startup(settings: Settings):
    async def startup(ctx: dict[str, Any]) -> None:
        from ingest.embed.encoder import DenseEncoder
        from ingest.index import open_index
        from ingest.indexer import Indexer

        store = Store.open(settings.store_url)
        encoder = DenseEncoder.load(settings.embed_model, models_dir=settings.models_dir)
        if settings.qdrant_url:
            # A Qdrant server takes writes from every worker.
            indexer = Indexer(open_index(data_dir=settings.data_dir, url=settings.qdrant_url), encoder)
            ingestor = Ingestor(store, Extractor(settings.spacy_model), max_file_bytes=settings.max_file_bytes,
                                indexer=indexer)
        else:
            # The embedded index belongs to `acervo serve`, which indexes what workers store; chunking
            # needs only the model's tokenizer, not the index.
            chunker = Indexer(index=None, encoder=encoder).chunk  # type: ignore[arg-type]
            ingestor = Ingestor(store, Extractor(settings.spacy_model), max_file_bytes=settings.max_file_bytes,
                                chunker=chunker)
        ctx["store"] = store
        ctx["ingestor"] = ingestor
        ctx["settings"] = settings

    return startup


async def shutdown(ctx: dict[str, Any]) -> None:
    store: Store | None = ctx.get("store")
    if store is not None:
        store.dispose()
