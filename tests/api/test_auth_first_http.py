"""Auth fails closed first, through the real HTTP API (uvicorn on a free loopback port, httpx as the client): a caller
without usable credentials gets 401 (a rate-limited one 429) before anything about its request body, on the routes
that settle their principal inside their one worker call as on those that take it as a dependency; an authenticated
caller still gets the 422 that names what is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from support.live_server import live_server

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.persistence.keys import ApiKeyStore
from app.services import Services, build_services
from app.settings import Settings

from .conftest import IN_SCOPE

INVALID_BODIES = [
    {},  # no question
    {"question": IN_SCOPE, "conversation_id": "c" * 65},
    {"question": IN_SCOPE, "filters": {"pillars": ["no-such-pillar"]}},
    {"question": 42},
]
ONE_HOP_ROUTES = [  # settle the principal inside the route
    "/v1/ask",
    "/v1/reviews/no-such-review/turns",
    "/v1/feedback",
    "/v1/chat/completions",
]
DEPENDENCY_ROUTES = ["/v1/search", "/v1/reviews"]  # PrincipalDep, for comparison: the same rule holds


@contextmanager
def _serve(settings: Settings, services: Services) -> Iterator[httpx.Client]:
    with (
        live_server(create_app(settings, services), settings, host="127.0.0.1") as (host, port),
        httpx.Client(base_url=f"http://{host}:{port}", timeout=30) as http,
    ):
        yield http


@pytest.fixture
def http(tiny_settings: Settings, services: Services) -> Iterator[httpx.Client]:
    """A loopback server (keyless while no key has existed)."""
    with _serve(tiny_settings, services) as client:
        yield client


def _unauthorized(response: httpx.Response) -> bool:
    return (
        response.status_code == 401
        and response.headers.get("www-authenticate") == "Bearer"
        and response.json()["error"]["code"] == "unauthorized"
    )


@pytest.mark.parametrize("body", INVALID_BODIES)
def test_without_a_key_an_invalid_body_gets_401_not_422(http: httpx.Client, services: Services, body: object) -> None:
    services.keys.create("portal")
    for path in ONE_HOP_ROUTES + DEPENDENCY_ROUTES:
        response = http.post(path, json=body)
        assert _unauthorized(response), (path, response.status_code, response.text)
        assert "API key is required" in response.json()["error"]["message"]


def test_malformed_credentials_get_401_before_the_body_is_looked_at(http: httpx.Client, services: Services) -> None:
    _, key = services.keys.create("portal")
    _, raw_widget = services.widget_keys.create("site", ["https://portal.example"])
    malformed = [
        {"Authorization": f"Basic {key}"},  # not a bearer token: no key sent
        {"Authorization": "Bearer"},  # no token
        {"X-API-Key": ""},
        {"X-API-Key": raw_widget},  # a widget key sent as a secret one
        {"X-Widget-Key": raw_widget},  # no Origin
        {"X-Widget-Key": raw_widget, "Origin": "https://portal.example"},  # neither a user token nor an anonymous ID
        {"X-Widget-Key": raw_widget, "Origin": "https://portal.example", "X-Widget-Anonymous": "short"},
        {"X-API-Key": "mll_unknown"},  # well formed but unknown: found so by the lookup, still before the 422
        {"X-Widget-Key": "pk_unknown", "Origin": "https://portal.example", "X-Widget-Anonymous": "a" * 32},
    ]
    for headers in malformed:
        for path in ONE_HOP_ROUTES + DEPENDENCY_ROUTES:
            response = http.post(path, json={}, headers=headers)
            assert _unauthorized(response), (headers, path, response.status_code, response.text)
        assert _unauthorized(http.post("/v1/ask", json={"question": IN_SCOPE}, headers=headers)), headers


def test_malformed_json_without_a_key_gets_401_too(http: httpx.Client, services: Services) -> None:
    """Unparseable JSON is found before any dependency runs; the 422 still waits for the caller's credentials."""
    _, key = services.keys.create("portal")
    too_deep = b'{"question": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"  # the parser's recursion limit
    for path in ONE_HOP_ROUTES + DEPENDENCY_ROUTES:
        for body in (b'{"question": ', too_deep):
            garbled = http.post(path, content=body, headers={"Content-Type": "application/json"})
            assert _unauthorized(garbled), (path, garbled.status_code, garbled.text)
            mine = http.post(path, content=body, headers={"Content-Type": "application/json", "X-API-Key": key})
            assert mine.status_code == (400 if path.startswith("/v1/chat/") else 422), (path, mine.status_code)
            assert "malformed JSON" in mine.json()["error"]["message"]


def test_an_authenticated_caller_gets_the_422_that_says_what_is_wrong(http: httpx.Client, services: Services) -> None:
    _, key = services.keys.create("portal")
    for headers in ({"X-API-Key": key}, {"Authorization": f"Bearer {key}"}):
        response = http.post("/v1/ask", json={"question": IN_SCOPE, "filters": {"pillars": ["nope"]}}, headers=headers)
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"
        assert "pillars" in response.json()["error"]["message"]
        assert http.post("/v1/ask", json={"question": IN_SCOPE}, headers=headers).status_code == 200
    turn = http.post("/v1/reviews/no-such-review/turns", json={"text": "x"}, headers={"X-API-Key": key})
    assert turn.status_code == 422 and "expected_version" in turn.json()["error"]["message"]
    turn = http.post(
        "/v1/reviews/no-such-review/turns", json={"text": "x", "expected_version": 1}, headers={"X-API-Key": key}
    )
    assert turn.status_code == 404


def test_a_keyless_loopback_server_stays_open_and_closes_when_a_key_appears_elsewhere(
    http: httpx.Client, services: Services
) -> None:
    """Without any key a loopback server serves keyless callers, so they see its 422s; once another process creates
    a key, the next keyless request is refused, an invalid one included (that needs a database read this process
    has not made yet: it happens before the 422)."""
    assert http.post("/v1/ask", json={}).status_code == 422
    assert http.post("/v1/ask", json={"question": IN_SCOPE}).status_code == 200
    ApiKeyStore(services.db).create("made-by-another-instance")  # as `mllens keys create` would
    assert _unauthorized(http.post("/v1/ask", json={}))
    assert _unauthorized(http.post("/v1/ask", json={"question": IN_SCOPE}))


def test_a_public_server_refuses_keyless_invalid_asks_at_once(tiny_settings: Settings, services: Services) -> None:
    _, key = services.keys.create("ops")
    public = tiny_settings.model_copy(update={"host": "0.0.0.0"})  # the app's rule; the test still binds loopback
    with _serve(public, services) as http:
        assert _unauthorized(http.post("/v1/ask", json={}))
        assert http.post("/v1/ask", json={}, headers={"X-API-Key": key}).status_code == 422


def test_invalid_requests_count_against_the_rate_limit_once(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    """Each invalid request counts once: on /v1/ask when its 422 is answered, on a PrincipalDep route (feedback) when
    the dependency settles the principal, not again at the 422."""
    limited = tiny_settings.model_copy(update={"rate_requests_per_minute": 3})
    built = build_services(limited, kb=tiny_kb)
    try:
        _, key = built.keys.create("portal")
        with _serve(limited, built) as http:
            paths = ["/v1/ask", "/v1/feedback", "/v1/ask", "/v1/ask", "/v1/feedback"]
            statuses = [http.post(path, json={}, headers={"X-API-Key": key}).status_code for path in paths]
            assert statuses == [422, 422, 422, 429, 429]
            refused = http.post("/v1/ask", json={"question": IN_SCOPE}, headers={"X-API-Key": key})
            assert refused.status_code == 429 and refused.headers["retry-after"]
    finally:
        built.close()


def test_widget_requests_count_against_the_rate_limit_per_user(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    """A widget's user is a principal like any other: its requests count against MLLENS_RATE_REQUESTS_PER_MINUTE
    (they used to be served without counting), and another user of the same key keeps its own quota."""
    limited = tiny_settings.model_copy(update={"rate_requests_per_minute": 2})
    built = build_services(limited, kb=tiny_kb)
    try:
        _, raw_widget = built.widget_keys.create("site", ["https://portal.example"])
        widget = {"X-Widget-Key": raw_widget, "Origin": "https://portal.example"}
        first = {**widget, "X-Widget-Anonymous": "a" * 22}
        with _serve(limited, built) as http:
            statuses = [http.post("/v1/ask", json={"question": IN_SCOPE}, headers=first).status_code for _ in range(3)]
            assert statuses == [200, 200, 429]
            second = {**widget, "X-Widget-Anonymous": "b" * 22}
            assert http.post("/v1/ask", json={"question": IN_SCOPE}, headers=second).status_code == 200
    finally:
        built.close()
