"""The FastAPI application: API routers by domain, the staff UI, the job queue."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from ingest.extract import Extractor
from models.settings import Settings
from models.store import Store
from search_ui import mount_ui
from service import errors
from service.limits import BodyLimit
from service.logs import AccessLog
from service.queue import QueueRuntime
from service.routes import agreements, documents, extract, health, jobs, people, programs, sessions, uploads

DESCRIPTION = """
Búsqueda y extracción sobre archivos municipales de planeación (actas, órdenes del día,
informes, planes, convocatorias y comunicados).

**Acceso**: los sistemas cliente envían su clave en el encabezado `X-API-Key`
(se crea con `acervo keys create --scope read`). Permisos: `read`, `ingest`, `admin`.
Con `ACERVO_OPEN_READ=1` la lectura queda abierta a quien alcance el servicio; la escritura nunca.

**Errores**: JSON `{"error": {"code": "...", "message": {"es": "...", "en": "..."}, "detail": "..."}}`
con un `code` estable.
"""


def create_app(settings: Settings | None = None, *, with_queue: bool = True) -> FastAPI:
    """The app. `with_queue=False` serves everything but uploads and jobs (no queue server needed)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.store = Store.open(settings.store_url)
        runtime = QueueRuntime(settings) if with_queue else None
        app.state.queue = await runtime.start() if runtime else None
        try:
            yield
        finally:
            if runtime:
                await runtime.stop()
            app.state.store.dispose()

    app = FastAPI(title="Acervo", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.extractor = Extractor(settings.spacy_model)
    errors.install(app)
    for module in (health, documents, uploads, jobs, extract, sessions, people, agreements, programs):
        app.include_router(module.router, prefix="/api")
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(AccessLog)
    mount_ui(app)
    return app
