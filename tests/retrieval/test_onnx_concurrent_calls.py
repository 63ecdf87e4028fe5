"""Model calls at once on the one onnxruntime session, from plain threads (the embedding thread's batches while a
caller's own list passes through the batching, as a review's clause embeddings do) give every text the same vector
as the same calls made one after the other."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import numpy as np
import pytest

from app.evaluation.retrieval import read_rows
from app.knowledge import make_embedder
from app.retrieval.batching import BatchingEmbedder
from app.retrieval.onnx_embedder import OnnxEmbedder
from app.settings import ROOT, Settings

QUESTIONS = [row["question"] for row in read_rows(ROOT / "eval" / "retrieval" / "questions.jsonl")]


class _MeetingSession:
    """The real session; the first call of each of `parties` threads waits for the others before it runs, so the
    calls really overlap; counts the most calls running at once."""

    def __init__(self, session: Any, parties: int) -> None:
        self.session = session
        self.meeting = threading.Barrier(parties, timeout=30)
        self.met: set[int] = set()
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def run(self, names: Any, feed: dict[str, np.ndarray]) -> Any:
        me = threading.get_ident()
        if me not in self.met:
            self.met.add(me)
            self.meeting.wait()
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return self.session.run(names, feed)
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture(scope="module")
def onnx() -> OnnxEmbedder:
    embedder = make_embedder(Settings(_env_file=None, embedder="minilm", embedding_runtime="onnx"))  # type: ignore[call-arg]
    assert isinstance(embedder, OnnxEmbedder)
    embedder.warm_up()
    return embedder


@pytest.mark.integration
def test_two_calls_at_once_give_the_vectors_of_sequential_calls(onnx: OnnxEmbedder) -> None:
    batches = [QUESTIONS[n : n + size] for n, size in zip(range(0, 120, 6), [1, 3, 6, 2, 5, 4] * 4, strict=False)]
    sequential = [onnx.embed_concurrent(batch) for batch in batches]
    session = onnx._session
    meeting = _MeetingSession(session, parties=2)
    got: dict[int, np.ndarray] = {}

    def work(half: int) -> None:
        for n in range(half, len(batches), 2):
            got[n] = onnx.embed_concurrent(batches[n])

    onnx._session = meeting
    try:
        threads = [threading.Thread(target=work, args=(half,)) for half in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        onnx._session = session
    assert meeting.most == 2
    assert sorted(got) == list(range(len(batches)))
    for n, expected in enumerate(sequential):
        assert np.array_equal(got[n], expected), batches[n]


@pytest.mark.integration
def test_queued_searches_and_bulk_calls_in_plain_threads_at_once_get_their_own_vectors(onnx: OnnxEmbedder) -> None:
    """The embedding thread's batches (awaiting searches) and bulk calls made at the same time from plain threads (they
    pass through the batching, as a review's clause embeddings do) overlap on the one session; every caller gets its
    own texts' vectors (within the float rounding a batch's padding brings)."""
    batching = BatchingEmbedder(onnx, max_batch=8)
    searches = QUESTIONS[:48]
    bulk = [QUESTIONS[48 + 4 * n : 52 + 4 * n] for n in range(8)]
    session = onnx._session
    meeting = _MeetingSession(session, parties=3)  # the embedding thread and two plain threads
    got: dict[int, np.ndarray] = {}

    def work(half: int) -> None:
        for n in range(half, len(bulk), 2):
            got[n] = batching.embed(bulk[n])

    async def main() -> list[np.ndarray]:
        return list(await asyncio.gather(*(batching.embed_one_async(q) for q in searches)))

    onnx._session = meeting
    try:
        threads = [threading.Thread(target=work, args=(half,)) for half in (0, 1)]
        for thread in threads:
            thread.start()
        vectors = np.vstack(asyncio.run(main()))
        for thread in threads:
            thread.join(timeout=60)
    finally:
        onnx._session = session
    assert meeting.most >= 2
    alone = np.vstack([onnx.embed([q]) for q in searches])
    assert ((vectors * alone).sum(axis=1) >= 0.99999).all()
    assert sorted(got) == list(range(len(bulk)))
    for n, texts in enumerate(bulk):
        assert np.array_equal(got[n], onnx.embed(texts)), texts
