"""Answers that outlive their connection. A streamed answer runs in its own thread, which records every frame and
stores them under the stream ID when it ends, whether or not the client is still there; the client reads them as they
come (on the event loop, woken by the answer's thread: no worker-thread hand-off per frame). A client that lost the
connection replays the stored frames after its Last-Event-ID (waiting for an answer that is still being written). An
ID past the stream's last event is one the stream never sent: invalid_input, not an empty replay that would read as
"nothing more to come"."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator

from app.api.errors import error_payload
from app.api.one_hop import LoopInbox
from app.api.sse import Frame
from app.errors import AppError, InvalidInput, NotFound
from app.persistence.streams import SqlStreamStore, StoredStream
from app.principal import Principal

logger = logging.getLogger("app.api")
POLL_S = 0.1
INTERNAL: Frame = ("error", {"error": {"code": "internal_error", "message": "internal error; it has been logged"}})


class RecordedFrames:
    """Iterates `frames` in a thread of its own; `on_end(all frames)` runs when they end, client or not. Read them
    with `async for` on the event loop (each frame wakes the loop; no worker thread is taken)."""

    def __init__(self, frames: Iterator[Frame], on_end: Callable[[list[Frame]], None]) -> None:
        self._inbox = LoopInbox()
        threading.Thread(target=self._run, args=(frames, on_end), name="answer-stream", daemon=True).start()

    def _run(self, frames: Iterator[Frame], on_end: Callable[[list[Frame]], None]) -> None:
        # a closed reader's loop does not stop the answer: it is recorded and stored to the end
        recorded: list[Frame] = []
        try:
            for frame in frames:
                recorded.append(frame)
                self._inbox.put(frame)
        except AppError as exc:
            recorded.append(("error", error_payload(exc)))
            self._inbox.put(recorded[-1])
        except Exception:  # the stream's 200 is sent: end it with the generic error frame
            logger.exception("error while streaming an answer")
            recorded.append(INTERNAL)
            self._inbox.put(INTERNAL)
        finally:
            try:
                on_end(recorded)
            except Exception:
                logger.exception("could not store the answer stream for replay")
            self._inbox.end()

    async def __aiter__(self) -> AsyncIterator[Frame]:
        async for item in self._inbox.items():
            assert isinstance(item, tuple)
            yield item


def replay_frames(find: Callable[[], StoredStream], after: int, wait_s: float) -> Iterator[Frame]:
    """The stored frames after event `after` (1-based IDs), once the stream has finished (at most `wait_s`)."""
    deadline = time.monotonic() + wait_s
    stored = find()
    while not stored.finished:
        if time.monotonic() > deadline:
            yield "error", {"error": {"code": "not_ready", "message": "the answer is still being written; retry"}}
            return
        time.sleep(POLL_S)
        stored = find()
    if after > len(stored.frames):
        yield "error", error_payload(past_the_end(after, len(stored.frames)))
        return
    yield from stored.frames[after:]


def refuse_past_the_end(stored: StoredStream, after: int) -> None:
    """Before the replay's 200: a finished stream asked for events after one it never sent. Raises InvalidInput (an
    unfinished one is checked when it ends, as an `error` event)."""
    if stored.finished and after > len(stored.frames):
        raise past_the_end(after, len(stored.frames))


def past_the_end(after: int, count: int) -> InvalidInput:
    return InvalidInput(
        f"Last-Event-ID {after} is past this answer stream's last event ({count}): send the last event ID you "
        "received (the whole answer was received if it was the last), or none to replay it all"
    )


def find_waiting(store: SqlStreamStore, stream_id: str, principal: Principal, wait_s: float) -> StoredStream:
    """The stream, waiting up to `wait_s` for it to appear (a reload can overtake the request that starts it)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return store.find(stream_id, principal)
        except NotFound:
            if time.monotonic() > deadline:
                raise
            time.sleep(POLL_S)


def last_event_id(header: str | None) -> int:
    """The Last-Event-ID header as a count of frames already seen (0 when absent or not a number)."""
    value = (header or "").strip()
    return int(value) if value.isdigit() else 0
