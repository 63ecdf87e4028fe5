"""Server-sent events for a streamed answer: retrieval, delta, citation, done (and error), with event IDs and
heartbeat comments while the model is thinking. The blocking event iterator runs in the threadpool."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool

from app.api.schemas import AskResponse
from app.errors import AppError
from app.qa.models import AskEvent, CitationEvent, DeltaEvent, DoneEvent, RetrievalEvent

logger = logging.getLogger("app.api")
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}


def sse_response(events: Iterator[AskEvent], heartbeat_s: float) -> StreamingResponse:
    return StreamingResponse(stream(events, heartbeat_s), media_type="text/event-stream", headers=HEADERS)


async def stream(events: Iterator[AskEvent], heartbeat_s: float) -> AsyncIterator[str]:
    source = iterate_in_threadpool(events)
    event_id = 0
    pending: asyncio.Task[AskEvent] | None = None
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
                event = task.result()
            except StopAsyncIteration:
                return
            event_id += 1
            yield format_event(event_id, *payload_of(event))
    except AppError as exc:
        yield format_event(event_id + 1, "error", {"error": {"code": exc.code, "message": exc.message}})
    except Exception:  # outermost edge of a stream whose 200 status is already sent
        logger.exception("error while streaming an answer")
        yield format_event(
            event_id + 1,
            "error",
            {"error": {"code": "internal_error", "message": "internal error; it has been logged"}},
        )
    finally:
        if pending is not None:
            pending.cancel()


def payload_of(event: AskEvent) -> tuple[str, dict[str, Any]]:
    if isinstance(event, RetrievalEvent):
        return "retrieval", event.model_dump(mode="json", exclude={"kind"})
    if isinstance(event, DeltaEvent):
        return "delta", {"text": event.text}
    if isinstance(event, CitationEvent):
        return "citation", event.citation.model_dump(mode="json")
    assert isinstance(event, DoneEvent)
    return "done", AskResponse.of(event.answer).model_dump(mode="json")


def format_event(event_id: int, name: str, data: dict[str, Any]) -> str:
    return f"id: {event_id}\nevent: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
