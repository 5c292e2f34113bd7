"""Webhooks end to end: registered over HTTP, caused by ingesting minutes, posted to a receiver on loopback,
signed, retried with backoff and recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ingest.pipeline import Ingestor
from ingest.tracking.outbox import MAX_ATTEMPTS, verify
from models import tables
from models.apikeys import create_key
from models.store import Store
from service.app import create_app
from tests.receiver import Receiver
from tests.sessions import write_sessions
from worker.webhooks import deliver_due, queue_overdue

# The receiver listens on loopback, which webhooks refuse unless the allow-list names it.
LOOPBACK = ("127.0.0.1",)


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def setup(settings, extractor, tmp_path):
    store = Store.open(settings.store_url)
    key, _ = create_key(store, "sistema de seguimiento", ["read", "ingest"])
    settings = settings.model_copy(update={"webhook_allow_hosts": ",".join(LOOPBACK)})
    app = create_app(settings, with_queue=False, with_search=False)
    app.state.extractor = extractor
    ingestor = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes)
    paths = {p.name: p for p in write_sessions(tmp_path / "actas")}
    with TestClient(app, headers={"X-API-Key": key}) as client:
        yield client, store, ingestor, paths
    store.dispose()


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _register(client, url: str, events: list[str], **extra) -> dict:
    response = client.post("/api/webhooks", json={"url": url, "events": events, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def test_events_are_signed_retried_and_recorded(setup, receiver) -> None:
    client, store, ingestor, paths = setup
    hook = _register(
        client,
        receiver.url,
        ["agreement.created", "agreement.status_changed", "search.match"],
        search={"q": "atlas de riesgos", "body": "Junta Directiva"},
    )
    secret = hook["secret"]
    assert secret.startswith("whsec_") and "secret" not in client.get(f"/api/webhooks/{hook['id']}").json()

    receiver.answers = [500]  # the receiver fails once
    ingestor.ingest_path(paths["sesion-01-2024.md"])
    ingestor.ingest_path(paths["sesion-02-2024.md"])
    first = deliver_due(store, allow=LOOPBACK)
    assert (first.delivered, first.retrying, first.failed) == (5, 1, 0)

    later = datetime.now(UTC) + timedelta(minutes=1)
    second = deliver_due(store, allow=LOOPBACK, now=later)
    assert (second.delivered, second.retrying) == (1, 0)
    assert deliver_due(store, allow=LOOPBACK, now=later + timedelta(hours=1)).delivered == 0  # nothing is sent twice

    for request in receiver.received:
        headers = request["headers"]
        assert verify(secret, int(headers["X-Acervo-Timestamp"]), request["body"], headers["X-Acervo-Signature"])
        assert not verify(
            "whsec_otro", int(headers["X-Acervo-Timestamp"]), request["body"], headers["X-Acervo-Signature"]
        )
    # the retried delivery kept its id
    ids = [r["headers"]["X-Acervo-Delivery"] for r in receiver.received]
    assert ids[0] == ids[-1] and len(set(ids)) == 6

    summary = sorted(
        (event, payload["data"].get("agreement", {}).get("code"), payload["data"].get("previous_status"))
        for event, payload in receiver.events()[1:]
    )
    assert summary == [
        ("agreement.created", "JD-I-1", None),
        ("agreement.created", "JD-I-2", None),
        ("agreement.created", "JD-I-3", None),
        ("agreement.created", "JD-XIV-3", None),
        ("agreement.status_changed", "JD-I-1", "pendiente"),
        ("search.match", None, None),
    ]
    match = next(p for e, p in receiver.events() if e == "search.match")
    assert match["data"]["document"]["file_name"] == "sesion-02-2024.md"

    deliveries = client.get(f"/api/webhooks/{hook['id']}/deliveries").json()
    assert deliveries["total"] == 6
    retried = [d for d in deliveries["items"] if d["attempts"] == 2]
    assert len(retried) == 1 and retried[0]["state"] == "delivered" and retried[0]["response_status"] == 204
    assert client.get("/api/webhooks").json()[0]["delivered"] == 6


def test_an_unreachable_receiver_is_retried_with_growing_waits_then_given_up(setup) -> None:
    client, store, ingestor, paths = setup
    closed = Receiver()
    url = closed.url
    closed.close()  # nothing listens there any more
    _register(client, url, ["agreement.created"])
    ingestor.ingest_path(paths["sesion-03-2024.md"])  # two agreements first seen in a follow-up
    now = datetime.now(UTC)
    waits = []
    for _ in range(MAX_ATTEMPTS):
        report = deliver_due(store, allow=LOOPBACK, now=now, timeout=2)
        assert report.delivered == 0
        with store.session() as db:
            deliveries = list(db.scalars(select(tables.WebhookDelivery).order_by(tables.WebhookDelivery.id)))
            assert all(d.error and "Connect" in d.error for d in deliveries)
            first = deliveries[0]
            if first.next_attempt_at is not None:
                waits.append(_utc(first.next_attempt_at) - _utc(first.last_attempt_at))
                now = max(_utc(d.next_attempt_at) for d in deliveries)
    assert [round(w.total_seconds()) for w in waits[:4]] == [30, 60, 120, 240]
    with store.session() as db:
        states = {d.state for d in db.scalars(select(tables.WebhookDelivery))}
        attempts = {d.attempts for d in db.scalars(select(tables.WebhookDelivery))}
    assert states == {"failed"} and attempts == {MAX_ATTEMPTS}


def test_overdue_is_announced_once(setup, receiver) -> None:
    client, store, ingestor, paths = setup
    _register(client, receiver.url, ["agreement.overdue"])
    for name in ("sesion-01-2024.md", "sesion-02-2024.md"):
        ingestor.ingest_path(paths[name])
    assert queue_overdue(store, today=date(2024, 4, 30)) == 0
    assert queue_overdue(store, today=date(2024, 5, 1)) == 1
    assert queue_overdue(store, today=date(2024, 5, 2)) == 0
    assert deliver_due(store, allow=LOOPBACK).delivered == 1
    ((event, payload),) = receiver.events()
    assert event == "agreement.overdue" and payload["data"]["agreement"]["code"] == "JD-I-1"
    assert payload["data"]["agreement"]["due"] == "2024-04-30"


def test_webhooks_belong_to_a_key(setup, settings, receiver) -> None:
    client, store, _, _ = setup
    bad = client.post("/api/webhooks", json={"url": receiver.url, "events": ["search.match"]})
    assert bad.status_code == 422
    assert client.post("/api/webhooks", json={"url": "ftp://x", "events": ["agreement.created"]}).status_code == 422
    hook = _register(client, receiver.url, ["agreement.created"])
    other, _ = create_key(store, "otro sistema", ["ingest"])
    assert client.get(f"/api/webhooks/{hook['id']}", headers={"X-API-Key": other}).status_code == 404
    assert client.get("/api/webhooks", headers={"X-API-Key": other}).json() == []
    assert client.post("/api/webhooks", headers={"X-API-Key": ""}, json={}).status_code == 401
    assert client.delete(f"/api/webhooks/{hook['id']}").status_code == 204
    assert client.get("/api/webhooks").json() == []


def test_a_read_only_key_cannot_register_webhooks(setup, receiver) -> None:
    client, store, _, _ = setup
    reader, _ = create_key(store, "solo lectura", ["read"])
    response = client.post(
        "/api/webhooks", headers={"X-API-Key": reader}, json={"url": receiver.url, "events": ["agreement.created"]}
    )
    assert response.status_code == 403 and "ingest" in response.json()["error"]["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:6379/",
        "http://127.0.0.2/x",
        "http://2130706433/",  # 127.0.0.1 written as one decimal number
        "http://0x7f.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://192.168.0.10:8080/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ],
)
def test_webhooks_to_this_machine_or_private_networks_are_refused(settings, url) -> None:
    store = Store.open(settings.store_url)
    key, _ = create_key(store, "sistema", ["ingest"])
    with TestClient(create_app(settings, with_queue=False, with_search=False), headers={"X-API-Key": key}) as client:
        response = client.post("/api/webhooks", json={"url": url, "events": ["agreement.created"]})
    store.dispose()
    assert response.status_code == 422, response.text
    assert "refused" in response.json()["error"]["detail"]


def test_delivery_checks_the_address_again(setup, receiver) -> None:
    """Registered while allowed; the allow-list is gone at delivery (as if the name now pointed inside)."""
    client, store, ingestor, paths = setup
    _register(client, receiver.url, ["agreement.created"])
    ingestor.ingest_path(paths["sesion-03-2024.md"])
    report = deliver_due(store, allow=())
    assert report.delivered == 0 and receiver.received == []
    with store.session() as db:
        errors = {d.error for d in db.scalars(select(tables.WebhookDelivery))}
    assert all(e and e.startswith("not sent:") and "loopback" in e for e in errors)


def test_the_url_guard_reads_allow_lists_of_hosts_and_networks() -> None:
    from models.netguard import BlockedUrl, check_url

    assert check_url("http://127.0.0.1:9/x", ("127.0.0.0/8",))
    assert check_url("http://localhost:9/x", ("localhost:9",)) == []
    for url in ("ftp://example.org/", "http://", "http://127.0.0.1:9/"):
        with pytest.raises(BlockedUrl):
            check_url(url, ("localhost",))
