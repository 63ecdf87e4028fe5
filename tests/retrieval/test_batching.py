from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from app.retrieval.batching import BatchingEmbedder
from app.retrieval.hash_embedder import HashEmbedder


class SlowEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__(dimension=16)
        self.batches: list[int] = []
        self.fail_on: str | None = None

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        self.batches.append(len(texts))
        time.sleep(0.02)
        if self.fail_on in texts:
            raise RuntimeError("model failed")
        return super().embed(texts)


def test_concurrent_queries_are_batched_and_each_gets_its_own_vector() -> None:
    inner = SlowEmbedder()
    batching = BatchingEmbedder(inner, max_batch=8)
    texts = [f"query number {n} about data" for n in range(24)]
    results: dict[str, NDArray[np.float32]] = {}

    def ask(text: str) -> None:
        results[text] = batching.embed([text])

    threads = [threading.Thread(target=ask, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert set(results) == set(texts)
    for text, vector in results.items():
        assert vector.shape == (1, 16)
        np.testing.assert_allclose(vector, HashEmbedder(dimension=16).embed([text]))
    assert sum(inner.batches) == 24 and max(inner.batches) <= 8 and len(inner.batches) < 24


def test_an_error_reaches_every_caller_of_that_batch_and_the_next_batch_still_runs() -> None:
    inner = SlowEmbedder()
    inner.fail_on = "bad"
    batching = BatchingEmbedder(inner)
    with pytest.raises(RuntimeError):
        batching.embed(["bad"])
    assert batching.embed(["good"]).shape == (1, 16)


def test_bulk_calls_pass_through() -> None:
    inner = SlowEmbedder()
    assert BatchingEmbedder(inner).embed(["a", "b", "c"]).shape == (3, 16)
    assert inner.batches == [3]


def test_a_failing_text_fails_only_its_own_caller_when_batched_with_others() -> None:
    inner = SlowEmbedder()
    inner.fail_on = "bad"
    batching = BatchingEmbedder(inner, max_batch=16)
    texts = ["bad", *(f"good query {n}" for n in range(11))]
    outcomes: dict[str, str] = {}
    gate = threading.Barrier(len(texts))

    def ask(text: str) -> None:
        gate.wait()
        try:
            batching.embed([text])
            outcomes[text] = "ok"
        except RuntimeError:
            outcomes[text] = "error"

    threads = [threading.Thread(target=ask, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert max(inner.batches) > 1  # the bad text really shared a batch with good ones
    assert outcomes["bad"] == "error"
    assert all(outcomes[t] == "ok" for t in texts[1:])


def test_text_that_is_not_valid_unicode_is_invalid_input_before_the_model() -> None:
    from app.errors import InvalidInput

    inner = SlowEmbedder()
    batching = BatchingEmbedder(inner)
    with pytest.raises(InvalidInput, match=r"^the text contains an unpaired surrogate \(not valid Unicode\)$"):
        batching.embed(["data \ud800 versioning"])
    assert inner.batches == []
    assert batching.embed(["data versioning"]).shape == (1, 16)


def test_a_lone_query_is_embedded_in_the_callers_thread_without_the_worker() -> None:
    inner = SlowEmbedder()
    batching = BatchingEmbedder(inner)
    threads: list[str] = []
    original = inner.embed

    def recording(texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        threads.append(threading.current_thread().name)
        return original(texts)

    inner.embed = recording  # type: ignore[method-assign]
    for n in range(3):
        batching.embed([f"query {n}"])
    assert threads == [threading.current_thread().name] * 3
    assert batching._worker is None  # never needed: nothing was ever waiting


class GatedEmbedder(SlowEmbedder):
    """Holds the first call until released, so the test controls what arrives while the model is busy."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        if not self.batches:
            self.batches.append(len(texts))
            self.gate.wait(timeout=10)
            return HashEmbedder.embed(self, texts)
        return super().embed(texts)


def test_queries_arriving_while_the_model_is_busy_share_the_next_batch() -> None:
    inner = GatedEmbedder()
    batching = BatchingEmbedder(inner, max_batch=16)
    results: list[NDArray[np.float32]] = []
    first = threading.Thread(target=lambda: results.append(batching.embed(["first, alone"])))
    first.start()
    while not inner.batches:  # the lone query is running, held at the gate
        time.sleep(0.001)
    queued: list[object] = []
    submit = batching._submit

    def counting_submit(item: Any) -> Any:
        request = submit(item)  # queued for the worker
        queued.append(request)
        return request

    batching._submit = counting_submit  # type: ignore[method-assign]
    waiting = [threading.Thread(target=lambda n=n: results.append(batching.embed([f"q{n}"]))) for n in range(6)]
    for thread in waiting:
        thread.start()
    deadline = time.monotonic() + 10
    while len(queued) < 6 and time.monotonic() < deadline:  # all six wait (the worker may hold one of them already)
        time.sleep(0.001)
    inner.gate.set()
    for thread in [first, *waiting]:
        thread.join(timeout=10)
    assert len(results) == 7
    assert inner.batches == [1, 6]


def test_awaiting_callers_are_batched_by_the_embedding_thread_without_request_threads() -> None:
    import asyncio

    inner = SlowEmbedder()
    batching = BatchingEmbedder(inner, max_batch=8)
    texts = [f"async query {n}" for n in range(12)]
    seen_threads: set[str] = set()
    original = inner.embed

    def recording(texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        seen_threads.add(threading.current_thread().name)
        return original(texts)

    inner.embed = recording  # type: ignore[method-assign]

    async def main() -> list[NDArray[np.float32]]:
        return list(await asyncio.gather(*(batching.embed_one_async(t) for t in texts)))

    vectors = asyncio.run(main())
    for text, vector in zip(texts, vectors, strict=True):
        np.testing.assert_allclose(vector, HashEmbedder(dimension=16).embed([text]))
    assert seen_threads == {"embedder-batches"}  # the one embedding thread, not the loop's
    assert sum(inner.batches) == 12 and len(inner.batches) < 12  # shared batches


def test_an_awaiting_caller_gets_its_own_error_and_a_cancelled_one_does_not_break_the_worker() -> None:
    import asyncio

    from app.errors import InvalidInput

    inner = SlowEmbedder()
    inner.fail_on = "bad"
    batching = BatchingEmbedder(inner)

    async def main() -> None:
        with pytest.raises(RuntimeError):
            await batching.embed_one_async("bad")
        with pytest.raises(InvalidInput):
            await batching.embed_one_async("data \ud800")
        task = asyncio.ensure_future(batching.embed_one_async("abandoned"))
        await asyncio.sleep(0)
        task.cancel()
        assert (await batching.embed_one_async("good")).shape == (1, 16)

    asyncio.run(main())


class GroupingEmbedder(SlowEmbedder):
    """An inner embedder with a way of its own to embed concurrent queries (as OnnxEmbedder.embed_concurrent)."""

    def __init__(self) -> None:
        super().__init__()
        self.concurrent: list[int] = []

    def embed_concurrent(self, texts: list[str]) -> NDArray[np.float32]:
        self.concurrent.append(len(texts))
        return self.embed(texts)


def test_queued_batches_go_through_embed_concurrent_and_direct_lists_do_not() -> None:
    inner = GroupingEmbedder()
    batching = BatchingEmbedder(inner, max_batch=8)
    texts = [f"query number {n} about data" for n in range(12)]
    threads = [threading.Thread(target=batching.embed, args=([t],)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert inner.concurrent  # the queries that waited went together, through embed_concurrent
    queued = sum(inner.concurrent)
    assert queued + (len(inner.batches) - len(inner.concurrent)) == len(texts)  # the rest ran alone, at once
    before = list(inner.concurrent)
    batching.embed(["a clause", "another clause", "a third"])  # a caller's own list: one plain call
    assert inner.concurrent == before and inner.batches[-1] == 3


class OverlapEmbedder(SlowEmbedder):
    """Records the most model calls that ran at once."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return super().embed(texts)
        finally:
            with self.lock:
                self.running -= 1


def test_one_model_call_at_a_time_for_thread_callers_and_awaiting_callers_together() -> None:
    """Lone thread callers (embedded in their own thread) and awaiting callers (the embedding thread) never run the
    model at the same time; every caller still gets its own query's vector."""
    import asyncio

    inner = OverlapEmbedder()
    batching = BatchingEmbedder(inner, max_batch=4)
    thread_texts = [f"thread query {n}" for n in range(16)]
    loop_texts = [f"awaited query {n}" for n in range(16)]
    results: dict[str, NDArray[np.float32]] = {}
    start = threading.Barrier(len(thread_texts) + 1)

    def ask(text: str) -> None:
        start.wait()
        results[text] = batching.embed([text])

    async def main() -> None:
        start.wait()
        vectors = await asyncio.gather(*(batching.embed_one_async(t) for t in loop_texts))
        results.update(zip(loop_texts, vectors, strict=True))

    threads = [threading.Thread(target=ask, args=(t,)) for t in thread_texts]
    for thread in threads:
        thread.start()
    asyncio.run(main())
    for thread in threads:
        thread.join(timeout=10)
    assert inner.most == 1
    assert sum(inner.batches) == 32 and len(inner.batches) < 32  # some shared a batch
    for text in [*thread_texts, *loop_texts]:
        np.testing.assert_allclose(results[text], HashEmbedder(dimension=16).embed([text]))
