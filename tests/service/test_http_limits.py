"""The HTTP edge on a real server over loopback: security headers, chunked bodies past the limit, stalled bodies."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from models.settings import Settings
from service.app import create_app
from tests.conftest import free_port


@pytest.fixture
def server(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", max_request_mb=1.0, request_stall_s=1.0, open_read=True)
    port = free_port()
    app = create_app(settings, with_queue=False, with_search=False)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive()
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", port
    srv.should_exit = True
    thread.join(30)


def test_security_headers_on_the_page_and_the_api(server) -> None:
    base, _ = server
    page = httpx.get(base + "/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    api = httpx.get(base + "/api/health")
    assert "sandbox" in api.headers["content-security-policy"]
    assert api.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_body_past_the_limit_gets_413(server) -> None:
    base, _ = server

    files_boundary = "x" * 10

    def chunks():
        # A well-formed start, then a file part that never ends before the limit; no Content-Length is sent.
        yield f'--{files_boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'.encode()
        for _ in range(40):
            yield b"a" * 65536

    response = httpx.post(
        base + "/api/extract",
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={files_boundary}"},
    )
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "payload_too_large"


def test_a_stalled_body_times_out(server) -> None:
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            b"Content-Length: 1000\r\n\r\n--b\r\n"
        )
        started = time.monotonic()
        answer = sock.recv(4096)
        assert b" 408 " in answer.split(b"\r\n")[0], answer
        assert time.monotonic() - started < 8
