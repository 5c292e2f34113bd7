"""Webhook delivery and the overdue check, run by every worker every few seconds (worker/tasks.py).

Each pending delivery is claimed before it is posted (its next attempt moved a lease ahead), so two
workers never post the same delivery at once; a worker killed mid-post leaves the claim to expire and the
delivery is tried again. A receiver must answer 2xx; anything else, or no answer, is retried with backoff
(models/webhooks.py) and each attempt is recorded.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import update

from ingest.tracking.events import agreement_payload
from ingest.tracking.outbox import FIRST_RETRY, due, enqueue, record_attempt, sign
from ingest.tracking.queries import newly_overdue
from models import tables
from models.netguard import BlockedUrl, IpAddress, Resolver, check_url, system_resolver
from models.store import Store
from models.vocabulary import WebhookEvent

log = logging.getLogger("acervo.webhooks")

LEASE = timedelta(minutes=2)


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def queue_overdue(store: Store, today: date | None = None) -> int:
    """Queue "agreement.overdue" once for each agreement whose due date has passed unfulfilled."""
    today = today or date.today()
    queued = 0
    with store.session() as db:
        for agreement in newly_overdue(db, today):
            # Claimed by a conditional update, so two workers checking at once announce it once.
            A = tables.Agreement
            claimed = db.execute(
                update(A)
                .where(A.id == agreement.id, A.overdue_notified_at.is_(None))
                .values(overdue_notified_at=datetime.now(UTC))
            )
            if claimed.rowcount == 1:
                payload = {"agreement": agreement_payload(agreement), "as_of": today.isoformat()}
                enqueue(db, WebhookEvent.agreement_overdue, payload)
                queued += 1
    return queued


def _claim(store: Store, delivery_id: int, seen: datetime | None, now: datetime) -> bool:
    D = tables.WebhookDelivery
    with store.session() as db:
        result = db.execute(
            update(D)
            .where(D.id == delivery_id, D.state == "pending", D.next_attempt_at == seen)
            .values(next_attempt_at=now + LEASE)
        )
        return result.rowcount == 1


def deliver_due(
    store: Store,
    *,
    client: httpx.Client | None = None,
    timeout: float = 10.0,
    first_retry: timedelta = FIRST_RETRY,
    now: datetime | None = None,
    allow: tuple[str, ...] = (),
    resolve: Resolver = system_resolver,
) -> DeliveryReport:
    """Post every delivery whose time has come; returns what happened to them.

    Each URL is resolved again before posting (a name may have been pointed at this machine since it was
    registered) and refused unless its addresses are public or `allow` names it; the post goes to one of the
    addresses checked, never to a second answer for the name (see `post_pinned`); redirects are never
    followed."""
    now = now or datetime.now(UTC)
    report = DeliveryReport()
    with store.session() as db:
        batch = [(d.id, d.next_attempt_at) for d in due(db, now)]
    own_client = client is None
    # No connection is kept: one opened to an address for one name (its certificate checked for that name)
    # must not carry the post for another name at the same address.
    client = client or httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, limits=httpx.Limits(max_keepalive_connections=0)
    )
    try:
        for delivery_id, seen in batch:
            if not _claim(store, delivery_id, seen, now):
                continue
            with store.session() as db:
                delivery = db.get(tables.WebhookDelivery, delivery_id)
                hook = delivery.webhook
                body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
                stamp = int(time.time())
                headers = {
                    "Content-Type": "application/json",
                    "User-Agent": "Acervo-Webhooks/1",
                    "X-Acervo-Event": delivery.event,
                    "X-Acervo-Delivery": str(delivery.id),
                    "X-Acervo-Timestamp": str(stamp),
                    "X-Acervo-Signature": sign(hook.secret, stamp, body),
                }
                status, error = None, None
                try:
                    addresses = check_url(hook.url, allow, resolve)
                    response = post_pinned(client, hook.url, addresses, body, headers)
                    status = response.status_code
                    if not 200 <= status < 300:
                        error = f"receiver answered {status}"
                except BlockedUrl as exc:
                    error = f"not sent: {exc}"
                except httpx.HTTPError as exc:
                    # The kind of failure only: the library's text can describe what is listening where.
                    error = f"{type(exc).__name__}: no answer from the receiver"
                record_attempt(delivery, datetime.now(UTC), status=status, error=error, first_retry=first_retry)
                state = delivery.state
                log.info(
                    "webhook attempt",
                    extra={
                        "delivery": delivery.id,
                        "webhook": hook.id,
                        "event": delivery.event,
                        "status": status,
                        "state": state,
                        "attempts": delivery.attempts,
                        "error": error,
                    },
                )
            if state == "delivered":
                report.delivered += 1
            elif state == "failed":
                report.failed += 1
            else:
                report.retrying += 1
    finally:
        if own_client:
            client.close()
    return report


def post_pinned(
    client: httpx.Client, url: str, addresses: list[IpAddress], body: bytes, headers: dict[str, str]
) -> httpx.Response:
    """Post `body` to `url` at one of `addresses` (tried in order while they refuse the connection), with the
    name in the Host header and, over https, in the TLS server name the certificate is checked against.

    The checked addresses are all the connection may reach: were the name resolved again to connect, its
    owner could answer a public address to the check and this machine's to the connection. No addresses
    (the allow-list names the host) posts to the name as it resolves."""
    if not addresses:
        return client.post(url, content=body, headers=headers)
    target = httpx.URL(url)
    if target.host.lower().rstrip(".") != (urlsplit(url).hostname or "").lower().rstrip("."):
        # Two readings of one URL must agree on the host, or the check looked at another one than the post.
        raise BlockedUrl("the URL's host is read two ways; refused")
    extensions = {"sni_hostname": target.raw_host.decode("ascii")} if target.scheme == "https" else {}
    pinned_headers = {**headers, "Host": target.netloc.decode("ascii")}

    def send(ip: IpAddress) -> httpx.Response:
        return client.post(target.copy_with(host=str(ip)), content=body, headers=pinned_headers, extensions=extensions)

    for ip in addresses[:-1]:
        try:
            return send(ip)
        except httpx.ConnectError:
            continue  # the name's next address
    return send(addresses[-1])
