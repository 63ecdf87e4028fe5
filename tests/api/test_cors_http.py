"""CORS and OPTIONS through a real uvicorn server (httpx as the client), as a browser sends them: a preflight from a
widget key's allowed origin, one from an origin no key allows (fail closed: no Access-Control-Allow-Origin, a typed
error), a preflight asking for a header the API does not take, a plain OPTIONS (no preflight), and a method the path
does not have (405 with an Allow header listing every method of the path, not just the first route's)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from support.live_server import live_server

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.services import Services, build_services
from app.settings import Settings

from .conftest import IN_SCOPE

PORTAL = "https://portal.example"
EVIL = "https://evil.example"
ASK = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-widget-key"}


@pytest.fixture
def served(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> Iterator[tuple[Services, httpx.Client, str]]:
    services = build_services(tiny_settings, kb=tiny_kb)
    _, raw_key = services.widget_keys.create("portal", [PORTAL])
    try:
        with (
            live_server(create_app(tiny_settings, services), tiny_settings, host="127.0.0.1") as (host, port),
            httpx.Client(base_url=f"http://{host}:{port}", timeout=30) as http,
        ):
            yield services, http, raw_key
    finally:
        services.close()


def test_a_preflight_from_an_allowed_origin_is_answered(served: tuple[Services, httpx.Client, str]) -> None:
    _, http, _ = served
    headers = {**ASK, "Access-Control-Request-Headers": "content-type,x-widget-key,x-widget-anonymous,last-event-id"}
    ok = http.options("/v1/ask", headers={"Origin": PORTAL, **headers})
    assert ok.is_success, ok.text
    assert ok.headers["access-control-allow-origin"] == PORTAL
    assert "POST" in ok.headers["access-control-allow-methods"]
    allowed = {h.strip().lower() for h in ok.headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "x-widget-key", "x-widget-anonymous", "last-event-id"} <= allowed
    assert "Origin" in ok.headers["vary"] and int(ok.headers["access-control-max-age"]) > 0
    # the actual request then carries the origin back, and the headers the widget reads are exposed
    asked = http.post(
        "/v1/ask",
        json={"question": IN_SCOPE},
        headers={"Origin": PORTAL, "X-Widget-Key": served[2], "X-Widget-Anonymous": "a" * 20},
    )
    assert asked.status_code == 200 and asked.headers["access-control-allow-origin"] == PORTAL
    assert "x-stream-id" in asked.headers["access-control-expose-headers"].lower()


def test_a_preflight_from_another_origin_fails_closed(served: tuple[Services, httpx.Client, str]) -> None:
    _, http, raw_key = served
    refused = http.options("/v1/ask", headers={"Origin": EVIL, **ASK})
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers
    assert refused.json()["error"]["code"] == "origin_not_allowed" and EVIL in refused.json()["error"]["message"]
    # nor does the actual request give that origin the answer to read
    sent = http.post(
        "/v1/ask",
        json={"question": IN_SCOPE},
        headers={"Origin": EVIL, "X-Widget-Key": raw_key, "X-Widget-Anonymous": "a" * 20},
    )
    assert sent.status_code == 401 and "access-control-allow-origin" not in sent.headers


def test_a_preflight_for_a_header_the_api_does_not_take_is_refused(
    served: tuple[Services, httpx.Client, str],
) -> None:
    _, http, _ = served
    headers = {"Origin": PORTAL, **ASK, "Access-Control-Request-Headers": "content-type,x-not-a-header"}
    refused = http.options("/v1/ask", headers=headers)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "cors_not_allowed"
    assert "headers" in refused.json()["error"]["message"]
    headers = {"Origin": PORTAL, "Access-Control-Request-Method": "PUT"}
    assert http.options("/v1/ask", headers=headers).json()["error"]["code"] == "cors_not_allowed"


def test_a_plain_options_lists_the_paths_methods(served: tuple[Services, httpx.Client, str]) -> None:
    _, http, _ = served
    for path, methods in (("/v1/ask", {"POST"}), ("/v1/reviews", {"GET", "POST"}), ("/healthz", {"GET"})):
        answered = http.options(path)
        assert answered.status_code == 204, (path, answered.text)
        allow = {m.strip() for m in answered.headers["allow"].split(",")}
        assert methods | {"OPTIONS"} <= allow and "DELETE" not in allow, (path, allow)
        assert "access-control-allow-origin" not in answered.headers
    assert http.options("/v1/no-such-path").status_code == 404


def test_a_method_the_path_lacks_gets_405_naming_all_of_its_methods(
    served: tuple[Services, httpx.Client, str],
) -> None:
    _, http, _ = served
    refused = http.delete("/v1/reviews")
    assert refused.status_code == 405 and refused.json()["error"]["code"] == "method_not_allowed"
    assert {"GET", "POST"} <= {m.strip() for m in refused.headers["allow"].split(",")}
