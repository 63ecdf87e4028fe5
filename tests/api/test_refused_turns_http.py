"""Turns refused as off topic, through the real HTTP API (uvicorn on a free loopback port, httpx as the client): their
words never reach the LLM rewriter's history or the carry-over of a later follow-up, and no refusal shows a question
back in `resolved_question`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from support.live_server import serve_services

from app.knowledge import KnowledgeBase
from app.llm.fake import ScriptedChatModel
from app.settings import Settings

from .conftest import IN_SCOPE, OUT_OF_SCOPE, parse_sse

FOLLOW_UP = "and what about monitoring it?"
REWRITE = "How do we monitor least privilege access to training data?"


@dataclass
class Live:
    http: httpx.Client
    chat: ScriptedChatModel


@pytest.fixture
def live(llm_settings: Settings, tiny_kb: KnowledgeBase, chat: ScriptedChatModel) -> Iterator[Live]:
    with serve_services(llm_settings, tiny_kb, chat) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Live(http, chat)


@pytest.fixture
def live_none(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> Iterator[httpx.Client]:
    with serve_services(tiny_settings, tiny_kb, None) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def _ask(http: httpx.Client, question: str, conversation_id: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"question": question}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = http.post("/v1/ask", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


def test_an_off_topic_turn_never_reaches_the_rewriters_history(live: Live) -> None:
    live.chat.enqueue("Least privilege [MLSEC03-BP01].")
    first = _ask(live.http, IN_SCOPE)
    conversation = str(first["conversation_id"])
    refused = _ask(live.http, OUT_OF_SCOPE, conversation)
    assert refused["refused"] is True and refused["resolved_question"] == ""
    assert len(live.chat.calls) == 1  # the refusal called no model
    live.chat.enqueue(json.dumps({"question": REWRITE}), "Audit [MLSEC03-BP01].")
    answer = _ask(live.http, FOLLOW_UP, conversation)
    assert answer["refused"] is False and answer["resolved_question"] == REWRITE
    rewrite_prompt = " ".join(m.content for m in live.chat.calls[1])
    assert IN_SCOPE in rewrite_prompt  # the answered turn is the history ...
    assert "sourdough" not in rewrite_prompt  # ... the refused one is not
    assert "sourdough" not in " ".join(m.content for m in live.chat.calls[2])


def test_a_follow_up_after_a_refusal_does_not_carry_the_refused_question(live_none: httpx.Client) -> None:
    first = _ask(live_none, OUT_OF_SCOPE)
    assert first["refused"] is True and first["resolved_question"] == ""
    second = _ask(live_none, "and what about rye?", str(first["conversation_id"]))
    assert second["refused"] is True and second["resolved_question"] == ""
    # an answered turn after the refusal is still carried over
    _ask(live_none, IN_SCOPE, str(first["conversation_id"]))
    third = _ask(live_none, FOLLOW_UP, str(first["conversation_id"]))
    assert third["resolved_question"] == f"{IN_SCOPE} {FOLLOW_UP}"


def test_the_streamed_refusal_shows_no_question_back(live_none: httpx.Client) -> None:
    first = _ask(live_none, IN_SCOPE)
    with live_none.stream(
        "POST",
        "/v1/ask",
        json={"question": OUT_OF_SCOPE, "conversation_id": first["conversation_id"]},
        headers={"Accept": "text/event-stream"},
    ) as response:
        assert response.status_code == 200
        frames = [f for f in parse_sse(response.read().decode()) if "event" in f]
    done = frames[-1]["data"]
    assert done["refused"] is True
    assert frames[0]["data"]["resolved_question"] == "" and done["resolved_question"] == ""
    assert "sourdough" not in json.dumps([f["data"] for f in frames])
