"""BatchingEmbedder: coalesces concurrent one-query `embed` calls (one per request thread, or one per awaiting
request on the event loop) into batches run by embedding threads.

Adaptive: a query that arrives in a thread while the model is idle (no call running, none waiting) is embedded at
once in its own thread, with no hand-off to an embedding thread and back; queries that arrive while the model is
busy wait in the queue and go together as the next batch. `embed_one_async` is the event loop's way in: the query
goes to an embedding thread and the caller awaits an asyncio future that thread resolves, so no request thread is
needed at all.

Up to `model_calls` model calls run at once (`MLLENS_EMBEDDING_CALLS`, default 1), each in its own embedding
thread (the onnxruntime session is thread-safe and runs a call in the calling thread, outside the GIL). A further
call starts only while `further_call_backlog` queries (8) wait behind a running one: a batch of 8 costs about a third
less per query than lone calls, so a second call that took each query as it arrived would spend the second core on
lone queries. Measured under 16 clients on the shared 2-core machine, two calls did not raise req/s and cost RSS
(docs/performance.md, "Fourth pass"), hence the default; with one call the behaviour is the single-thread batching
of before.
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
from app.retrieval.sentence_tokens import TokenVectors, token_vectors_of


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


MODEL_CALLS = 1  # model calls at once (MLLENS_EMBEDDING_CALLS)
FURTHER_CALL_BACKLOG = 8  # queries waiting before a further call starts while one runs


class BatchingEmbedder:
    def __init__(
        self,
        inner: Embedder,
        max_batch: int = 16,
        model_calls: int = MODEL_CALLS,
        further_call_backlog: int = FURTHER_CALL_BACKLOG,
    ) -> None:
        if model_calls < 1 or further_call_backlog < 1:
            raise ValueError("model_calls and further_call_backlog must be at least 1")
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.max_tokens = inner.max_tokens
        self._max_batch = max_batch
        self._model_calls = model_calls
        self._backlog = further_call_backlog
        self._pending: deque[_Request] = deque()
        self._running = 0  # model calls running: a lone caller's in its own thread, or an embedding thread's
        self._changed = threading.Condition()  # guards both; embedding threads wait on it for work
        self._workers: list[threading.Thread] = []
        self._trimmer = HeapTrimmer()  # the batches' freed scratch memory goes back to the OS (app/memory.py)

    def warm_up(self) -> None:
        self.inner.warm_up()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def token_vectors(self, text: str) -> TokenVectors | None:
        """The inner embedder's (a query's come from the batched call that embedded it)."""
        return token_vectors_of(self.inner, text)

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        for text in texts:
            _check_text(text)
        if len(texts) != 1:  # indexing and other bulk calls go straight through
            return self.inner.embed(texts, show_progress=show_progress)
        with self._changed:
            alone = not self._pending and self._running == 0
            if alone:
                self._running += 1
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
        """One query's vector (shape (1, dimension)) for a caller on an event loop: embedded by an embedding thread,
        batched with whatever else waits, while the loop serves other requests."""
        _check_text(text)
        request = _Request(text, future=asyncio.get_running_loop().create_future())
        assert request.future is not None
        self._submit(request)
        return await request.future

    def _submit(self, item: str | _Request) -> _Request:
        request = item if isinstance(item, _Request) else _Request(item)
        with self._changed:
            if not self._workers:
                for n in range(self._model_calls):
                    worker = threading.Thread(target=self._run, name=f"embedder-batches-{n + 1}", daemon=True)
                    worker.start()
                    self._workers.append(worker)
            self._pending.append(request)
            if self._may_start():
                self._changed.notify()
        return request

    def _may_start(self) -> bool:
        """A call may start now: queries wait, a call is free, and either the model is idle or enough queries wait
        for a further call to be worth it (a batch of 8 costs about a third less per query than lone calls, so a
        second call only starts once the running one has a full batch's worth waiting behind it)."""
        waiting = len(self._pending)
        return waiting > 0 and self._running < self._model_calls and (self._running == 0 or waiting >= self._backlog)

    def _call_ended(self) -> None:
        with self._changed:
            self._running -= 1
            if self._may_start():
                self._changed.notify()

    def _run(self) -> None:
        """One embedding thread: wait until a call may start, take what waits (up to max_batch), embed it."""
        while True:
            with self._changed:
                while not self._may_start():
                    self._changed.wait()
                batch = [self._pending.popleft() for _ in range(min(len(self._pending), self._max_batch))]
                self._running += 1
                if self._may_start():  # more than a batch waits and another call is free
                    self._changed.notify()
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
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("the text contains an unpaired surrogate (not valid Unicode)") from None
