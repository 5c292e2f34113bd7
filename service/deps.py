"""Request dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from models.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_db(request: Request) -> Iterator[Session]:
    with get_store(request).session() as db:
        yield db


Db = Annotated[Session, Depends(get_db)]
StoreDep = Annotated[Store, Depends(get_store)]
