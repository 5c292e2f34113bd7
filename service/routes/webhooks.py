"""Webhooks: a client registers a URL for events (new agreement, status change, overdue, saved search
matched by a new document) and reads back its deliveries. Deliveries are signed with the webhook's secret,
which is shown once, at registration (see models/webhooks.py for the headers and the signature)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import AnyHttpUrl, BaseModel, Field
from sqlalchemy import select

from ingest.tracking.outbox import new_secret
from models import tables
from models.apikeys import KeyInfo
from models.netguard import BlockedUrl, check_url
from models.tables import MAX_ID
from models.vocabulary import WebhookEvent
from service.auth import IngestAccess
from service.deps import Db, SettingsDep
from service.errors import ApiError
from service.schemas import Page, PageParams, page_params, paginate

router = APIRouter(tags=["webhooks"])

WebhookId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id del webhook.")]


class SavedSearch(BaseModel):
    q: str = Field(min_length=1, max_length=500, description="Todas estas palabras deben aparecer.")
    institution: str | None = None
    body: str | None = None
    doc_type: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2200)


class WebhookIn(BaseModel):
    url: AnyHttpUrl
    events: list[WebhookEvent] = Field(min_length=1)
    search: SavedSearch | None = Field(default=None, description="Requerida para el evento search.match.")
    description: str | None = Field(default=None, max_length=500)
    secret: str | None = Field(
        default=None, min_length=16, max_length=128, description="Si se omite, Acervo genera uno."
    )


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    search: dict | None
    description: str | None
    created_at: datetime
    active: bool
    pending: int
    delivered: int
    failed: int


class WebhookCreated(WebhookOut):
    secret: str = Field(description="Se muestra sólo esta vez.")


class Delivery(BaseModel):
    id: int
    event: str
    state: str
    attempts: int
    response_status: int | None
    error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    payload: dict


def key_holder(info: IngestAccess) -> KeyInfo:
    """Webhooks belong to a client and make the server post on its behalf: they need a key with a writing
    scope (`ingest` or `admin`), even where reading is open."""
    if info is None:
        raise ApiError(401, "unauthorized", "webhooks need an API key")
    return info


Holder = Annotated[KeyInfo, Depends(key_holder)]


def _out(hook: tables.Webhook) -> dict:
    states = [d.state for d in hook.deliveries]
    return {
        "id": hook.id,
        "url": hook.url,
        "events": list(hook.events),
        "search": hook.search,
        "description": hook.description,
        "created_at": hook.created_at,
        "active": hook.disabled_at is None,
        "pending": states.count("pending"),
        "delivered": states.count("delivered"),
        "failed": states.count("failed"),
    }


def _own(db: Db, webhook_id: int, holder: KeyInfo) -> tables.Webhook:
    hook = db.get(tables.Webhook, webhook_id)
    if hook is None or hook.disabled_at is not None or not (hook.api_key_id == holder.id or holder.allows("admin")):
        raise ApiError(404, "not_found", f"webhook {webhook_id}")
    return hook


@router.post("/webhooks", response_model=WebhookCreated, status_code=201)
def create_webhook(payload: WebhookIn, holder: Holder, db: Db, settings: SettingsDep) -> WebhookCreated:
    """Register a URL for events. The response carries the signing secret; it is not shown again.

    The URL must resolve to public addresses only (not loopback, link-local, private, multicast or
    unspecified) unless ACERVO_WEBHOOK_ALLOW_HOSTS names it; it is checked again at each delivery."""
    if WebhookEvent.search_match in payload.events and payload.search is None:
        raise ApiError(422, "invalid_request", "the search.match event needs a saved search")
    try:
        check_url(str(payload.url), settings.webhook_allow)
    except BlockedUrl as exc:
        raise ApiError(422, "invalid_request", f"webhook URL refused: {exc}") from None
    hook = tables.Webhook(
        url=str(payload.url),
        secret=payload.secret or new_secret(),
        events=sorted(set(payload.events)),
        search=payload.search.model_dump(exclude_none=True) if payload.search else None,
        description=payload.description,
        api_key_id=holder.id,
        created_at=datetime.now(UTC),
    )
    db.add(hook)
    db.flush()
    return WebhookCreated(**_out(hook), secret=hook.secret)


@router.get("/webhooks", response_model=list[WebhookOut])
def list_webhooks(holder: Holder, db: Db) -> list[WebhookOut]:
    """This key's webhooks (an admin key sees every webhook)."""
    query = select(tables.Webhook).where(tables.Webhook.disabled_at.is_(None)).order_by(tables.Webhook.id)
    if not holder.allows("admin"):
        query = query.where(tables.Webhook.api_key_id == holder.id)
    return [WebhookOut(**_out(h)) for h in db.scalars(query)]


@router.get("/webhooks/{webhook_id}", response_model=WebhookOut)
def get_webhook(webhook_id: WebhookId, holder: Holder, db: Db) -> WebhookOut:
    return WebhookOut(**_out(_own(db, webhook_id, holder)))


@router.delete("/webhooks/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: WebhookId, holder: Holder, db: Db) -> None:
    """Stop deliveries; the record of past deliveries is kept."""
    hook = _own(db, webhook_id, holder)
    hook.disabled_at = datetime.now(UTC)
    D = tables.WebhookDelivery
    for delivery in db.scalars(select(D).where(D.webhook_id == hook.id, D.state == "pending")):
        delivery.state = "failed"
        delivery.error = "webhook deleted"
        delivery.next_attempt_at = None


@router.get("/webhooks/{webhook_id}/deliveries", response_model=Page[Delivery])
def list_deliveries(
    webhook_id: WebhookId, holder: Holder, db: Db, page: Annotated[PageParams, Depends(page_params)]
) -> Page[Delivery]:
    """Each event sent to this webhook, newest first, with its attempts and the receiver's answer."""
    hook = _own(db, webhook_id, holder)
    D = tables.WebhookDelivery
    total, rows = paginate(db, select(D).where(D.webhook_id == hook.id).order_by(D.id.desc()), page)
    items = [Delivery.model_validate(d, from_attributes=True) for (d,) in rows]
    return Page[Delivery](total=total, limit=page.limit, offset=page.offset, items=items)
