"""Who a web-widget request acts for: its publishable key (`X-Widget-Key`) must be active and the request must come
from one of the key's allowed origins (checked on every request, SSE included); the person is the portal's verified
user (`X-Widget-User`, a token signed with the key's secret) or the browser's anonymous ID (`X-Widget-Anonymous`)."""

from __future__ import annotations

import re
import time
from ipaddress import IPv6Address, IPv6Network, ip_address

from fastapi import Request

from app.errors import Unauthorized
from app.persistence.widget_keys import WidgetKeyStore
from app.principal import Principal
from app.user_tokens import verify_user_token

ANONYMOUS_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
ANONYMOUS = "anon:"  # the subject of a widget user known only by the browser's anonymous ID


def request_origin(request: Request) -> str | None:
    """The Origin header; for a same-origin GET (browsers omit Origin there) the server's own origin."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin.lower()
    if request.headers.get("sec-fetch-site") == "same-origin":
        return f"{request.url.scheme}://{request.url.netloc}".lower()
    return None


def refuse_widget_on_sight(request: Request) -> None:
    """What widget_principal() refuses without I/O: no Origin, or neither a user token nor a well-formed anonymous
    ID. Raises Unauthorized."""
    if request_origin(request) is None:
        raise Unauthorized("a widget key works only from a web page on one of its allowed origins (no Origin sent)")
    if not request.headers.get("x-widget-user") and not ANONYMOUS_ID.match(
        request.headers.get("x-widget-anonymous", "")
    ):
        raise Unauthorized(
            "the widget sends a signed user token (X-Widget-User) or an anonymous ID (X-Widget-Anonymous)"
        )


def widget_principal(request: Request, keys: WidgetKeyStore, raw_key: str) -> Principal:
    """Raises Unauthorized (saying why) for a missing origin or user, an unknown key, a disallowed origin, or a bad
    user token."""
    refuse_widget_on_sight(request)
    key = keys.authenticate(raw_key)
    origin = request_origin(request)
    if origin not in key.origins:
        raise Unauthorized(f"origin {origin} is not allowed for this widget key")
    token = request.headers.get("x-widget-user")
    if token:
        return Principal.widget(key.id, "user:" + verify_user_token(key.user_token_secret, token, time.time()))
    return Principal.widget(key.id, ANONYMOUS + request.headers.get("x-widget-anonymous", ""))


def is_anonymous(principal: Principal) -> bool:
    """A widget user known only by an anonymous ID, which the browser picks (and so may change at will)."""
    return principal.kind == "widget" and principal.subject.startswith(ANONYMOUS)


def visitor_address(request: Request) -> str:
    """The client address an anonymous widget user is counted by: the peer's, or the one a trusted proxy forwards
    (uvicorn rewrites the client from X-Forwarded-For only for MLLENS_FORWARDED_ALLOW_IPS). An IPv6 address counts by
    its /64, which one subscriber usually holds whole (rotating the rest would otherwise be a fresh budget)."""
    host = request.client.host if request.client else ""
    try:
        address = ip_address(host)
    except ValueError:
        return host or "unknown"
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(IPv6Network((address, 64), strict=False))
    return str(address)
