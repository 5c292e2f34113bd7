"""API keys: create, check and revoke. Keys are random, shown once, and stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from models import tables
from models.store import Store
from models.vocabulary import Scope

SCOPES = tuple(s.value for s in Scope)
PREFIX = "acv_"


@dataclass(frozen=True)
class KeyInfo:
    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(store: Store, name: str, scopes: list[str]) -> tuple[str, KeyInfo]:
    """A new key; the returned secret is the only copy there will ever be."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"scopes must be among {', '.join(SCOPES)}; got {', '.join(unknown) or 'none'}")
    secret = PREFIX + secrets.token_urlsafe(32)
    row = tables.ApiKey(
        name=name,
        prefix=secret[:10],
        key_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        created_at=datetime.now(UTC),
    )
    with store.session() as db:
        db.add(row)
        db.flush()
        return secret, KeyInfo(row.id, row.name, row.prefix, tuple(row.scopes))


def check_key(store: Store, secret: str) -> KeyInfo | None:
    """The key's identity and scopes, or None for an unknown or revoked key."""
    if not secret.startswith(PREFIX):
        return None
    with store.session() as db:
        row = db.scalar(select(tables.ApiKey).where(tables.ApiKey.key_hash == _hash(secret)))
        if row is None or row.revoked_at is not None:
            return None
        now = datetime.now(UTC)
        last = row.last_used_at
        # Recording use at most once a minute keeps reads from turning into writes.
        if last is None or (now - (last if last.tzinfo else last.replace(tzinfo=UTC))).total_seconds() > 60:
            row.last_used_at = now
        return KeyInfo(row.id, row.name, row.prefix, tuple(row.scopes))


def list_keys(store: Store) -> list[tables.ApiKey]:
    with store.session() as db:
        return list(db.scalars(select(tables.ApiKey).order_by(tables.ApiKey.id)))


def revoke_key(store: Store, key_id: int) -> bool:
    with store.session() as db:
        row = db.get(tables.ApiKey, key_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = datetime.now(UTC)
        return True
