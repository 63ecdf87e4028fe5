"""A served question's text goes through the model once: the retriever's query vector is reused to rank the
sentences the extractive answer quotes (it used to be embedded a second time), and the async search (the /v1/search
path) gives exactly the sync search's result."""

from __future__ import annotations

import asyncio

import numpy as np
from numpy.typing import NDArray

from app.knowledge import KnowledgeBase
from app.principal import Principal
from app.qa.extractive import compose_extractive
from app.qa.memory import MemoryConversationStore
from app.qa.service import QAService
from app.retrieval.base import Embedder
from app.retrieval.batching import BatchingEmbedder
from app.retrieval.hybrid import HybridRetriever

IN_SCOPE = "least privilege access to training data"


class CountingEmbedder:
    """Delegates to the real (hash) embedder and records every text it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dimension, self.max_tokens = inner.name, inner.dimension, inner.max_tokens
        self.texts: list[str] = []

    def warm_up(self) -> None:
        self.inner.warm_up()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        self.texts.extend(texts)
        return self.inner.embed(texts)


def _retriever(kb: KnowledgeBase, embedder: Embedder) -> HybridRetriever:
    return HybridRetriever(kb.lens, kb.retriever._index, embedder, kb.retriever.threshold, kb.retriever.gate)


def test_an_extractive_answer_embeds_its_question_once(tiny_kb: KnowledgeBase) -> None:
    counting = CountingEmbedder(tiny_kb.embedder)
    qa = QAService(tiny_kb.lens, _retriever(tiny_kb, counting), MemoryConversationStore(), sentence_embedder=counting)
    answer = qa.ask(IN_SCOPE, principal=Principal.local())
    assert not answer.refused and answer.citations
    assert counting.texts.count(IN_SCOPE) == 1


def test_the_reused_vector_ranks_exactly_as_a_fresh_embedding(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search(IN_SCOPE)
    assert result.query_vector(tiny_kb.embedder.name) is not None
    fresh = result.model_copy()
    fresh._query_vector = None  # as a result from a retriever that did not record its vector
    reused = compose_extractive(IN_SCOPE, result, tiny_kb.lens, tiny_kb.embedder)
    recomputed = compose_extractive(IN_SCOPE, fresh, tiny_kb.lens, tiny_kb.embedder)
    assert reused == recomputed


def test_a_vector_from_another_model_is_not_reused(tiny_kb: KnowledgeBase) -> None:
    result = tiny_kb.retriever.search(IN_SCOPE)
    assert result.query_vector("some-other-model") is None
    assert result.model_dump() == result.model_copy().model_dump() and "_query_vector" not in result.model_dump()


def test_async_search_equals_sync_search(tiny_kb: KnowledgeBase) -> None:
    batching = BatchingEmbedder(tiny_kb.embedder)
    retriever = _retriever(tiny_kb, batching)
    qa = QAService(tiny_kb.lens, retriever, MemoryConversationStore())
    for query in (IN_SCOPE, "MLSEC03-BP01", "how do I bake sourdough bread"):
        sync = qa.search(query)
        concurrent = asyncio.run(_gather(qa, query))
        assert all(r.model_dump() == sync.model_dump() for r in concurrent)


async def _gather(qa: QAService, query: str) -> list[object]:
    return list(await asyncio.gather(*(qa.search_async(query) for _ in range(5))))
