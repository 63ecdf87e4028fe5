from __future__ import annotations

import time
from collections.abc import Sequence

from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.errors import LLMUnavailable
from app.knowledge import KnowledgeBase
from app.lens.models import ATTRIBUTION
from app.llm.base import Message
from app.llm.fake import ScriptedChatModel
from app.main import create_app
from app.services import Services, build_services
from app.settings import Settings

from .conftest import IN_SCOPE, OUT_OF_SCOPE, parse_sse

SSE = {"Accept": "text/event-stream"}


def test_ask_returns_a_cited_extractive_answer(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": IN_SCOPE})
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "none" and body["refused"] is False and body["turn_id"] and body["conversation_id"]
    first = body["citations"][0]
    assert set(first) >= {"bp_id", "title", "section", "url", "quote"} and first["bp_id"] == "MLSEC03-BP01"
    assert f"[{first['bp_id']}]" in body["answer"] and first["url"] in body["answer"]
    assert body["attribution"] == ATTRIBUTION and ATTRIBUTION in body["answer"]


def test_sse_streams_the_same_answer(client: TestClient) -> None:
    with client.stream("POST", "/v1/ask", json={"question": IN_SCOPE}, headers=SSE) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache" and response.headers["x-accel-buffering"] == "no"
        frames = [f for f in parse_sse(response.read().decode()) if "event" in f]
    names = [f["event"] for f in frames]
    assert names[0] == "retrieval" and names[-1] == "done" and "delta" in names and "citation" in names
    assert [int(f["id"]) for f in frames] == list(range(1, len(frames) + 1))
    done = frames[-1]["data"]
    assert "".join(f["data"]["text"] for f in frames if f["event"] == "delta") == done["answer"]
    assert [f["data"]["bp_id"] for f in frames if f["event"] == "citation"] == [c["bp_id"] for c in done["citations"]]
    assert frames[0]["data"]["hits"][0]["bp_id"] == "MLSEC03-BP01"


def test_out_of_scope_is_refused_with_nearest_topics(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": OUT_OF_SCOPE}).json()
    assert body["refused"] is True and body["citations"] == [] and len(body["nearest_topics"]) == 3
    assert "Nearest lens topics" in body["answer"]
    assert 'mllens_refusals_total{reason="out_of_scope"} 1.0' in client.get("/metrics").text


def test_follow_up_uses_the_conversation(client: TestClient) -> None:
    first = client.post("/v1/ask", json={"question": IN_SCOPE}).json()
    second = client.post(
        "/v1/ask", json={"question": "and what about monitoring it?", "conversation_id": first["conversation_id"]}
    ).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert second["resolved_question"] == f"{IN_SCOPE} and what about monitoring it?"


def test_llm_answer_with_citation_integrity(llm_client: TestClient, chat: ScriptedChatModel) -> None:
    chat.enqueue("Give each role only what it needs [MLSEC03-BP01]. See also [MLCOST09-BP01].")
    body = llm_client.post("/v1/ask", json={"question": IN_SCOPE}).json()
    assert body["mode"] == "llm" and body["model"] == "fake" and len(body["prompt_hash"]) == 64
    assert [c["bp_id"] for c in body["citations"]] == ["MLSEC03-BP01"]
    assert body["citations_removed"] == ["MLCOST09-BP01"] and body["flagged"] is True
    assert "MLCOST09" not in body["answer"]
    assert ATTRIBUTION in body["answer"]


def test_provider_failure_is_a_200_with_notice_and_a_metric(llm_client: TestClient, chat: ScriptedChatModel) -> None:
    chat.enqueue(LLMUnavailable("fake: timeout"))
    response = llm_client.post("/v1/ask", json={"question": IN_SCOPE})
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "none" and "did not respond" in body["notice"] and body["citations"]
    metrics = llm_client.get("/metrics").text
    assert 'mllens_llm_fallbacks_total{reason="llm_unavailable"} 1.0' in metrics
    assert 'mllens_llm_errors_total{kind="llm_unavailable"} 1.0' in metrics


def test_sse_sends_heartbeats_while_the_model_thinks(llm_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    def slow(messages: Sequence[Message], schema: type[BaseModel] | None) -> str:
        time.sleep(0.3)
        return "Slow but cited [MLSEC03-BP01]."

    settings = llm_settings.model_copy(update={"sse_heartbeat_s": 0.05})
    services = build_services(settings, kb=tiny_kb, chat_model=ScriptedChatModel(default=slow))
    with TestClient(create_app(settings, services)) as client:
        body = client.post("/v1/ask", json={"question": IN_SCOPE}, headers=SSE).text
    services.close()
    frames = parse_sse(body)
    assert any(f.get("comment") == "heartbeat" for f in frames)
    assert frames[-1]["event"] == "done" and frames[-1]["data"]["mode"] == "llm"


def test_an_unexpected_error_mid_stream_is_an_error_event_without_details(
    llm_client: TestClient, chat: ScriptedChatModel
) -> None:
    chat.enqueue(RuntimeError("secret internals /etc/passwd"))
    body = llm_client.post("/v1/ask", json={"question": IN_SCOPE}, headers=SSE).text
    frames = [f for f in parse_sse(body) if "event" in f]
    assert frames[0]["event"] == "retrieval" and frames[-1]["event"] == "error"
    assert frames[-1]["data"] == {"error": {"code": "internal_error", "message": "internal error; it has been logged"}}
    assert "secret internals" not in body and "Traceback" not in body


def test_a_compact_search_has_no_passages_and_the_same_ranking(client: TestClient) -> None:
    full = client.post("/v1/search", json={"query": IN_SCOPE})
    compact = client.post("/v1/search", json={"query": IN_SCOPE, "passages": False})
    assert full.status_code == compact.status_code == 200
    assert compact.headers["content-type"] == "application/json"
    assert [h["bp_id"] for h in compact.json()["results"]] == [h["bp_id"] for h in full.json()["results"]]
    assert all(h["passages"] == [] for h in compact.json()["results"])
    assert all(h["passages"] for h in full.json()["results"])
    assert len(compact.content) < len(full.content) and "attribution" in compact.json()
    bad = client.post("/v1/search", json={"query": IN_SCOPE, "passages": "maybe"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"


def test_a_json_ask_makes_one_thread_hop_and_still_authenticates_first(
    client: TestClient, services: Services, hops: list[str]
) -> None:
    """Auth runs inside the route's own worker call (not as a sync dependency, which FastAPI would run in a worker
    thread of its own first), so a JSON ask hands work to the thread pool once; and it still fails closed: what needs
    no database (no key on a server that requires one) is refused on the event loop, with no hand-off at all."""
    assert client.post("/v1/ask", json={"question": IN_SCOPE}).status_code == 200
    assert hops == ["ask"]

    _, key = services.keys.create("portal")
    hops.clear()
    refused = client.post("/v1/ask", json={"question": IN_SCOPE})  # no key: refused on the event loop, no hop
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert client.post("/v1/ask", json={}).status_code == 401  # and before the body is validated
    assert hops == []
    assert client.post("/v1/ask", json={"question": IN_SCOPE}, headers={"X-API-Key": "mll_wrong"}).status_code == 401
    assert client.post("/v1/ask", json={"question": IN_SCOPE}, headers={"Authorization": f"Bearer {key}"}).is_success
    assert hops == ["ask", "ask"]


def test_a_streamed_ask_makes_one_thread_hop_and_its_frames_match_the_json_answer(
    client: TestClient, hops: list[str]
) -> None:
    """The answer's own thread records the frames and wakes the event loop for each, which writes it out: the ask
    hands work to the thread pool once (its frames used to take a worker-thread hand-off each), and the `done`
    frame is the JSON answer. A replay of the stored stream gives the same frames."""
    headers = {**SSE, "X-Stream-Id": "hops-0123456789abcdef"}
    response = client.post("/v1/ask", json={"question": IN_SCOPE}, headers=headers)
    assert response.status_code == 200 and hops == ["ask"]
    frames = [f for f in parse_sse(response.text) if "event" in f]
    names = [f["event"] for f in frames]
    assert names[0] == "retrieval" and names[-1] == "done" and "delta" in names and "citation" in names
    assert [f["id"] for f in frames] == [str(n) for n in range(1, len(frames) + 1)]
    replayed = client.get("/v1/ask/streams/hops-0123456789abcdef", headers=SSE)
    assert [f for f in parse_sse(replayed.text) if "event" in f] == frames
    done = dict(frames[-1]["data"])
    assert "".join(f["data"]["text"] for f in frames if f["event"] == "delta") == done["answer"]
    json_answer = client.post("/v1/ask", json={"question": IN_SCOPE}).json()
    for varying in ("conversation_id", "turn_id"):
        done.pop(varying), json_answer.pop(varying)
    assert done == json_answer
