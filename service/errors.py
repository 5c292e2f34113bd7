"""Errors as JSON with a stable code and a message in Spanish and English."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("acervo.api")

# code -> (Spanish, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "not_found": ("No se encontró el recurso.", "Resource not found."),
    "unauthorized": (
        "Falta una clave de API válida (encabezado X-API-Key).",
        "A valid API key is required (X-API-Key header).",
    ),
    "forbidden": ("La clave de API no tiene el permiso necesario.", "The API key lacks the required scope."),
    "invalid_request": ("La solicitud no es válida.", "The request is not valid."),
    "payload_too_large": ("El archivo o la solicitud excede el tamaño permitido.", "The file or request is too large."),
    "unsupported_format": ("El formato del archivo no está permitido.", "The file format is not allowed."),
    "unprocessable_document": ("No se pudo leer el documento.", "The document could not be read."),
    "method_not_allowed": ("Método no permitido.", "Method not allowed."),
    "queue_unavailable": ("La cola de procesamiento no está disponible.", "The processing queue is unavailable."),
    "search_unavailable": ("La búsqueda no está disponible en este momento.", "Search is not available right now."),
    "request_timeout": (
        "La solicitud dejó de enviar datos y se canceló.", "The request stopped sending data and was cancelled."
    ),
    "correction_refused": ("No se pudo hacer la corrección.", "The correction could not be made."),
    "index_busy": (
        "El índice de búsqueda está abierto por el servidor: haga esta corrección desde la página o la API.",
        "The search index is held by the server: make this correction through the page or the API.",
    ),
    "internal_error": ("Error interno del servidor.", "Internal server error."),
}

_BY_STATUS = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_format",
    422: "invalid_request",
    503: "queue_unavailable",
}


class ApiError(Exception):
    """An error the API reports on purpose; `detail` adds specifics (e.g. the file and the reason)."""

    def __init__(self, status: int, code: str, detail: str | None = None) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.detail = detail


def error_body(code: str, detail: str | None = None) -> dict:
    es, en = MESSAGES.get(code, MESSAGES["internal_error"])
    body: dict = {"code": code, "message": {"es": es, "en": en}}
    if detail:
        body["detail"] = detail
    return {"error": body}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.detail),
            status_code=exc.status,
            headers={"WWW-Authenticate": "ApiKey"} if exc.status == 401 else None,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _BY_STATUS.get(exc.status_code, "invalid_request" if exc.status_code < 500 else "internal_error")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in ("Not Found",) else None
        return JSONResponse(error_body(code, detail), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        return JSONResponse(error_body("invalid_request", problems), status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return JSONResponse(error_body("internal_error"), status_code=500)
