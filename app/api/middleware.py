"""ASGI middleware: the outermost catch-all (log, generic 500), the request body limit (413) and per-route metrics."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PayloadTooLarge

logger = logging.getLogger("app.api")


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
        except Exception:
            logger.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await send_json(
                    send, 500, {"error": {"code": "internal_error", "message": "internal error; it has been logged"}}
                )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_json(send, 413, {"error": {"code": PayloadTooLarge.code, "message": self._message()}})
            return
        if declared is not None or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)  # the server enforces Content-Length itself
            return
        # A chunked body has no declared size: read it (up to the limit) before the app sees it.
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await send_json(send, 413, {"error": {"code": PayloadTooLarge.code, "message": self._message()}})
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    def _message(self) -> str:
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
                path = route_template(scope)
                services.metrics.observe_request(scope["method"], path, status, time.perf_counter() - started)


def route_template(scope: Scope) -> str:
    """The served route's path template (`/v1/reviews/{review_id}`, `/docs`, `/mcp`), never the raw path, so metric
    labels stay few; "unmatched" when no route served the request (404, 405). FastAPI's own routes put themselves in
    the scope; plain Starlette routes (the OpenAPI and docs pages, /mcp) only leave their endpoint there."""
    route = scope.get("route")
    if route is not None:
        return str(getattr(route, "path", "unmatched"))
    endpoint = scope.get("endpoint")
    if endpoint is not None and "app" in scope:
        for candidate in scope["app"].router.routes:
            if getattr(candidate, "endpoint", None) is endpoint:
                return str(getattr(candidate, "path", "unmatched"))
    return "unmatched"


async def send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
