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
    with pytest.raises(InvalidInput, match="unpaired surrogate"):
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
    assert batching._workers == []  # never needed: nothing was ever waiting


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


def test_with_one_model_call_queries_arriving_while_it_is_busy_share_the_next_batch() -> None:
    inner = GatedEmbedder()
    batching = BatchingEmbedder(inner, max_batch=16, model_calls=1)
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
    assert seen_threads <= {"embedder-batches-1", "embedder-batches-2"}
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


class PairedEmbedder(SlowEmbedder):
    """The first call is held until a second call is running at the same time (or 10 s pass); records the most
    calls that ran at once and each call's thread."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.second_started = threading.Event()
        self.calls: list[tuple[str, list[str]]] = []

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            first = not self.calls
            self.calls.append((threading.current_thread().name, list(texts)))
            if self.running >= 2:
                self.second_started.set()
        try:
            if first:
                self.second_started.wait(timeout=10)
            return super().embed(texts)
        finally:
            with self.lock:
                self.running -= 1


def test_with_two_calls_a_backlog_behind_a_running_call_goes_to_a_second_call_at_the_same_time() -> None:
    import asyncio

    inner = PairedEmbedder()
    batching = BatchingEmbedder(inner, max_batch=16, model_calls=2, further_call_backlog=3)
    texts = [f"awaited query {n}" for n in range(7)]

    async def main() -> list[NDArray[np.float32]]:
        first = asyncio.ensure_future(batching.embed_one_async(texts[0]))
        while not inner.calls:  # the first query's call is running (held until a second one runs)
            await asyncio.sleep(0.001)
        rest = [asyncio.ensure_future(batching.embed_one_async(t)) for t in texts[1:]]
        return list(await asyncio.gather(first, *rest))

    vectors = asyncio.run(main())
    assert inner.most == 2  # the queued queries did not wait for the first call to end
    assert inner.calls[0][1] == [texts[0]]
    assert len(inner.calls[1][1]) >= 3  # the second call started with a backlog, not with a lone query
    assert len({thread for thread, _ in inner.calls[:2]}) == 2  # two embedding threads
    assert sorted(t for _, batch in inner.calls for t in batch) == sorted(texts)  # each query embedded once
    for text, vector in zip(texts, vectors, strict=True):  # each caller gets its own query's vector
        np.testing.assert_allclose(vector, HashEmbedder(dimension=16).embed([text]))


def test_with_two_calls_a_short_backlog_waits_for_the_running_call_and_shares_the_next_batch() -> None:
    inner = GatedEmbedder()
    batching = BatchingEmbedder(inner, max_batch=16, model_calls=2, further_call_backlog=8)
    results: dict[str, NDArray[np.float32]] = {}

    def ask(text: str) -> None:
        results[text] = batching.embed([text])

    first = threading.Thread(target=ask, args=("first, alone",))
    first.start()
    while not inner.batches:  # the lone query runs in its caller's thread, held at the gate
        time.sleep(0.001)
    waiting = [threading.Thread(target=ask, args=(f"q{n}",)) for n in range(5)]
    for thread in waiting:
        thread.start()
    deadline = time.monotonic() + 10
    while len(batching._pending) < 5 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert len(batching._pending) == 5 and inner.batches == [1]  # 5 < 8 waiting: no second call
    inner.gate.set()
    for thread in [first, *waiting]:
        thread.join(timeout=10)
    assert inner.batches == [1, 5]
    for text, vector in results.items():
        np.testing.assert_allclose(vector, HashEmbedder(dimension=16).embed([text]))


def test_model_calls_and_backlog_must_be_positive() -> None:
    with pytest.raises(ValueError, match="model_calls"):
        BatchingEmbedder(SlowEmbedder(), model_calls=0)
    with pytest.raises(ValueError, match="further_call_backlog"):
        BatchingEmbedder(SlowEmbedder(), further_call_backlog=0)
