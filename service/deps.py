"""Request dependencies: the store, settings, searcher, extractor and queue the app holds, as `Annotated`
aliases, so no route reaches into `app.state` (and tests can override any of them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from models.settings import Settings
from models.store import Store
from service.errors import ApiError

if TYPE_CHECKING:
    from arq.connections import ArqRedis

    from ingest.extract import Extractor
    from ingest.parse.sandbox import ParseSandbox
    from ingest.search.searcher import Searcher
    from service.queue import QueueRuntime


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_db(request: Request) -> Iterator[Session]:
    with get_store(request).session() as db:
        yield db


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_searcher(request: Request) -> Searcher:
    """The searcher, or 503 where the app runs without search (no model, no index)."""
    searcher = request.app.state.searcher
    if searcher is None:
        raise ApiError(503, "search_unavailable")
    return searcher


def get_optional_searcher(request: Request) -> Searcher | None:
    """The searcher where the app runs with search, else None (for work that only updates the index)."""
    return request.app.state.searcher


def get_extractor(request: Request) -> Extractor:
    return request.app.state.extractor


def get_sandbox(request: Request) -> ParseSandbox:
    return request.app.state.sandbox


def search_ready(request: Request) -> bool:
    """Whether the app holds a searcher (the index is open); for health, which must not fail without one."""
    return getattr(request.app.state, "searcher", None) is not None


def get_queue_runtime(request: Request) -> QueueRuntime | None:
    return getattr(request.app.state, "queue_runtime", None)


def get_queue(request: Request) -> ArqRedis | None:
    """The job queue's connection, or None where the app runs without a queue. The runtime's current pool:
    it makes another when the embedded queue server comes back on another port."""
    runtime = get_queue_runtime(request)
    return runtime.pool if runtime is not None else request.app.state.queue


Db = Annotated[Session, Depends(get_db)]
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SearcherDep = Annotated["Searcher", Depends(get_searcher)]
OptionalSearcherDep = Annotated["Searcher | None", Depends(get_optional_searcher)]
ExtractorDep = Annotated["Extractor", Depends(get_extractor)]
SandboxDep = Annotated["ParseSandbox", Depends(get_sandbox)]
QueueRuntimeDep = Annotated["QueueRuntime | None", Depends(get_queue_runtime)]
SearchReadyDep = Annotated[bool, Depends(search_ready)]
QueueDep = Annotated["ArqRedis | None", Depends(get_queue)]
