"""Health: the store, the queue, the workers and the index, so a monitor sees a part that stopped."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from models import tables
from service.deps import QueueRuntimeDep, SearchReadyDep, StoreDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(store: StoreDep, runtime: QueueRuntimeDep, search_ready: SearchReadyDep) -> JSONResponse:
    """`status` is "ok" when every part runs, else "degraded" (HTTP 503) with the part that does not:
    `queue` (the queue server answers), `worker` (an ingest worker is alive; restarted when it dies),
    `index` (documents stored but not yet searchable)."""

    def counts() -> tuple[int, int]:
        with store.session() as db:
            total = db.scalar(select(func.count()).select_from(tables.Document)) or 0
            pending = db.scalar(
                select(func.count()).select_from(tables.Document).where(tables.Document.indexed_at.is_(None))
            ) or 0
        return total, pending

    documents, pending = await asyncio.to_thread(counts)
    body: dict = {"status": "ok", "documents": documents}
    body["index"] = {"state": "ok" if search_ready else "off", "pending_documents": pending}
    if runtime is not None:
        body.update(await runtime.status())
    degraded = body.get("queue") == "down" or body.get("worker") == "down"
    if degraded:
        body["status"] = "degraded"
    return JSONResponse(body, status_code=503 if degraded else 200)
