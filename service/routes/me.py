"""Who is calling: what the presented key (or the open-read setting) lets the caller do.

The staff page asks this to decide what to show (the upload page needs the
`ingest` scope). It never fails for a missing key: it says reading is open or
not; an unknown or revoked key is refused like everywhere else (401).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Security
from pydantic import BaseModel, Field

from models.apikeys import SCOPES, check_key
from service.auth import api_key_header
from service.deps import SettingsDep, StoreDep
from service.errors import ApiError

router = APIRouter(tags=["access"])


class KeyView(BaseModel):
    name: str
    prefix: str = Field(description="Los primeros caracteres de la clave, para reconocerla.")
    scopes: list[str]


class Me(BaseModel):
    open_read: bool = Field(description="La lectura está abierta sin clave (ACERVO_OPEN_READ).")
    key: KeyView | None = Field(description="La clave presentada, si la hay.")
    can_read: bool
    can_ingest: bool
    can_edit: bool = Field(False, description="Puede corregir datos (permiso `edit`).")
    can_admin: bool = Field(False, description="Puede administrar claves (permiso `admin`).")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "open_read": True,
                    "key": {"name": "personal de planeación", "prefix": "acv_3fQx9a", "scopes": ["ingest", "read"]},
                    "can_read": True,
                    "can_ingest": True,
                    "can_edit": False,
                    "can_admin": False,
                }
            ]
        }
    }


@router.get("/me", response_model=Me)
def me(settings: SettingsDep, store: StoreDep, key: Annotated[str | None, Security(api_key_header)] = None) -> Me:
    """What the caller may do: read, upload. Without a key, reading is allowed only when open."""
    open_read = bool(settings.open_read)
    if not key:
        return Me(open_read=open_read, key=None, can_read=open_read, can_ingest=False, can_edit=False, can_admin=False)
    info = check_key(store, key)
    if info is None:
        raise ApiError(401, "unauthorized", "unknown or revoked key")
    granted = [s for s in SCOPES if info.allows(s)]
    return Me(
        open_read=open_read,
        key=KeyView(name=info.name, prefix=info.prefix, scopes=list(info.scopes)),
        can_read=open_read or "read" in granted,
        can_ingest="ingest" in granted,
        can_edit="edit" in granted,
        can_admin="admin" in granted,
    )
