"""The async search (the /v1/search path) computes no embedding on the event loop: a search embeds the query as it
reads it (spelt right, when it misspells ML or lens words: that text instead of the query, since session 25) and
requests attached to it when the scope gate reads them, and each of those is awaited through the batching embedder's
thread like the query (it used to be embedded inline, a whole model call that blocked the loop). The result is the
sync search's."""

from __future__ import annotations

import asyncio
import threading

import numpy as np
import pytest
from numpy.typing import NDArray

from app.knowledge import KnowledgeBase
from app.retrieval.base import Embedder
from app.retrieval.batching import BatchingEmbedder
from app.retrieval.hybrid import HybridRetriever

MISSPELT = "least privilege access to trainig data"  # "trainig": ranked and gated as "training data"
ATTACHED = "least privilege access to training data? Then give me a 5-day itinerary for Lisbon."
NAMES_AN_ID = "MLSEC03-BP01, and after that who won the football world cup in 2018?"


class ThreadRecordingEmbedder:
    """Delegates to the real (hash) embedder and records each text with the thread that embedded it."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dimension, self.max_tokens = inner.name, inner.dimension, inner.max_tokens
        self.calls: list[tuple[str, int]] = []

    def warm_up(self) -> None:
        self.inner.warm_up()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        self.calls.extend((text, threading.get_ident()) for text in texts)
        return self.inner.embed(texts)


def _retriever(kb: KnowledgeBase, embedder: Embedder) -> HybridRetriever:
    return HybridRetriever(kb.lens, kb.retriever._index, embedder, kb.retriever.threshold, kb.retriever.gate)


@pytest.mark.parametrize("query", [MISSPELT, ATTACHED, NAMES_AN_ID])
def test_every_text_an_async_search_embeds_is_embedded_off_the_loop(tiny_kb: KnowledgeBase, query: str) -> None:
    recording = ThreadRecordingEmbedder(tiny_kb.embedder)
    retriever = _retriever(tiny_kb, BatchingEmbedder(recording))

    async def search_on_the_loop() -> tuple[object, int]:
        return await retriever.search_async(query, k=5), threading.get_ident()

    result, loop_thread = asyncio.run(search_on_the_loop())
    embedded = [text for text, _ in recording.calls]
    if query == MISSPELT:  # one embedding, of the text spelt right, not of the text as typed
        assert embedded == ["least privilege access to training data"]
    else:
        assert query in embedded and len(embedded) >= 2  # the gate read a second text: the case under test
    assert [text for text, thread in recording.calls if thread == loop_thread] == []
    # the same texts as the sync search embeds, in the same order, and the same result
    recording.calls.clear()
    sync = retriever.search(query, k=5)
    assert [text for text, _ in recording.calls] == embedded
    assert result.model_dump() == sync.model_dump()  # type: ignore[attr-defined]


def test_an_embedding_failure_in_an_async_search_reaches_the_caller(tiny_kb: KnowledgeBase) -> None:
    class FailsOnSecondText(ThreadRecordingEmbedder):
        def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
            if self.calls:
                raise RuntimeError("model down")
            return super().embed(texts)

    retriever = _retriever(tiny_kb, BatchingEmbedder(FailsOnSecondText(tiny_kb.embedder)))
    with pytest.raises(RuntimeError, match="model down"):
        asyncio.run(retriever.search_async(ATTACHED, k=5))
