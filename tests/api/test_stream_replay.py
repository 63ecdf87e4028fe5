"""Streamed answers kept for replay: the stream ID (client-chosen or the server's), replay after Last-Event-ID,
an answer that finishes after the client left, another caller's stream (404), bad and reused IDs."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from support.live_server import live_server

from app.api.replay import RecordedFrames, replay_frames
from app.api.sse import Frame
from app.main import create_app
from app.persistence.streams import StoredStream
from app.services import Services
from app.settings import Settings

from .conftest import IN_SCOPE, parse_sse

SSE = {"Accept": "text/event-stream"}
STREAM = "s" * 8 + "0123456789abcdef"


@pytest.fixture
def fast_client(tiny_settings: Settings, services: Services) -> Iterator[TestClient]:
    settings = tiny_settings.model_copy(update={"stream_appear_wait_s": 0.2, "stream_replay_wait_s": 1.0})
    with TestClient(create_app(settings, services)) as test_client:
        yield test_client


def events(body: str) -> list[dict[str, object]]:
    return [f for f in parse_sse(body) if "event" in f]


def test_a_streamed_answer_replays_after_the_last_event_id(fast_client: TestClient) -> None:
    response = fast_client.post("/v1/ask", json={"question": IN_SCOPE}, headers={**SSE, "X-Stream-Id": STREAM})
    assert response.headers["x-stream-id"] == STREAM
    original = events(response.text)
    assert original[-1]["event"] == "done"
    whole = events(fast_client.get(f"/v1/ask/streams/{STREAM}", headers=SSE).text)
    assert whole == original  # same frames, same IDs
    rest = events(fast_client.get(f"/v1/ask/streams/{STREAM}", headers={**SSE, "Last-Event-ID": "2"}).text)
    assert rest == original[2:] and rest[0]["id"] == "3"
    at_end = fast_client.get(f"/v1/ask/streams/{STREAM}", headers={"Last-Event-ID": str(len(original))})
    assert at_end.status_code == 200 and events(at_end.text) == []  # the client saw it all: nothing more


def test_a_last_event_id_past_the_end_is_refused_by_a_real_server(tiny_settings: Settings, services: Services) -> None:
    """Through uvicorn with httpx: an ID the stream never sent is a 422 naming the stream's last event, before any
    stream starts (an empty 200 would read as "the answer is complete")."""
    with (
        live_server(create_app(tiny_settings, services), tiny_settings) as (host, port),
        httpx.Client(base_url=f"http://{host}:{port}", timeout=30) as http,
    ):
        original = events(
            http.post("/v1/ask", json={"question": IN_SCOPE}, headers={**SSE, "X-Stream-Id": STREAM}).text
        )
        for past in (len(original) + 1, 99):
            refused = http.get(f"/v1/ask/streams/{STREAM}", headers={**SSE, "Last-Event-ID": str(past)})
            assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input"
            assert f"Last-Event-ID {past} is past this answer stream's last event ({len(original)})" in refused.text
        assert events(http.get(f"/v1/ask/streams/{STREAM}", headers={**SSE, "Last-Event-ID": "1"}).text) == original[1:]


def test_an_unfinished_stream_asked_past_its_end_ends_with_an_error_event() -> None:
    stored = iter([StoredStream(False, []), StoredStream(True, [("delta", {"text": "a"}), ("done", {})])])
    frames = list(replay_frames(lambda: next(stored), 5, wait_s=5))
    assert len(frames) == 1 and frames[0][0] == "error"
    assert frames[0][1]["error"]["code"] == "invalid_input" and "past this answer stream's last event (2)" in str(
        frames
    )


def test_the_server_names_the_stream_when_the_client_does_not(fast_client: TestClient) -> None:
    response = fast_client.post("/v1/ask", json={"question": IN_SCOPE}, headers=SSE)
    stream_id = response.headers["x-stream-id"]
    assert events(fast_client.get(f"/v1/ask/streams/{stream_id}").text)[-1]["event"] == "done"


def test_unknown_bad_and_reused_stream_ids(fast_client: TestClient) -> None:
    missing = fast_client.get("/v1/ask/streams/" + "x" * 32)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    bad = fast_client.get("/v1/ask/streams/short")
    assert bad.status_code == 422 and "stream ID" in bad.json()["error"]["message"]
    bad_header = fast_client.post("/v1/ask", json={"question": IN_SCOPE}, headers={**SSE, "X-Stream-Id": "a b"})
    assert bad_header.status_code == 422
    assert fast_client.post("/v1/ask", json={"question": IN_SCOPE}, headers={**SSE, "X-Stream-Id": STREAM}).is_success
    again = fast_client.post("/v1/ask", json={"question": IN_SCOPE}, headers={**SSE, "X-Stream-Id": STREAM})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_another_callers_stream_is_not_found(fast_client: TestClient, services: Services) -> None:
    _, alice = services.keys.create("alice")
    _, bob = services.keys.create("bob")
    headers = {**SSE, "X-Stream-Id": STREAM, "Authorization": f"Bearer {alice}"}
    assert fast_client.post("/v1/ask", json={"question": IN_SCOPE}, headers=headers).is_success
    as_bob = fast_client.get(f"/v1/ask/streams/{STREAM}", headers={"Authorization": f"Bearer {bob}"})
    assert as_bob.status_code == 404
    as_alice = fast_client.get(f"/v1/ask/streams/{STREAM}", headers={"Authorization": f"Bearer {alice}"})
    assert events(as_alice.text)[-1]["event"] == "done"


def test_the_answer_is_finished_and_stored_when_the_client_leaves() -> None:
    release = threading.Event()
    stored: list[list[Frame]] = []

    def slow() -> Iterator[Frame]:
        yield "delta", {"text": "first "}
        release.wait(5)
        yield "delta", {"text": "second"}
        yield "done", {"answer": "first second"}

    async def first_then_leave() -> Frame:
        return await anext(aiter(RecordedFrames(slow(), stored.append)))  # the client went away after one frame

    assert asyncio.run(first_then_leave()) == ("delta", {"text": "first "})
    release.set()
    deadline = time.monotonic() + 5
    while not stored and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [name for name, _ in stored[0]] == ["delta", "delta", "done"]


def test_replay_waits_for_an_unfinished_answer_and_gives_up_with_an_error() -> None:
    states = iter([StoredStream(False, []), StoredStream(True, [("delta", {"text": "a"}), ("done", {})])])
    assert list(replay_frames(lambda: next(states), 1, wait_s=2)) == [("done", {})]
    never = list(replay_frames(lambda: StoredStream(False, []), 0, wait_s=0.15))
    assert never[0][0] == "error" and never[0][1]["error"]["code"] == "not_ready"


def test_frames_read_on_the_event_loop_arrive_as_the_answers_thread_puts_them() -> None:
    """`async for` over RecordedFrames: each frame wakes the loop when the answer's thread puts it (no worker thread),
    heartbeats could run meanwhile (the loop is free), and the answer is stored whether or not the reader stays."""
    import asyncio

    steps = [threading.Event() for _ in range(2)]
    stored: list[list[Frame]] = []

    def slow() -> Iterator[Frame]:
        for n, step in enumerate(steps):
            step.wait(5)
            yield "delta", {"text": f"part {n} "}
        yield "done", {"answer": "part 0 part 1 "}

    async def read() -> list[Frame]:
        frames = RecordedFrames(slow(), stored.append)
        got: list[Frame] = []
        ticks = 0
        reader = aiter(frames)
        steps[0].set()
        got.append(await anext(reader))
        pending = asyncio.ensure_future(anext(reader))
        while not pending.done() and ticks < 5:  # nothing arrives until the next step: the loop keeps running
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks == 5 and not pending.done()
        steps[1].set()
        got.append(await pending)
        got += [frame async for frame in reader]
        return got

    got = asyncio.run(read())
    assert got == [
        ("delta", {"text": "part 0 "}),
        ("delta", {"text": "part 1 "}),
        ("done", {"answer": "part 0 part 1 "}),
    ]
    deadline = time.monotonic() + 5
    while not stored and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stored == [got]


def test_an_event_loop_reader_that_leaves_does_not_stop_the_answer() -> None:
    import asyncio

    release = threading.Event()
    stored: list[list[Frame]] = []

    def slow() -> Iterator[Frame]:
        yield "delta", {"text": "first "}
        release.wait(5)
        yield "done", {"answer": "first"}

    async def leave_after_one() -> Frame:
        return await anext(aiter(RecordedFrames(slow(), stored.append)))

    assert asyncio.run(leave_after_one()) == ("delta", {"text": "first "})  # that loop is closed now
    release.set()  # the answer's thread wakes a closed loop: ignored, and it goes on
    deadline = time.monotonic() + 5
    while not stored and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [name for name, _ in stored[0]] == ["delta", "done"]
