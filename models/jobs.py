"""The job vocabulary the API and the workers share: queue name, task name, keys."""

from __future__ import annotations

QUEUE_NAME = "acervo:ingest"
INGEST_TASK = "ingest_upload"


def ingest_job_id(content_hash: str) -> str:
    """One job per content: uploading the same bytes again finds the same job."""
    return f"ingest-{content_hash}"


def progress_key(job_id: str) -> str:
    return f"acervo:progress:{job_id}"
