"""Webhooks end to end: registered over HTTP, caused by ingesting minutes, posted to a receiver on loopback,
signed, retried with backoff and recorded."""

from __future__ import annotations

import ssl
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
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


class Rebinding:
    """A DNS answer under the test's control: `answers[i]` for the i-th question, the last one from then on
    (a name whose owner points it elsewhere between the check and the connection)."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.answers[min(len(self.asked), len(self.answers)) - 1]


# Names no real DNS answers (RFC 6761): only the controlled resolver knows them.
HOOK_NAME = "avisos.municipio.test"


def _point_hooks_at(store: Store, url: str) -> None:
    """The registered URL as it would read had the client given a name (registration resolves for real)."""
    from sqlalchemy import update

    with store.session() as db:
        db.execute(update(tables.Webhook).values(url=url))


def test_delivery_connects_to_the_address_it_checked_not_to_a_second_answer(setup, receiver) -> None:
    client, store, ingestor, paths = setup
    inside = Receiver(host="127.0.0.2", port=receiver.port)  # a service the allow-list does not name
    try:
        _register(client, receiver.url, ["agreement.created"])
        _point_hooks_at(store, f"http://{HOOK_NAME}:{receiver.port}/acervo")
        ingestor.ingest_path(paths["sesion-03-2024.md"])
        # The name answers 127.0.0.1 (allowed) to the first question and 127.0.0.2 to anyone asking again: a
        # connection that resolved it again would reach the service inside.
        dns = Rebinding(["127.0.0.1"], ["127.0.0.2"])
        report = deliver_due(store, allow=("127.0.0.1/32",), resolve=dns)
        # The first delivery went where it was checked; the second was checked at 127.0.0.2 and not sent.
        assert (report.delivered, report.retrying) == (1, 1)
        assert len(receiver.received) == 1 and inside.received == []
        assert dns.asked == [HOOK_NAME, HOOK_NAME]  # once per delivery: the connection asked nobody
        assert receiver.received[0]["headers"]["Host"] == f"{HOOK_NAME}:{receiver.port}"
    finally:
        inside.close()


@pytest.mark.parametrize(
    "answer", [["127.0.0.2"], ["93.184.216.34", "127.0.0.2"], ["169.254.169.254"], ["::1"]],
    ids=["loopback", "public-and-loopback", "metadata", "ipv6-loopback"],
)
def test_a_name_answering_an_address_inside_is_not_posted_to(setup, receiver, answer: list[str]) -> None:
    client, store, ingestor, paths = setup
    _register(client, receiver.url, ["agreement.created"])
    _point_hooks_at(store, f"http://{HOOK_NAME}:{receiver.port}/acervo")
    ingestor.ingest_path(paths["sesion-03-2024.md"])
    report = deliver_due(store, allow=("127.0.0.1/32",), resolve=Rebinding(answer))
    assert report.delivered == 0 and receiver.received == []
    with store.session() as db:
        errors = {d.error for d in db.scalars(select(tables.WebhookDelivery))}
    assert all(e and e.startswith("not sent:") and "resolves to a" in e for e in errors), errors


def _certificate(name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a certificate for `name` signed by a throwaway authority, and a client context
    that trusts that authority only."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def subject(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(subject("autoridad")).issuer_name(subject("autoridad"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder().subject_name(subject(name)).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:
        cert_file, key_file = Path(folder) / "cert.pem", Path(folder) / "key.pem"
        cert_file.write_bytes(leaf.public_bytes(pem))
        key_file.write_bytes(
            key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cadata=ca.public_bytes(pem).decode())
    return server, client


@pytest.mark.parametrize("certified", [HOOK_NAME, "otro.municipio.test"], ids=["its-name", "another-name"])
def test_over_https_the_pinned_connection_checks_the_certificate_against_the_name(setup, certified: str) -> None:
    client, store, ingestor, paths = setup
    server_tls, client_tls = _certificate(certified)
    secure = Receiver(tls=server_tls)
    try:
        _register(client, f"http://127.0.0.1:{secure.port}/acervo", ["agreement.created"])
        _point_hooks_at(store, f"https://{HOOK_NAME}:{secure.port}/acervo")
        ingestor.ingest_path(paths["sesion-03-2024.md"])
        with httpx.Client(verify=client_tls, timeout=5, follow_redirects=False, trust_env=False) as http:
            report = deliver_due(store, client=http, allow=("127.0.0.1/32",), resolve=Rebinding(["127.0.0.1"]))
        if certified == HOOK_NAME:
            assert report.delivered == 2 and len(secure.received) == 2
        else:
            # A certificate for another name is refused: the name, not the address, is what is checked.
            assert report.delivered == 0 and secure.received == []
    finally:
        secure.close()
