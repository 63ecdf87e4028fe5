"""A blocking iterator read from the event loop with ONE hand-off to the thread pool for all of its items.

starlette's iterate_in_threadpool hands every `next()` to a worker thread: a streamed chat completion or review turn
took one hand-off per chunk or frame, most of them for items the iterator makes in microseconds. Here one worker call
iterates from the first item to the last and passes each to the loop as it is made (a streamed model's text still
reaches the client piece by piece). When the reader stops early (the client went away) the worker stops pulling and
closes the iterator, as iterate_in_threadpool would have left it unread."""

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


@dataclass(frozen=True, slots=True)
class _Raised:
    error: Exception


async def iterate_in_one_hop(items: Iterator[T]) -> AsyncIterator[T]:
    """The items of `items`, which is iterated in one worker-thread call; what it raises is raised here, after the
    items before it."""
    loop = asyncio.get_running_loop()
    ready: deque[object] = deque()
    lock = threading.Lock()
    more = asyncio.Event()
    gone = threading.Event()  # the reader stopped: make no more items

    def hand(item: object) -> None:
        with lock:
            ready.append(item)
        try:
            loop.call_soon_threadsafe(more.set)
        except RuntimeError:  # the loop is closed: nobody reads any more
            gone.set()

    def produce() -> None:
        try:
            for item in items:
                hand(item)
                if gone.is_set():
                    break
        except Exception as exc:
            hand(_Raised(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
            hand(_END)

    worker = asyncio.ensure_future(run_in_threadpool(produce))
    try:
        while True:
            with lock:
                batch = list(ready)
                ready.clear()
            if not batch:
                more.clear()  # a hand after this runs `more.set` on the loop later: no item is missed
                with lock:
                    if ready:
                        continue
                await more.wait()
                continue
            for item in batch:
                if item is _END:
                    return
                if isinstance(item, _Raised):
                    raise item.error
                yield cast(T, item)  # anything but the markers is an item of `items`
    finally:
        gone.set()
        if worker.done() and not worker.cancelled():
            worker.result()  # surfaces an error of the worker call itself (never of `items`: those are raised above)
