"""Uploads: one or many files in, one ingest job per file out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from ingest.errors import IngestError
from ingest.parse import detect_format
from models.jobs import INGEST_TASK, QUEUE_NAME, ingest_job_id
from service.auth import IngestAccess
from service.deps import QueueDep, SettingsDep
from service.errors import ApiError
from service.uploads import display_name, read_upload, store_upload

router = APIRouter(tags=["uploads"])


class UploadItem(BaseModel):
    file: str
    status: str  # queued | rejected
    job_id: str | None = None
    format: str | None = None
    error: dict | None = None


class UploadResponse(BaseModel):
    items: list[UploadItem]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "items": [
                        {"file": "acta-3.pdf", "status": "queued", "job_id": "ingest-3f2a…", "format": "pdf"},
                        {
                            "file": "foto.png",
                            "status": "rejected",
                            "error": {"code": "unknown_format", "detail": "binary file of unknown format"},
                        },
                    ]
                }
            ]
        }
    }


@router.post("/documents", status_code=202, response_model=UploadResponse)
async def upload_documents(
    _: IngestAccess,
    settings: SettingsDep,
    queue: QueueDep,
    files: Annotated[list[UploadFile], File(description="Uno o varios documentos: PDF, DOCX, HTML, Markdown, texto.")],
) -> UploadResponse:
    """Queue documents for ingest. Each file gets a job id to follow at `/api/jobs/{job_id}`;
    the same content uploaded again gets the same job and becomes one document."""
    items: list[UploadItem] = []
    for upload in files:
        name = display_name(upload.filename)
        data = await read_upload(upload, settings.max_file_bytes)
        try:
            fmt = detect_format(data, name)
        except IngestError as exc:
            items.append(UploadItem(file=name, status="rejected", error={"code": exc.code, "detail": exc.reason}))
            continue
        digest, path = store_upload(settings.uploads_dir, data)
        job_id = ingest_job_id(digest)
        if queue is None:
            raise ApiError(503, "queue_unavailable")
        await queue.enqueue_job(INGEST_TASK, str(path), name, _job_id=job_id, _queue_name=QUEUE_NAME)
        items.append(UploadItem(file=name, status="queued", job_id=job_id, format=fmt))
    if items and all(i.status == "rejected" for i in items):
        first = items[0].error or {}
        raise ApiError(415, "unsupported_format", f"{items[0].file}: {first.get('detail')}")
    return UploadResponse(items=items)
