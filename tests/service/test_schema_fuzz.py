"""Schemathesis drives every operation of the OpenAPI schema with generated input: no 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from ingest.pipeline import Ingestor
from models.apikeys import create_key
from models.store import Store
from tests.conftest import live_server
from tests.samples import good_documents


@pytest.fixture(scope="module")
def live(tmp_path_factory, e5_model_dir, extractor):
    """A real server on loopback with documents and a full-scope key."""
    from models.settings import Settings

    cfg = Settings(data_dir=tmp_path_factory.mktemp("fuzz") / "data", embed_model=str(e5_model_dir))
    store = Store.open(cfg.store_url)
    ingestor = Ingestor(store, extractor, max_file_bytes=cfg.max_file_bytes)
    for name, data in good_documents().items():
        ingestor.ingest_bytes(data, name)
    key = create_key(store, "fuzz", ["admin"])[0]
    with live_server(cfg, start_timeout=60) as url:
        yield url, key


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
