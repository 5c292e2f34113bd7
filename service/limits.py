"""Request limits and response headers: refuse an oversized body before reading it, stop one that lies about
its size or arrives chunked past the limit, end one that stalls, and set the usual security headers."""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import error_body

# The staff page loads only its own modules and styles; the progress bars set style attributes.
UI_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# API answers (JSON, and original files that may be HTML) are never run as a page.
API_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"
# The OpenAPI pages load Swagger UI and ReDoc with inline scripts of FastAPI's own.
DOCS_PATHS = ("/docs", "/redoc")


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, stall_timeout_s: float = 60.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.stall_timeout_s = stall_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _refuse(send, 413, "payload_too_large", f"the request body is over {self.max_bytes} bytes")
            return
        seen = 0
        started = False
        failure: tuple[int, str, str] | None = None

        async def counting_receive() -> Message:
            nonlocal seen, failure
            if failure is not None:
                return {"type": "http.disconnect"}
            try:
                message = await asyncio.wait_for(receive(), self.stall_timeout_s)
            except TimeoutError:
                failure = (408, "request_timeout", f"no data for {self.stall_timeout_s:g} s")
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Chunked bodies declare no length: counted here. The app sees the client leave, and
                    # whatever it answers (FastAPI turns a failed body into a 400) is replaced by the 413.
                    failure = (413, "payload_too_large", f"the request body is over {self.max_bytes} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if failure is not None and not started:
                return  # the refusal is sent below instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if failure is None:
                raise
        if failure is not None and not started:
            await _refuse(send, *failure)


async def _refuse(send: Send, status: int, code: str, detail: str) -> None:
    body = json.dumps(error_body(code, detail)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Content-Security-Policy (no inline scripts), nosniff, frame denial and no referrer on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        extra = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if path.startswith("/api/"):
            extra.append((b"content-security-policy", API_POLICY.encode()))
        elif not path.startswith(DOCS_PATHS):
            extra.append((b"content-security-policy", UI_POLICY.encode()))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in extra if h[0] not in names)]}
            await send(message)

        await self.app(scope, receive, with_headers)
