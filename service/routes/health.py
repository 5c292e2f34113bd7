"""Liveness and store counts."""

from __future__ import annotations

from fastapi import APIRouter

from models import tables
from service.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(store: StoreDep) -> dict:
    return {"status": "ok", "documents": store.count(tables.Document)}
