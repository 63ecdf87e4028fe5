"""A blocking iterator read from the event loop with ONE hand-off to the thread pool for all of its items.

starlette's iterate_in_threadpool hands every `next()` to a worker thread: a streamed chat completion or review turn
took one hand-off per chunk or frame, most of them for items the iterator makes in microseconds. Here one worker call
iterates from the first item to the last and passes each to the loop as it is made (a streamed model's text still
reaches the client piece by piece). When the reader stops early (the client went away) the worker stops pulling and
closes the iterator, as iterate_in_threadpool would have left it unread. Its hand-over from a thread to the loop,
`LoopInbox`, also carries a streamed answer's frames from the answer's own thread (app.api.replay)."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TypeVar, cast

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
_END = object()


class LoopInbox:
    """Items put from any thread, read on an event loop with `async for` over `items()`: each put wakes the reader's
    loop (no worker thread waits for them). Items put before the reader starts wait in the inbox."""

    def __init__(self) -> None:
        self._ready: deque[object] = deque()
        self._lock = threading.Lock()
        self._waker: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None  # the reader's

    def put(self, item: object) -> bool:
        """Add `item`; False when the reader's loop is closed (nobody reads any more)."""
        with self._lock:
            self._ready.append(item)
            waker = self._waker
        if waker is not None:
            loop, event = waker
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:
                return False
        return True

    def end(self) -> None:
        """No more items: the reader's `items()` ends after those put before."""
        self.put(_END)

    async def items(self) -> AsyncIterator[object]:
        event = asyncio.Event()
        with self._lock:
            self._waker = (asyncio.get_running_loop(), event)
        while True:
            with self._lock:
                batch = list(self._ready)
                self._ready.clear()
                if not batch:
                    event.clear()  # under the lock: an item put after this sets it again
            if not batch:
                await event.wait()
                continue
            for item in batch:
                if item is _END:
                    return
                yield item


@dataclass(frozen=True, slots=True)
class _Raised:
    error: Exception


async def iterate_in_one_hop(items: Iterator[T]) -> AsyncIterator[T]:
    """The items of `items`, which is iterated in one worker-thread call; what it raises is raised here, after the
    items before it."""
    inbox = LoopInbox()
    gone = threading.Event()  # the reader stopped: make no more items

    def produce() -> None:
        try:
            for item in items:
                if not inbox.put(item) or gone.is_set():
                    break
        except Exception as exc:
            inbox.put(_Raised(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
            inbox.end()

    worker = asyncio.ensure_future(run_in_threadpool(produce))
    try:
        async for item in inbox.items():
            if isinstance(item, _Raised):
                raise item.error
            yield cast(T, item)  # anything but the marker is an item of `items`
    finally:
        gone.set()
        if worker.done() and not worker.cancelled():
            worker.result()  # surfaces an error of the worker call itself (never of `items`: those are raised above)
