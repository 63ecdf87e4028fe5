"""The MCP server through the official SDK's own client: over stdio (`mllens mcp` as a subprocess) and over
streamable HTTP (/mcp on a real uvicorn server), with typed schemas, tool errors, and reviews per principal."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from support.checkout import checkout_pythonpath, mllens_command

from app.settings import Settings
from tests.interop.conftest import IN_SCOPE, OUT_OF_SCOPE, LiveServer

TOOLS = {"search_lens", "get_best_practice", "ask_lens", "start_review", "answer_review_question", "get_review_report"}


async def call(client: Client, name: str, **arguments: Any) -> Any:
    result = await client.call_tool(name, arguments)
    assert not result.is_error, result.content
    return result.structured_content


async def error_of(client: Client, name: str, **arguments: Any) -> str:
    result = await client.call_tool(name, arguments)
    assert result.is_error
    return " ".join(getattr(block, "text", "") for block in result.content)


async def exercise(client: Client) -> None:
    """What an assistant does: discover the tools, search, read, ask, run a review and fetch its report."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description and tool.input_schema["type"] == "object" and tool.output_schema
    assert "ctx" not in tools["search_lens"].input_schema["properties"]
    assert tools["search_lens"].input_schema["properties"]["k"]["maximum"] == 20

    found = await call(client, "search_lens", query=IN_SCOPE, k=3)
    assert found["results"] and found["results"][0]["url"].startswith("https://docs.aws.amazon.com/")
    assert "MIT-0" in found["attribution"]
    bp_id = found["results"][0]["bp_id"]
    detail = await call(client, "get_best_practice", bp_id=bp_id.lower().replace("-", " "))
    assert detail["bp_id"] == bp_id and detail["risk"] in ("High", "Medium") and detail["steps"]

    answer = await call(client, "ask_lens", question=IN_SCOPE)
    assert not answer["refused"] and answer["citations"] and "**Sources**" in answer["answer"]
    follow = await call(
        client,
        "ask_lens",
        question="how do I start with that?",
        conversation=[{"question": IN_SCOPE, "answer": answer["answer"]}],
    )
    assert answer["citations"][0]["bp_id"] in follow["answer"]
    refused = await call(client, "ask_lens", question=OUT_OF_SCOPE)
    assert refused["refused"] and refused["citations"] == []

    turn = await call(client, "start_review", workload_name="Churn model", pillars=["ops"])
    review_id, version = turn["review_id"], turn["version"]
    picks = {c["id"]: "implemented" for c in turn["choices"]}
    turn = await call(
        client, "answer_review_question", review_id=review_id, expected_version=version, picks=picks, confirm=True
    )
    assert turn["saved"]["risk"] == "NONE" and turn["question"]["id"] != "MLOPS01"
    assert "MIT-0" in turn["attribution"]  # a turn's drafted findings quote the lens
    gaps = {c["id"]: "not_implemented" for c in turn["choices"]}
    version = turn["version"]
    gap_turn = await call(
        client, "answer_review_question", review_id=review_id, expected_version=version, picks=gaps, confirm=True
    )
    assert gap_turn["findings"] and "Amazon.com, Inc. or its affiliates" in gap_turn["attribution"]
    assert all(f["citations"][0]["url"].startswith("https://docs.aws.amazon.com/") for f in gap_turn["findings"])
    turn = gap_turn
    report = await call(client, "get_review_report", review_id=review_id, format="json")
    assert json.loads(report["content"])["meta"]["review_id"] == review_id

    assert "unknown_id" in await error_of(client, "get_best_practice", bp_id="MLXYZ99-BP99")
    stale = await error_of(client, "answer_review_question", review_id=review_id, expected_version=1, confirm=True)
    assert "stale_review" in stale and "current state" not in stale  # no state travels with a tool error
    assert f"Send expected_version {turn['version']} to act on it." in stale, stale
    assert "review_not_found" in await error_of(client, "get_review_report", review_id="nope")
    outside = await error_of(client, "search_lens", query=IN_SCOPE, k=99)  # outside the schema: typed, one line
    assert "invalid_input: k: Input should be less than or equal to 20" in outside, outside
    assert "\n" not in outside and "pydantic" not in outside
    # numbers and booleans are strict: the SDK passes a JSON string on as a string, and "5" or "true" is refused
    as_text = await error_of(client, "search_lens", query=IN_SCOPE, k="5")
    assert "invalid_input: k: Input should be a valid integer" in as_text, as_text
    as_text = await error_of(client, "start_review", workload_name="Churn", managed_ai_only="yes")
    assert "invalid_input: managed_ai_only: Input should be a valid boolean" in as_text, as_text
    as_text = await error_of(
        client, "answer_review_question", review_id=review_id, expected_version=str(turn["version"]), confirm=True
    )
    assert "invalid_input: expected_version: Input should be a valid integer" in as_text, as_text
    as_text = await error_of(
        client, "answer_review_question", review_id=review_id, expected_version=turn["version"], confirm="true"
    )
    assert "invalid_input: confirm: Input should be a valid boolean" in as_text, as_text
    missing = await error_of(client, "answer_review_question", review_id=review_id)
    assert "invalid_input: expected_version: Field required" in missing, missing
    # NUL is stored by SQLite and refused by PostgreSQL (an untyped database error there): typed on every database.
    nul = await error_of(client, "start_review", workload_name="Churn\u0000model")
    assert nul.endswith(": invalid_input: workload_name contains a NUL character (U+0000)"), nul
    nul = await error_of(client, "answer_review_question", review_id=review_id, expected_version=9, text="a\u0000")
    blank = await error_of(client, "start_review", workload_name="   ")
    assert blank.endswith(": invalid_review_input: a review needs a workload name (it was blank)"), blank
    assert nul.endswith(": invalid_input: text contains a NUL character (U+0000)"), nul
    assert "NUL character" in await error_of(client, "ask_lens", question="how do I\u0000 version data?")
    picks = {"a\u0000": "implemented"}
    nul = await error_of(client, "answer_review_question", review_id=review_id, expected_version=9, picks=picks)
    assert nul.endswith(": invalid_input: picks.<key> contains a NUL character (U+0000)"), nul
    nul = await error_of(client, "get_review_report", review_id="churn\u0000model")  # checked by the review service
    assert nul.endswith(": invalid_review_input: review_id contains a NUL character (U+0000)"), nul


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    anyio.run(scenario)


def stdio_params(settings: Settings, **extra_env: str) -> StdioServerParameters:
    """`mllens mcp` over stdio on `settings`, importing this checkout (tests/support/checkout.py)."""
    env = {
        "MLLENS_CORPUS_DIR": str(settings.corpus_dir),
        "MLLENS_PROMPTS_DIR": str(settings.prompts_dir),
        "MLLENS_INDEX_DIR": str(settings.index_dir),
        "MLLENS_EMBEDDER": "hash",
        "MLLENS_RELEVANCE_THRESHOLD": str(settings.relevance_threshold),
        "MLLENS_DATABASE_URL": settings.database_url,
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": checkout_pythonpath(),
        **extra_env,
    }
    command, *args = mllens_command("mcp")
    return StdioServerParameters(command=command, args=args, env=env, cwd=os.getcwd())


def test_stdio(tiny_settings: Settings) -> None:
    params = stdio_params(tiny_settings)

    async def scenario() -> None:
        async with Client(params, read_timeout_seconds=60) as client:
            await exercise(client)

    run(scenario)


@asynccontextmanager
async def http_client(server: LiveServer, key: str) -> AsyncIterator[Client]:
    """The SDK's client over streamable HTTP, sending the API key (the HTTP client is ours to close)."""
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=30) as http:
        async with Client(streamable_http_client(f"{server.url}/mcp", http_client=http), read_timeout_seconds=30) as c:
            yield c


def test_streamable_http_with_keys(live_server: LiveServer) -> None:
    _, alice = live_server.services.keys.create("alice")
    _, bob = live_server.services.keys.create("bob")

    async def scenario() -> None:
        async with http_client(live_server, alice) as client:
            await exercise(client)
            turn = await call(client, "start_review", workload_name="Alice's model")
        async with http_client(live_server, bob) as other:  # another principal: not found, never forbidden
            message = await error_of(other, "get_review_report", review_id=turn["review_id"])
            assert "review_not_found" in message and alice not in message

    run(scenario)


def test_http_without_a_valid_key_is_refused(live_server: LiveServer) -> None:
    live_server.services.keys.create("alice")
    for headers in ({}, {"Authorization": "Bearer mll_wrong"}):
        response = httpx2.post(
            f"{live_server.url}/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={"Accept": "application/json, text/event-stream", **headers},
        )
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_http_keeps_the_api_body_limit(live_server: LiveServer, tiny_settings: Settings) -> None:
    big = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": "ask_lens", "arguments": {"question": "x" * (tiny_settings.max_body_bytes + 10)}},
    }
    response = httpx2.post(
        f"{live_server.url}/mcp", json=big, headers={"Accept": "application/json, text/event-stream"}
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"


def test_an_answer_that_leaves_nothing_to_confirm_returns_its_turn_not_an_error(live_server: LiveServer) -> None:
    """`text` with `confirm`: when the answer proposes nothing (the assistant asks a follow-up instead), the answer is
    recorded all the same, so the call returns that turn, unconfirmed, instead of an error that hid the new version
    (the assistant's retry then met stale_review)."""
    _, key = live_server.services.keys.create("alice")

    async def scenario() -> None:
        async with http_client(live_server, key) as client:
            start = await call(client, "start_review", workload_name="Vague answers", pillars=["sec"])
            turn = await call(
                client,
                "answer_review_question",
                review_id=start["review_id"],
                expected_version=start["version"],
                text="hmm, not sure",
                confirm=True,
            )
            assert turn["version"] > start["version"] and not turn["is_confirmed"] and turn["proposal"] == []
            assert "confirm" not in turn["allowed_actions"] and turn["question"]["id"] == start["question"]["id"]
            picks = {c["id"]: "implemented" for c in turn["choices"]}
            saved = await call(
                client,
                "answer_review_question",
                review_id=start["review_id"],
                expected_version=turn["version"],
                picks=picks,
                confirm=True,
            )
            assert saved["saved"]["question_id"] == start["question"]["id"]

    run(scenario)
