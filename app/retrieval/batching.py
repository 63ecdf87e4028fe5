"""BatchingEmbedder: coalesces concurrent one-query `embed` calls (one per request thread, or one per awaiting
request on the event loop) into batches run by one embedding thread, one model call at a time.

Adaptive: a query that arrives in a thread while the model is idle (no call running, none waiting) is embedded at
once in its own thread, with no hand-off to the embedding thread and back; queries that arrive while the model is
busy wait in the queue and go together as the next batch. `embed_one_async` is the event loop's way in: the query
goes to the embedding thread and the caller awaits an asyncio future that thread resolves, so no request thread is
needed at all.

One call at a time: a batch of 8 costs about a third less per query than lone calls, and a second call at once
(measured as `MLLENS_EMBEDDING_CALLS=2` under 16 clients, on a loaded and on a quiet 2-core machine) raised neither
req/s nor p99 and cost RSS (docs/performance.md, "Two model calls at once"), so it was removed.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from app.errors import InvalidInput
from app.memory import HeapTrimmer
from app.retrieval.base import Embedder
from app.retrieval.wrapping import WrappingEmbedder
from app.text_faults import encoding_fault


@dataclass(eq=False)
class _Request:
    text: str
    done: threading.Event = field(default_factory=threading.Event)
    result: NDArray[np.float32] | None = None
    error: BaseException | None = None
    future: asyncio.Future[NDArray[np.float32]] | None = None  # set for an awaiting caller on an event loop

    def finish(self) -> None:
        """Wake the caller: a thread waiting on `done`, or the event loop that owns `future`."""
        future = self.future
        if future is None:
            self.done.set()
            return
        try:
            future.get_loop().call_soon_threadsafe(_resolve, future, self.result, self.error)
        except RuntimeError:  # that loop is closed (shut down meanwhile): nobody is waiting, the worker goes on
            pass


def _resolve(
    future: asyncio.Future[NDArray[np.float32]], result: NDArray[np.float32] | None, error: BaseException | None
) -> None:
    if future.done():  # the caller went away (request cancelled)
        return
    if error is not None:
        future.set_exception(error)
    else:
        assert result is not None
        future.set_result(result)


class BatchingEmbedder(WrappingEmbedder):
    def __init__(self, inner: Embedder, max_batch: int = 16) -> None:
        super().__init__(inner)
        self._max_batch = max_batch
        self._pending: deque[_Request] = deque()
        self._running = False  # a model call runs: a lone caller's in its own thread, or the embedding thread's
        self._changed = threading.Condition()  # guards both; the embedding thread waits on it for work
        self._worker: threading.Thread | None = None
        self._trimmer = HeapTrimmer()  # the batches' freed scratch memory goes back to the OS (app/memory.py)

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        for text in texts:
            _check_text(text)
        if len(texts) != 1:  # indexing and other bulk calls go straight through
            return self.inner.embed(texts, show_progress=show_progress)
        with self._changed:
            alone = not self._pending and not self._running
            if alone:
                self._running = True
        if alone:  # the model is idle: no hand-off, embed it now, here
            try:
                return self.inner.embed(texts)
            finally:
                self._call_ended()
        request = self._submit(texts[0])
        request.done.wait()
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result

    async def embed_one_async(self, text: str) -> NDArray[np.float32]:
        """One query's vector (shape (1, dimension)) for a caller on an event loop: embedded by the embedding thread,
        batched with whatever else waits, while the loop serves other requests."""
        _check_text(text)
        request = _Request(text, future=asyncio.get_running_loop().create_future())
        assert request.future is not None
        self._submit(request)
        return await request.future

    def _submit(self, item: str | _Request) -> _Request:
        request = item if isinstance(item, _Request) else _Request(item)
        with self._changed:
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="embedder-batches", daemon=True)
                self._worker.start()
            self._pending.append(request)
            if self._may_start():
                self._changed.notify()
        return request

    def _may_start(self) -> bool:
        """The embedding thread may start a call now: queries wait and the model is idle."""
        return bool(self._pending) and not self._running

    def _call_ended(self) -> None:
        with self._changed:
            self._running = False
            if self._may_start():
                self._changed.notify()

    def _run(self) -> None:
        """The embedding thread: wait until the model is idle and queries wait, take them (up to max_batch), embed."""
        while True:
            with self._changed:
                while not self._may_start():
                    self._changed.wait()
                batch = [self._pending.popleft() for _ in range(min(len(self._pending), self._max_batch))]
                self._running = True
            try:
                vectors = self._embed_batch([r.text for r in batch])
                for row, request in enumerate(batch):
                    request.result = vectors[row : row + 1].copy()
            except Exception as exc:
                if len(batch) == 1:  # re-raised in the caller's own thread (or its awaiting task)
                    batch[0].error = exc
                else:  # one bad text must not fail the others' requests: embed each alone, so only it fails
                    for request in batch:
                        self._embed_alone(request)
            finally:
                self._call_ended()
            for request in batch:
                request.finish()
            self._trimmer.request()  # the batch's freed scratch memory back to the OS, soon, in another thread

    def _embed_batch(self, texts: list[str]) -> NDArray[np.float32]:
        """Concurrent queries in as few padded model calls as pays (OnnxEmbedder.embed_concurrent), else one call."""
        concurrent = getattr(self.inner, "embed_concurrent", None)
        vectors: NDArray[np.float32] = concurrent(texts) if concurrent is not None else self.inner.embed(texts)
        return vectors

    def _embed_alone(self, request: _Request) -> None:
        try:
            request.result = self.inner.embed([request.text])
        except Exception as exc:
            request.error = exc


def _check_text(text: str) -> None:
    """Any edge's text reaches here; the tokenizer would fail on an unpaired surrogate with a TypeError."""
    fault = encoding_fault(text)
    if fault is not None:
        raise InvalidInput(f"the text contains {fault}")
