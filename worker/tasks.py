"""arq tasks: ingest an uploaded file that the API saved under the data directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.extract import Extractor
from ingest.pipeline import Ingestor
from models.store import Store


async def ingest_upload(ctx: dict[str, Any], stored_path: str, file_name: str) -> dict[str, Any]:
    """Ingest one stored upload; the result says ingested, duplicate or failed with the reason."""
    ingestor: Ingestor = ctx["ingestor"]
    data = Path(stored_path).read_bytes()
    outcome = ingestor.ingest_bytes(data, file_name, source_path=stored_path)
    return {
        "file": outcome.file,
        "status": outcome.status,
        "document_id": outcome.document_id,
        "code": outcome.code,
        "reason": outcome.reason,
    }


def make_startup(store_url: str, spacy_model: str, max_file_bytes: int):
    async def startup(ctx: dict[str, Any]) -> None:
        store = Store.open(store_url)
        ctx["store"] = store
        ctx["ingestor"] = Ingestor(store, Extractor(spacy_model), max_file_bytes=max_file_bytes)

    return startup


async def shutdown(ctx: dict[str, Any]) -> None:
    store: Store | None = ctx.get("store")
    if store is not None:
        store.dispose()
