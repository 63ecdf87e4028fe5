"""CORS for the web widget on other origins: Starlette's CORSMiddleware over an allow-list made of every active widget
key's origins (the list is read through WidgetKeyStore.origins(), cached for a few seconds, and the middleware is
rebuilt when it changes). Preflights carry no key, so they are answered from that list; every actual request is
checked again against its own key's origins when the principal is resolved (app.api.widget_auth), SSE included.

Fails closed: a preflight from an origin no key allows gets 403 `origin_not_allowed`, and one asking for a method or
header the API does not take 400 `cors_not_allowed`, both in the one error shape and without
Access-Control-Allow-Origin; an actual request from such an origin gets no CORS headers, so the browser keeps the reply
from the page."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

ALLOW_METHODS = ("GET", "POST")  # what the widget sends
ALLOW_HEADERS = (
    "Accept",
    "Content-Type",
    "Last-Event-ID",
    "X-Stream-Id",
    "X-Widget-Key",
    "X-Widget-User",
    "X-Widget-Anonymous",
)
EXPOSE_HEADERS = ("X-Stream-Id", "Location", "Content-Disposition", "Retry-After")
MAX_AGE = 600


class _TypedCors(CORSMiddleware):
    """Starlette's CORS with a refused preflight in the project's error shape (it answers plain text)."""

    def is_allowed_origin(self, origin: str) -> bool:
        return super().is_allowed_origin(origin.lower())  # keys store origins in lower case

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        origin = request_headers["origin"]
        if not self.is_allowed_origin(origin):
            status, code, message = 403, "origin_not_allowed", f"origin {origin} is not allowed by any widget key"
        else:  # the origin is allowed; the method or a header is not
            asked = request_headers.get("access-control-request-headers") or "none"
            status, code = 400, "cors_not_allowed"
            message = (
                f"{bytes(response.body).decode()}: method {request_headers['access-control-request-method']}, "
                f"headers {asked}; allowed methods {', '.join(ALLOW_METHODS)}, headers {', '.join(ALLOW_HEADERS)}"
            )
        payload = {"error": {"code": code, "message": message}}
        return JSONResponse(payload, status_code=status, headers={"Vary": "Origin"})


class WidgetCorsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._cors: tuple[frozenset[str], CORSMiddleware] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "origin" not in Headers(scope=scope):
            await self.app(scope, receive, send)  # not a cross-origin request: nothing to add, no look-up
            return
        await (await self._middleware(scope))(scope, receive, send)

    async def _middleware(self, scope: Scope) -> CORSMiddleware:
        services = getattr(scope["app"].state, "services", None) if "app" in scope else None
        origins: frozenset[str] = frozenset()
        if services is not None:
            origins = await run_in_threadpool(services.widget_keys.origins)
        current = self._cors
        if current is None or current[0] != origins:
            cors = _TypedCors(
                self.app,
                allow_origins=origins,
                allow_methods=ALLOW_METHODS,
                allow_headers=ALLOW_HEADERS,
                expose_headers=EXPOSE_HEADERS,
                max_age=MAX_AGE,
            )
            current = self._cors = (origins, cors)
        return current[1]
