"""Streamed replies take one hand-off to the thread pool for all their chunks (own issue 7 of the ninth closing note):
a streamed chat completion (read with the real `openai` client) and a streamed review turn make the route's own
worker call and ONE more for every chunk or frame, however many there are (starlette's iterate_in_threadpool took one
per chunk). What the client reads is unchanged: the chunks join to the plain reply, and the review turn's frames end
with the JSON turn. The one-call reader itself still passes items on as they are made, raises the iterator's error
after the items before it, and stops (closing the iterator) when its reader goes away."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator

import openai
import pytest
from fastapi.testclient import TestClient

from app.api.one_hop import iterate_in_one_hop

from .conftest import IN_SCOPE, parse_sse

SSE = {"Accept": "text/event-stream"}


def _openai(client: TestClient) -> openai.OpenAI:
    """The real client over the app (TestClient is an httpx.Client), with a real API key of the app's."""
    _, key = client.app.state.services.keys.create("chat front end")  # type: ignore[attr-defined]
    return openai.OpenAI(base_url="http://testserver/v1", api_key=key, http_client=client, max_retries=0)


@pytest.mark.parametrize("mode", ["none", "llm"])
def test_a_streamed_chat_completion_makes_two_hand_offs_whatever_its_length(
    mode: str, client: TestClient, llm_client: TestClient, hops: list[str]
) -> None:
    api = _openai(client if mode == "none" else llm_client)
    messages = [{"role": "user", "content": IN_SCOPE}]
    hops.clear()
    chunks = list(api.chat.completions.create(model="ml-lens", messages=messages, stream=True))  # type: ignore[arg-type]
    assert len(chunks) >= 4  # the role, the answer's paragraphs, the Markdown sources, stop
    assert hops == ["chat_completions", "produce"]  # the route's call, then one for every chunk
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[-1].choices[0].finish_reason == "stop"
    plain = api.chat.completions.create(model="ml-lens", messages=messages)  # type: ignore[arg-type]
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == plain.choices[0].message.content


def test_a_streamed_review_turn_makes_two_hand_offs_whatever_its_length(client: TestClient, hops: list[str]) -> None:
    review = client.post("/v1/reviews", json={"profile": {"name": "streams"}}).json()
    hops.clear()
    body = {"ask": "what does least privilege mean for training data?"}
    response = client.post(f"/v1/reviews/{review['review_id']}/turns", json=body, headers=SSE)
    frames = [f for f in parse_sse(response.text) if "event" in f]
    assert [f["event"] for f in frames][:1] == ["turn"] and frames[-1]["event"] == "done"
    assert "delta" in {f["event"] for f in frames} and len(frames) >= 4  # a side answer streams its paragraphs
    assert hops == ["take_turn", "produce"]
    done = frames[-1]["data"]
    assert "".join(f["data"]["text"] for f in frames if f["event"] == "delta") == done["side_answer"]["text"]
    current = client.get(f"/v1/reviews/{review['review_id']}").json()
    assert {k: v for k, v in done.items() if k != "side_answer"} == {
        k: v for k, v in current.items() if k != "side_answer"
    }


def test_a_stale_version_in_a_streamed_turn_is_still_one_error_event(client: TestClient, hops: list[str]) -> None:
    review = client.post("/v1/reviews", json={"profile": {"name": "streams"}}).json()
    hops.clear()
    body = {"expected_version": 99, "text": "we do least privilege"}
    response = client.post(f"/v1/reviews/{review['review_id']}/turns", json=body, headers=SSE)
    frames = [f for f in parse_sse(response.text) if "event" in f]
    assert [f["event"] for f in frames] == ["error"] and frames[0]["data"]["error"]["code"] == "stale_review"
    assert hops == ["take_turn", "produce"]


def _read(items: Iterator[int], stop_after: int | None = None) -> tuple[list[int], BaseException | None]:
    async def main() -> tuple[list[int], BaseException | None]:
        got: list[int] = []
        reader = iterate_in_one_hop(items)
        try:
            async for item in reader:
                got.append(item)
                if stop_after is not None and len(got) == stop_after:
                    break
        except Exception as exc:
            return got, exc
        finally:
            await reader.aclose()
        return got, None

    return asyncio.run(main())


def test_items_reach_the_reader_as_they_are_made() -> None:
    """A streamed model's text is not held back until the answer ends: the iterator makes its second item only
    after the reader has the first."""
    first_read = threading.Event()

    def items() -> Iterator[int]:
        yield 1
        assert first_read.wait(timeout=10), "the first item was not passed on before the next was made"
        yield 2

    async def main() -> list[int]:
        got = []
        async for item in iterate_in_one_hop(items()):
            got.append(item)
            first_read.set()
        return got

    assert asyncio.run(main()) == [1, 2]


def test_an_error_is_raised_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("broken")

    got, error = _read(items())
    assert got == [1, 2] and isinstance(error, ValueError) and str(error) == "broken"


def test_a_reader_that_goes_away_stops_the_iterator_and_closes_it() -> None:
    made: list[int] = []
    closed = threading.Event()

    def endless() -> Iterator[int]:
        try:
            n = 0
            while True:
                n += 1
                made.append(n)
                yield n
        finally:
            closed.set()

    got, error = _read(endless(), stop_after=3)
    assert got == [1, 2, 3] and error is None
    assert closed.wait(timeout=10)  # the worker stopped pulling and closed the generator
    assert len(made) < 10_000


def test_the_frames_are_json_as_before(client: TestClient) -> None:
    """A streamed chat completion's bytes: `data: <one JSON object>` events, then `data: [DONE]`."""
    chat = {"model": "ml-lens", "messages": [{"role": "user", "content": IN_SCOPE}], "stream": True}
    text = client.post("/v1/chat/completions", json=chat).text
    events = [e for e in text.split("\n\n") if e]
    assert events[-1] == "data: [DONE]"
    bodies = [json.loads(e.removeprefix("data: ")) for e in events[:-1]]
    assert {b["object"] for b in bodies} == {"chat.completion.chunk"} and len({b["id"] for b in bodies}) == 1


def test_a_replay_reads_its_frames_in_one_hand_off(client: TestClient, hops: list[str]) -> None:
    streamed = client.post("/v1/ask", json={"question": IN_SCOPE}, headers={**SSE, "X-Stream-Id": "replay-hops-0001"})
    original = [f for f in parse_sse(streamed.text) if "event" in f]
    hops.clear()
    replayed = client.get("/v1/ask/streams/replay-hops-0001", headers={"Last-Event-ID": "1"})
    assert [f for f in parse_sse(replayed.text) if "event" in f] == original[1:]
    assert hops == ["get_principal", "replay", "produce"]  # the dependency, the route, then one for every frame
