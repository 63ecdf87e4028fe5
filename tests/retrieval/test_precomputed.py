from __future__ import annotations

from pathlib import Path

import numpy as np

from app.retrieval.hash_embedder import HashEmbedder
from app.retrieval.index_store import load_sentence_vectors
from app.retrieval.inputs import inputs_hash
from app.retrieval.precomputed import PrecomputedEmbedder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed(self, texts: list[str], *, show_progress: bool = False):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return super().embed(texts)


def test_known_texts_come_from_the_index_and_only_the_rest_is_embedded(tiny_index_dir: Path) -> None:
    known = load_sentence_vectors(
        tiny_index_dir, HashEmbedder(), inputs_hash(FIXTURES / "corpus", FIXTURES / "prompts")
    )
    assert "Provide least privilege access" in known  # a BP title of the tiny corpus
    inner = CountingEmbedder()
    embedder = PrecomputedEmbedder(inner, known)
    texts = ["Provide least privilege access", "something nobody wrote down", "Provide least privilege access"]
    vectors = embedder.embed(texts)
    assert inner.seen == ["something nobody wrote down"]
    np.testing.assert_allclose(vectors, HashEmbedder().embed(texts), atol=1e-6)


def test_all_known_texts_are_stacked_without_calling_the_model(tiny_index_dir: Path) -> None:
    known = load_sentence_vectors(
        tiny_index_dir, HashEmbedder(), inputs_hash(FIXTURES / "corpus", FIXTURES / "prompts")
    )
    inner = CountingEmbedder()
    texts = [*list(known)[:3], next(iter(known))]
    vectors = PrecomputedEmbedder(inner, known).embed(texts)
    assert inner.seen == []
    assert vectors.dtype == np.float32 and vectors.shape == (4, HashEmbedder().dimension)
    assert all(np.array_equal(vectors[n], known[t]) for n, t in enumerate(texts))
