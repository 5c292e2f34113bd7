"""Search UI: the staff web page, static files served by the API app (no build step).

`static/index.html` is a single page; `static/js/` holds its ES modules (one per
page: search, document, agreements, people, programs, upload) and the page
routes by the address's hash (`/#/buscar?q=...`), so a search can be shared as a
link. Nothing is fetched from outside the service.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"


def mount_ui(app: FastAPI) -> None:
    """Serve the page at `/` and its files under `/static`."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})
