"""ASGI middleware: the outermost catch-all (log, generic 500), request IDs and the access log, request framing (the
body limit counted on the bytes received, conflicting length headers refused, a body read timeout), per-route metrics.

Why the body limit is not FastAPI's `max_body_size` (Starlette's RequestBodyLimitMiddleware, which also counts
received bytes): when the declared Content-Length is over the limit it replaces whatever the app answers with its
own text/plain 413, outside the app's exception handlers, so clients would get a second error shape that the OpenAPI
spec does not describe. This one raises the same 413 as an HTTPException, which the one error handler renders."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import traceback
import uuid
from typing import Any

from starlette.exceptions import HTTPException
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logs import request_id_var

logger = logging.getLogger("app.api")
access_logger = logging.getLogger("app.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class CatchAllMiddleware:
    """The only `except Exception` in the API: never a stack trace to the client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            # The route template, never the raw path or query (they can carry user text or a key), and the stack
            # without the exception's message (which can quote user input or SQL parameters).
            logger.error(
                "unhandled error on %s %s: %s",
                scope.get("method"),
                _route(scope),
                type(exc).__name__,
                extra={"stack": "".join(traceback.format_tb(exc.__traceback__))},
            )
            if not started:
                await send_json(
                    send, 500, {"error": {"code": "internal_error", "message": "internal error; it has been logged"}}
                )


class RequestContextMiddleware:
    """Gives every request an ID (a sane incoming `X-Request-ID`, e.g. nginx's `$request_id`, or a new one), returns it
    in `X-Request-ID`, puts it on every log line written while serving, and writes one access log line per request:
    method, route template, status, duration. Never the query string, body or headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_logger.info(
                "request",
                extra={
                    "method": scope.get("method"),
                    "route": _route(scope),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)


class FramingMiddleware:
    """Refuses a request that declares both Content-Length and Transfer-Encoding (400: the two framings disagree, the
    classic request-smuggling shape); limits the body to `max_bytes` counted as it arrives, whatever length was
    declared (413); bounds the wait for each piece of the body (408 when a client stops sending)."""

    def __init__(self, app: ASGIApp, max_bytes: int, body_timeout_s: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names = {name.lower() for name, _ in scope.get("headers") or []}
        if b"content-length" in names and b"transfer-encoding" in names:
            message = "a request may not declare both Content-Length and Transfer-Encoding"
            await send_json(send, 400, {"error": {"code": "bad_request", "message": message}}, close=True)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await send_json(send, 413, {"error": {"code": "payload_too_large", "message": self.too_large}}, close=True)
            return
        body_done = False
        received = 0

        async def counted_receive() -> Message:
            nonlocal body_done, received
            if body_done:  # after the body, receive() waits for a disconnect (streams): no timeout there
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout_s)
            except TimeoutError:
                raise HTTPException(408, "the request body did not arrive in time") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, self.too_large)
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, counted_receive, send)

    @property
    def too_large(self) -> str:
        return f"request body is larger than {self.max_bytes // 1024} KiB"


class MetricsMiddleware:
    """Counts requests and observes latency per route template (until the last body byte is sent); adds a
    `Server-Timing: app;dur=<ms>` header with the time to the response head."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # Time to the response head, measured in the app: what benchmarks call "server-side".
                elapsed_ms = (time.perf_counter() - started) * 1000
                headers = [*message.get("headers", []), (b"server-timing", f"app;dur={elapsed_ms:.2f}".encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, observing_send)
        finally:
            services = getattr(scope["app"].state, "services", None) if "app" in scope else None
            if services is not None:
                services.metrics.observe_request(scope["method"], _route(scope), status, time.perf_counter() - started)


def _route(scope: Scope) -> str:
    """The served route's path template (`/v1/reviews/{review_id}`, `/openapi.json`, `/mcp`, `/docs/assets/{path}`),
    never the raw path or query (they can carry user text or a key), so metric labels stay few; "unmatched" when no
    route served the request (404, 405). FastAPI's own routes put themselves in the scope; plain Starlette routes
    (the OpenAPI schema, /mcp) and mounts only leave their endpoint there."""
    route = scope.get("route")
    if route is not None:
        return str(getattr(route, "path", "unmatched"))
    endpoint = scope.get("endpoint")
    if endpoint is not None and "app" in scope:
        for candidate in scope["app"].router.routes:
            if getattr(candidate, "endpoint", None) is endpoint:
                return str(getattr(candidate, "path", "unmatched"))
            if isinstance(candidate, Mount) and candidate.app is endpoint:  # e.g. static files under /docs/assets
                return f"{candidate.path}/{{path}}"
    return "unmatched"


async def send_json(send: Send, status: int, payload: dict[str, Any], *, close: bool = False) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
