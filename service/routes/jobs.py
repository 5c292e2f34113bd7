"""Jobs: where an upload is, from queued to stored, and why it failed if it did."""

from __future__ import annotations

from arq.jobs import Job, JobStatus
from fastapi import APIRouter, Path
from pydantic import BaseModel

from ingest.search.indexed import is_indexed
from models.jobs import QUEUE_NAME, progress_key
from service.auth import ReadAccess
from service.deps import QueueDep, StoreDep
from service.errors import ApiError

router = APIRouter(tags=["jobs"])

# The share of the work done when each stage starts, for a progress bar.
STAGES = {"queued": 0, "parsing": 10, "extracting": 30, "storing": 70, "indexing": 80, "done": 100}


class JobState(BaseModel):
    job_id: str
    status: str  # queued | in_progress | complete | failed
    stage: str
    progress: int
    # While a PDF or image is read page by page (OCR takes seconds a page): pages read so far, and in all.
    page: int | None = None
    pages: int | None = None
    result: dict | None = None
    error: str | None = None
    # Complete jobs only: whether the document is in the search index yet ("indexing" until it is).
    searchable: bool | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "job_id": "ingest-3f2a…",
                    "status": "complete",
                    "stage": "done",
                    "progress": 100,
                    "result": {
                        "file": "acta-3.pdf",
                        "status": "ingested",
                        "document_id": 42,
                        "code": None,
                        "reason": None,
                    },
                }
            ]
        }
    }


def _pages(stage: str) -> tuple[int | None, int | None]:
    """The page counts in a stage such as "parsing 3/100", as the worker writes it while reading pages."""
    name, _, count = stage.partition(" ")
    done, _, total = count.partition("/")
    if name != "parsing" or not done.isdigit() or not total.isdigit():
        return None, None
    return int(done), int(total)


@router.get("/jobs/{job_id}", response_model=JobState)
async def get_job(
    _: ReadAccess, queue: QueueDep, store: StoreDep, job_id: str = Path(pattern=r"^[A-Za-z0-9_.:-]{1,100}$")
) -> JobState:
    if queue is None:
        raise ApiError(503, "queue_unavailable")
    job = Job(job_id, queue, _queue_name=QUEUE_NAME)
    status = await job.status()
    if status is JobStatus.not_found:
        raise ApiError(404, "not_found", f"job {job_id}")
    stage = (await queue.get(progress_key(job_id)) or b"queued").decode()
    page, pages = _pages(stage)
    if page is not None:
        stage = "parsing"
    if status is not JobStatus.complete:
        progress = STAGES.get(stage, 0)
        if page is not None and pages:
            # Reading the pages is the part that grows with the file: it spans parsing up to extracting.
            progress += (STAGES["extracting"] - STAGES["parsing"]) * page // pages
        return JobState(
            job_id=job_id,
            status="in_progress" if status is JobStatus.in_progress else "queued",
            stage=stage,
            progress=min(progress, 95),  # "done" is set a moment before arq records the result
            page=page,
            pages=pages,
        )
    info = await job.result_info()
    if info is None or not info.success:
        error = f"{type(info.result).__name__}: {info.result}" if info else "result expired"
        return JobState(job_id=job_id, status="failed", stage=stage, progress=100, error=error)
    result = info.result
    if result.get("status") == "failed":
        return JobState(job_id=job_id, status="failed", stage="done", progress=100, result=result)
    # Stored is not yet findable: the index owner embeds and indexes it a moment later.
    searchable = is_indexed(store, result.get("document_id"))
    return JobState(
        job_id=job_id,
        status="complete",
        stage="done" if searchable else "indexing",
        progress=100 if searchable else STAGES["indexing"],
        result=result,
        searchable=searchable,
    )
