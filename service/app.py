"""The FastAPI application: API routers by domain and the staff UI."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from models.settings import Settings
from models.store import Store
from search_ui import mount_ui
from service.logs import AccessLog
from service.routes import documents, health


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.store = Store.open(settings.store_url)
        yield
        app.state.store.dispose()

    app = FastAPI(
        title="Acervo",
        version="0.1.0",
        description="Búsqueda y extracción sobre archivos municipales de planeación.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(health.router, prefix="/api")
    app.include_router(documents.router, prefix="/api")
    app.add_middleware(AccessLog)
    mount_ui(app)
    return app
