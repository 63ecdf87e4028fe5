"""Who a web-widget request acts for: its publishable key (`X-Widget-Key`) must be active and the request must come
from one of the key's allowed origins (checked on every request, SSE included); the person is the portal's verified
user (`X-Widget-User`, a token signed with the key's secret) or the browser's anonymous ID (`X-Widget-Anonymous`)."""

from __future__ import annotations

import re
import time

from fastapi import Request

from app.errors import Unauthorized
from app.persistence.widget_keys import WidgetKeyStore
from app.principal import Principal
from app.user_tokens import verify_user_token

ANONYMOUS_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def request_origin(request: Request) -> str | None:
    """The Origin header; for a same-origin GET (browsers omit Origin there) the server's own origin."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin.lower()
    if request.headers.get("sec-fetch-site") == "same-origin":
        return f"{request.url.scheme}://{request.url.netloc}".lower()
    return None


def widget_principal(request: Request, keys: WidgetKeyStore, raw_key: str) -> Principal:
    """Raises Unauthorized (saying why) for an unknown key, a missing or disallowed origin, or a bad user token."""
    key = keys.authenticate(raw_key)
    origin = request_origin(request)
    if origin is None:
        raise Unauthorized("a widget key works only from a web page on one of its allowed origins (no Origin sent)")
    if origin not in key.origins:
        raise Unauthorized(f"origin {origin} is not allowed for this widget key")
    token = request.headers.get("x-widget-user")
    if token:
        return Principal.widget(key.id, "user:" + verify_user_token(key.user_token_secret, token, time.time()))
    anonymous = request.headers.get("x-widget-anonymous", "")
    if not ANONYMOUS_ID.match(anonymous):
        raise Unauthorized(
            "the widget sends a signed user token (X-Widget-User) or an anonymous ID (X-Widget-Anonymous)"
        )
    return Principal.widget(key.id, "anon:" + anonymous)
