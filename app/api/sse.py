"""Server-sent events with event IDs and heartbeat comments while the work runs (a blocking event iterator runs in
one worker-thread call; an async one, on the loop). Two streams use it: an answer (retrieval, delta, citation, done)
and a review turn (turn, delta, citation, done); either may end with an `error` event whose data is the API's error
body."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from app.api.errors import error_payload
from app.api.one_hop import iterate_in_one_hop
from app.api.schemas import AskResponse
from app.errors import AppError
from app.qa.models import AskEvent, CitationEvent, DeltaEvent, DoneEvent, RetrievalEvent
from app.review.turn import TurnResult

logger = logging.getLogger("app.api")
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}
Frame = tuple[str, dict[str, Any]]  # (event name, JSON data)


def answer_frames(events: Iterator[AskEvent]) -> Iterator[Frame]:
    return (payload_of(event) for event in events)


def frames_response(
    frames: Iterator[Frame] | AsyncIterable[Frame],
    heartbeat_s: float,
    *,
    first_id: int = 0,
    headers: dict[str, str] | None = None,
) -> StreamingResponse:
    """SSE of `frames`; event IDs count from `first_id` + 1 (a replay continues the original numbering)."""
    return StreamingResponse(
        stream(frames, heartbeat_s, first_id), media_type="text/event-stream", headers={**HEADERS, **(headers or {})}
    )


async def stream(
    frames: Iterator[Frame] | AsyncIterable[Frame], heartbeat_s: float, first_id: int = 0
) -> AsyncIterator[str]:
    """A blocking iterator (a review turn's frames, a replay) is read in one worker-thread call for all its frames; an
    async one (a streamed answer's RecordedFrames) on the loop itself."""
    source = aiter(frames) if isinstance(frames, AsyncIterable) else iterate_in_one_hop(frames)
    event_id = first_id
    pending: asyncio.Task[Frame] | None = None
    yield "retry: 3000\n\n"
    try:
        while True:
            pending = pending or asyncio.ensure_future(anext(source))
            done, _ = await asyncio.wait({pending}, timeout=heartbeat_s)
            if not done:
                yield ": heartbeat\n\n"
                continue
            task, pending = pending, None
            try:
                frame = task.result()
            except StopAsyncIteration:
                return
            event_id += 1
            yield format_event(event_id, *frame)
    except AppError as exc:
        yield format_event(event_id + 1, "error", error_payload(exc))
    except Exception:  # outermost edge of a stream whose 200 status is already sent
        logger.exception("error while streaming")
        yield format_event(
            event_id + 1,
            "error",
            {"error": {"code": "internal_error", "message": "internal error; it has been logged"}},
        )
    finally:
        if pending is not None:
            pending.cancel()


def payload_of(event: AskEvent) -> Frame:
    if isinstance(event, RetrievalEvent):
        return "retrieval", event.model_dump(mode="json", exclude={"kind"})
    if isinstance(event, DeltaEvent):
        return "delta", {"text": event.text}
    if isinstance(event, CitationEvent):
        return "citation", event.citation.model_dump(mode="json")
    assert isinstance(event, DoneEvent)
    return "done", AskResponse.of(event.answer).model_dump(mode="json")


_PARAGRAPH_END = re.compile(r"(?<=\n\n)")


def turn_frames(run: Callable[[], TurnResult]) -> Iterator[Frame]:
    """`turn` (the review's state, to render at once), then a side answer's paragraphs as `delta` and its `citation`s,
    then `done` with the whole TurnResult (the JSON response). `run` does the work, in the threadpool."""
    turn = run()
    yield "turn", turn.model_dump(mode="json", exclude={"side_answer"})
    if turn.side_answer is not None:
        for piece in _PARAGRAPH_END.split(turn.side_answer.text):
            if piece:
                yield "delta", {"text": piece}
        for citation in turn.side_answer.citations:
            yield "citation", citation.model_dump(mode="json")
    yield "done", turn.model_dump(mode="json")


def format_event(event_id: int, name: str, data: dict[str, Any]) -> str:
    return f"id: {event_id}\nevent: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
