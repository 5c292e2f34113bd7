"""API keys for holders of the admin scope: create with scopes (the secret is shown once), list, revoke.
The same operations as `acervo keys` (models.apikeys)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from models.apikeys import create_key, list_keys, revoke_key
from models.tables import MAX_ID
from models.vocabulary import Scope
from service.auth import AdminAccess
from service.deps import StoreDep
from service.errors import ApiError

router = APIRouter(tags=["access"])

KeyId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id de la clave.")]


class KeyRow(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="Los primeros caracteres de la clave, para reconocerla.")
    scopes: list[Scope]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    model_config = {"from_attributes": True}


class NewKey(BaseModel):
    name: str = Field(min_length=1, max_length=128, description="Para quién es (persona, área o sistema).")
    scopes: list[Scope] = Field(min_length=1)


class CreatedKey(KeyRow):
    key: str = Field(description="La clave completa. Se muestra solo esta vez: no se guarda.")


@router.get("/keys", response_model=list[KeyRow])
def get_keys(_: AdminAccess, store: StoreDep) -> list[KeyRow]:
    """Every key, revoked ones included (the secret is never shown again)."""
    return [KeyRow.model_validate(row) for row in list_keys(store)]


@router.post("/keys", response_model=CreatedKey, status_code=201)
def post_key(body: NewKey, _: AdminAccess, store: StoreDep) -> CreatedKey:
    """A new key with these scopes; the answer holds the only copy of the key."""
    secret, info = create_key(store, body.name.strip(), [s.value for s in body.scopes])
    row = next(r for r in list_keys(store) if r.id == info.id)
    return CreatedKey(**KeyRow.model_validate(row).model_dump(), key=secret)


@router.delete("/keys/{key_id}", response_model=KeyRow)
def delete_key(key_id: KeyId, _: AdminAccess, store: StoreDep) -> KeyRow:
    """Revoke a key: it stops working at once."""
    if not revoke_key(store, key_id):
        raise ApiError(404, "not_found", f"no hay una clave activa con id {key_id}")
    return KeyRow.model_validate(next(r for r in list_keys(store) if r.id == key_id))
