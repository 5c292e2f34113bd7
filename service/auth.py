"""Who may call what: API keys with scopes in the X-API-Key header; reading optionally open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader

from models.apikeys import KeyInfo, check_key
from service.deps import SettingsDep, StoreDep
from service.errors import ApiError

api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="Clave de API de un sistema cliente (`acervo keys create`)."
)


def require(scope: str) -> Callable[..., KeyInfo | None]:
    """A dependency that admits a key holding `scope` (admin holds all); with ACERVO_OPEN_READ,
    reading needs no key. Writing always needs one."""

    def dependency(
        store: StoreDep, settings: SettingsDep, key: Annotated[str | None, Security(api_key_header)] = None
    ) -> KeyInfo | None:
        if key:
            info = check_key(store, key)
            if info is None:
                raise ApiError(401, "unauthorized", "unknown or revoked key")
            if not info.allows(scope):
                raise ApiError(403, "forbidden", f"this key lacks the '{scope}' scope")
            return info
        if scope == "read" and settings.open_read:
            return None
        raise ApiError(401, "unauthorized")

    return dependency


ReadAccess = Annotated[KeyInfo | None, Depends(require("read"))]
IngestAccess = Annotated[KeyInfo | None, Depends(require("ingest"))]
EditAccess = Annotated[KeyInfo | None, Depends(require("edit"))]
AdminAccess = Annotated[KeyInfo | None, Depends(require("admin"))]


def actor(info: KeyInfo | None) -> str:
    """Who made a correction, as the audit records it: the key's name and id."""
    return f"{info.name} (clave {info.id})" if info is not None else "desconocido"
