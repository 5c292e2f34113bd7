"""On-the-fly extraction: the entities of an uploaded file, nothing stored."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from starlette.concurrency import run_in_threadpool

from ingest.errors import IngestError
from ingest.parse import OcrConfig, ParseLimits
from service.auth import ReadAccess
from service.deps import ExtractorDep, SandboxDep, SettingsDep
from service.errors import ApiError
from service.uploads import display_name, read_upload

router = APIRouter(tags=["extract"])
log = logging.getLogger(__name__)

EXAMPLE = {
    "file": "acta.pdf",
    "doc_type": "acta",
    "institution": "IMPLAN Santa Lucía",
    "body": "Consejo Directivo",
    "session": {
        "number": 3,
        "type": "ordinaria",
        "date": "2024-03-21",
        "start_time": "17:10",
        "end_time": "18:45",
        "place": "Vía Zoom",
    },
    "participants": [{"name": "Lucía Fernández Ortega", "title": "Arq.", "role": "Presidenta"}],
    "agreements": [
        {
            "id": "CD-III-1",
            "text": "Se aprueba por unanimidad…",
            "status": None,
            "vote": "unanimidad",
            "responsible": None,
            "due": None,
        }
    ],
    "dates": ["2024-03-21"],
    "programs": ["Plan Municipal de Desarrollo"],
}


@router.post("/extract", responses={200: {"content": {"application/json": {"example": EXAMPLE}}}})
async def extract_file(
    _: ReadAccess,
    settings: SettingsDep,
    extractor: ExtractorDep,
    sandbox: SandboxDep,
    file: Annotated[
        UploadFile,
        File(description="Un documento: PDF, DOCX, HTML, Markdown, texto o imagen escaneada (PNG, JPEG, TIFF)."),
    ],
) -> dict:
    """Parse and extract one file synchronously; the result has the shape of `acervo extract`."""
    name = display_name(file.filename)
    data = await read_upload(file, settings.max_file_bytes)
    try:
        # In the reader's child process: a deadline stops it, and its memory is capped.
        parsed = await run_in_threadpool(
            sandbox.parse, data, name, ocr=OcrConfig.from_settings(settings),
            limits=ParseLimits.from_settings(settings),
        )
        extraction = await run_in_threadpool(extractor.extract, parsed)
    except IngestError as exc:
        status, code = (415, "unsupported_format") if exc.code == "unknown_format" else (422, "unprocessable_document")
        raise ApiError(status, code, f"{name}: {exc.reason}") from exc
    except Exception as exc:
        # A file our readers do not survive is this file's problem, not a server error.
        log.exception("unprocessable", extra={"file": name})
        raise ApiError(422, "unprocessable_document", f"{name}: could not be processed ({type(exc).__name__})") from exc
    return extraction.to_schema()
