"""A widget's anonymous IDs are picked by the browser, so a caller could rotate them to get a fresh per-principal quota
with every request. The anonymous users of one widget key share a ceiling (MLLENS_RATE_WIDGET_ANONYMOUS_PER_MINUTE),
checked through the real HTTP API (uvicorn on a free loopback port, httpx as the client): rotating IDs get 429
`rate_limited` with Retry-After past it, while the key's signed-in users, another widget key and API-key callers are
still served."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from support.live_server import live_server

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.services import Services, build_rate_limiter, build_services
from app.settings import Settings
from app.user_tokens import sign_user_token

from .conftest import IN_SCOPE

PORTAL = "https://portal.example"
CEILING = 4


@pytest.fixture
def limited(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> Iterator[tuple[Services, httpx.Client]]:
    settings = tiny_settings.model_copy(
        update={"rate_requests_per_minute": 100, "rate_widget_anonymous_per_minute": CEILING}
    )
    with _serve(settings, tiny_kb) as served:
        yield served


@contextmanager
def _serve(settings: Settings, kb: KnowledgeBase) -> Iterator[tuple[Services, httpx.Client]]:
    services = build_services(settings, kb=kb)
    base, started = 1_800_000_000.0 + 1, time.monotonic()  # a fixed window starting now: none rolls over mid-test
    services.limits = build_rate_limiter(settings, services.db, clock=lambda: base + (time.monotonic() - started))
    try:
        with (
            live_server(create_app(settings, services), settings, host="127.0.0.1") as (host, port),
            httpx.Client(base_url=f"http://{host}:{port}", timeout=30) as http,
        ):
            yield services, http
    finally:
        services.close()


def _anonymous(raw_key: str, n: int) -> dict[str, str]:
    return {"X-Widget-Key": raw_key, "Origin": PORTAL, "X-Widget-Anonymous": f"rotated-id-{n:012d}"}


def test_rotating_anonymous_ids_get_429_past_the_keys_ceiling(limited: tuple[Services, httpx.Client]) -> None:
    services, http = limited
    key, raw_key = services.widget_keys.create("portal", [PORTAL])
    other_key, raw_other = services.widget_keys.create("other site", [PORTAL])
    _, api_key = services.keys.create("server")

    statuses = []
    for n in range(CEILING + 3):  # a new anonymous ID every time: each is a new principal with a fresh quota
        response = http.post("/v1/ask", json={"question": IN_SCOPE}, headers=_anonymous(raw_key, n))
        statuses.append(response.status_code)
    assert statuses == [200] * CEILING + [429] * 3
    refused = http.post("/v1/search", json={"query": IN_SCOPE}, headers=_anonymous(raw_key, 99))
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert (
        "anonymous users of this widget key" in error["message"] and f"limit is {CEILING} per 60 s" in error["message"]
    )
    assert 1 <= int(refused.headers["retry-after"]) <= 60

    # a signed-in user of the same key, another key's anonymous users and a secret-key caller are not held back
    token = sign_user_token(key.user_token_secret, "alice", int(time.time()) + 600)
    signed_in = {"X-Widget-Key": raw_key, "Origin": PORTAL, "X-Widget-User": token}
    assert http.post("/v1/ask", json={"question": IN_SCOPE}, headers=signed_in).status_code == 200
    assert http.post("/v1/ask", json={"question": IN_SCOPE}, headers=_anonymous(raw_other, 0)).status_code == 200
    assert other_key.id != key.id
    assert http.post("/v1/ask", json={"question": IN_SCOPE}, headers={"X-API-Key": api_key}).status_code == 200


def test_a_streamed_ask_is_counted_too(limited: tuple[Services, httpx.Client]) -> None:
    """The widget streams its asks (SSE): those count against the ceiling like JSON asks."""
    services, http = limited
    _, raw_key = services.widget_keys.create("portal", [PORTAL])
    stream = {"Accept": "text/event-stream"}
    statuses = [
        http.post("/v1/ask", json={"question": IN_SCOPE}, headers={**_anonymous(raw_key, n), **stream}).status_code
        for n in range(CEILING + 1)
    ]
    assert statuses == [200] * CEILING + [429]


def test_no_ceiling_when_it_is_0(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    settings = tiny_settings.model_copy(update={"rate_requests_per_minute": 100, "rate_widget_anonymous_per_minute": 0})
    with _serve(settings, tiny_kb) as (services, http):
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        statuses = {
            http.post("/v1/search", json={"query": IN_SCOPE}, headers=_anonymous(raw_key, n)).status_code
            for n in range(CEILING + 3)
        }
        assert statuses == {200}
