"""Keyless access fails closed behind a proxy: a loopback server without keys serves a keyless caller as the local
user only when the request did not come through a proxy, since a proxy on the same host makes every client's
connection come from 127.0.0.1. Any forwarding header (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`, ...) marks such a
request; through a real uvicorn server with httpx, on the REST API, the OpenAI-compatible route and MCP over HTTP
(the `mcp` SDK's own client for the keyless caller it still serves). The shipped nginx site:
tests/deploy/test_keyless_behind_nginx.py."""

from __future__ import annotations

import anyio
import httpx
import httpx2
import openai
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from app.persistence.keys import PROXY_HEADERS
from tests.interop.conftest import IN_SCOPE, LiveServer

FORWARDED = {
    "forwarded": "for=203.0.113.7;proto=https",
    "x-forwarded-for": "203.0.113.7",
    "x-real-ip": "203.0.113.7",
    "x-forwarded-host": "lens.example.com",
    "x-forwarded-proto": "https",
    "via": "1.1 proxy.example.com",
}
MCP_LIST = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
MCP_ACCEPT = {"Accept": "application/json, text/event-stream"}


def _unauthorized(response: httpx.Response) -> bool:
    return response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_every_forwarding_header_is_listed() -> None:
    assert set(FORWARDED) == set(PROXY_HEADERS)


def test_a_direct_keyless_caller_is_still_served(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        assert http.post("/v1/search", json={"query": IN_SCOPE}).status_code == 200
        chat = {"model": "ml-lens", "messages": [{"role": "user", "content": IN_SCOPE}]}
        assert http.post("/v1/chat/completions", json=chat).status_code == 200

    async def scenario() -> None:
        async with httpx2.AsyncClient(timeout=30) as raw:
            async with Client(streamable_http_client(f"{live_server.url}/mcp", http_client=raw)) as client:
                assert (await client.list_tools()).tools

    anyio.run(scenario)


def test_a_keyless_request_through_a_proxy_is_refused(live_server: LiveServer) -> None:
    chat = {"model": "ml-lens", "messages": [{"role": "user", "content": IN_SCOPE}]}
    for name, value in FORWARDED.items():
        with httpx.Client(base_url=live_server.url, timeout=30, headers={name: value}) as http:
            assert _unauthorized(http.post("/v1/search", json={"query": IN_SCOPE})), name
            assert _unauthorized(http.get("/v1/lens/questions/MLSEC03")), name
            assert _unauthorized(http.post("/v1/chat/completions", json=chat)), name
            assert _unauthorized(http.post("/v1/reviews", json={"workload_name": "proxied"})), name
            assert _unauthorized(http.post("/mcp", json=MCP_LIST, headers=MCP_ACCEPT)), name
    with httpx.Client(base_url=live_server.url, timeout=30) as direct:  # still keyless for a direct caller
        listed = direct.get("/v1/reviews")
        assert listed.status_code == 200 and listed.json()["reviews"] == []  # the refused create made nothing


def test_a_key_through_a_proxy_is_served(live_server: LiveServer) -> None:
    _, key = live_server.services.keys.create("behind-proxy")
    headers = {"x-forwarded-for": "203.0.113.7", "authorization": f"Bearer {key}"}
    with httpx.Client(base_url=live_server.url, timeout=30, headers=headers) as http:
        assert http.post("/v1/search", json={"query": IN_SCOPE}).status_code == 200
    api = openai.OpenAI(base_url=f"{live_server.url}/v1", api_key=key, default_headers=FORWARDED, max_retries=0)
    reply = api.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}])
    assert reply.choices[0].message.content
