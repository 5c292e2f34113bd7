"""Schemathesis drives every operation of the OpenAPI schema with generated input: no 5xx."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings

from ingest.pipeline import Ingestor
from models.apikeys import create_key
from models.store import Store
from service.app import create_app
from tests.samples import good_documents


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live(tmp_path_factory, e5_model_dir):
    """A real server on loopback with documents and a full-scope key."""
    from ingest.extract import Extractor
    from models.settings import Settings

    cfg = Settings(data_dir=tmp_path_factory.mktemp("fuzz") / "data", embed_model=str(e5_model_dir))
    store = Store.open(cfg.store_url)
    ingestor = Ingestor(store, Extractor(), max_file_bytes=cfg.max_file_bytes)
    for name, data in good_documents().items():
        ingestor.ingest_bytes(data, name)
    key = create_key(store, "fuzz", ["admin"])[0]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(cfg), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", key
    server.should_exit = True
    thread.join(timeout=30)


def test_no_operation_answers_with_a_server_error(live) -> None:
    base, key = live
    api = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            response = case.call(headers={"X-API-Key": key}, timeout=60)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        check()
    assert not failures, failures
