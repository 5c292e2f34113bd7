"""Webhook events as an outbox: deliveries are rows written in the transaction that caused them, so an event
is sent if and only if what it reports was stored. Signing and the retry schedule live here too; the
worker posts them.

A delivery is a POST of the JSON payload with these headers:
- `X-Acervo-Event`: the event name;
- `X-Acervo-Delivery`: the delivery id (the same on every retry, so a receiver can drop repeats);
- `X-Acervo-Timestamp`: Unix seconds when the attempt was made;
- `X-Acervo-Signature`: `sha256=` and the hex HMAC-SHA256, keyed with the webhook's secret, of
  `{timestamp}.{body}`. A receiver recomputes it and rejects old timestamps to stop replays.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import tables

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def retry_delay(attempts: int, first: timedelta = FIRST_RETRY) -> timedelta:
    """Wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... doubling, at most six hours."""
    return min(first * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


def subscribers(db: Session, event: str) -> list[tables.Webhook]:
    hooks = db.scalars(select(tables.Webhook).where(tables.Webhook.disabled_at.is_(None)))
    return [h for h in hooks if event in (h.events or [])]


def enqueue(db: Session, event: str, payload: dict, hooks: list[tables.Webhook] | None = None) -> int:
    """One pending delivery per webhook subscribed to `event`; returns how many."""
    now = datetime.now(UTC)
    targets = subscribers(db, event) if hooks is None else hooks
    for hook in targets:
        db.add(
            tables.WebhookDelivery(
                webhook=hook,
                event=event,
                payload={"event": event, "created_at": now.isoformat(), "data": payload},
                state="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return len(targets)


def due(db: Session, now: datetime, limit: int = 50) -> list[tables.WebhookDelivery]:
    D = tables.WebhookDelivery
    query = (
        select(D)
        .where(D.state == "pending", D.next_attempt_at <= now)
        .order_by(D.next_attempt_at, D.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def record_attempt(
    delivery: tables.WebhookDelivery,
    now: datetime,
    *,
    status: int | None,
    error: str | None,
    first_retry: timedelta = FIRST_RETRY,
) -> None:
    """A 2xx answer delivers; anything else waits for the next try, until MAX_ATTEMPTS fail."""
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = status
    delivery.error = error
    if status is not None and 200 <= status < 300:
        delivery.state = "delivered"
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = "failed"
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts, first_retry)
