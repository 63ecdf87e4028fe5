"""CORS for the web widget on other origins: an allow-list made of every active widget key's origins. Preflights
carry no key, so they are answered from that list; every actual request is checked again against its own key's
origins when the principal is resolved (app.api.widget_auth), SSE included."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.middleware import send_json

ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Accept, Content-Type, Last-Event-ID, X-Stream-Id, X-Widget-Key, X-Widget-User, X-Widget-Anonymous"
EXPOSE_HEADERS = "X-Stream-Id, Location, Content-Disposition"
MAX_AGE = "600"


class WidgetCorsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        origin = headers.get("origin") if headers else None
        if headers is None or not origin:
            await self.app(scope, receive, send)
            return
        allowed = await self._allowed(scope, origin.lower())
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(send, origin, allowed)
            return
        if not allowed:
            await self.app(scope, receive, send)  # no CORS headers: a browser on that origin cannot read the reply
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"access-control-allow-origin", origin.encode()),
                    (b"access-control-expose-headers", EXPOSE_HEADERS.encode()),
                    (b"vary", b"Origin"),
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_cors)

    async def _allowed(self, scope: Scope, origin: str) -> bool:
        services = getattr(scope["app"].state, "services", None) if "app" in scope else None
        if services is None:
            return False
        return origin in await run_in_threadpool(services.widget_keys.origins)

    async def _preflight(self, send: Send, origin: str, allowed: bool) -> None:
        if not allowed:
            message = f"origin {origin} is not allowed by any widget key"
            await send_json(send, 403, {"error": {"code": "origin_not_allowed", "message": message}})
            return
        headers = [
            (b"access-control-allow-origin", origin.encode()),
            (b"access-control-allow-methods", ALLOW_METHODS.encode()),
            (b"access-control-allow-headers", ALLOW_HEADERS.encode()),
            (b"access-control-max-age", MAX_AGE.encode()),
            (b"vary", b"Origin"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
