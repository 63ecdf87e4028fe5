"""WrappingEmbedder: what an embedder wrapping another (batching its calls, answering from vectors computed at ingest)
takes from the inner one unchanged: its name, size and window, its warm-up, token counts and word-piece vectors."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from app.retrieval.base import Embedder
from app.retrieval.sentence_tokens import TokenVectors, token_vectors_of


class WrappingEmbedder:
    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.max_tokens = inner.max_tokens

    def warm_up(self) -> None:
        self.inner.warm_up()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def token_vectors(self, text: str) -> TokenVectors | None:
        """The inner embedder's (a query's come from the call that embedded it)."""
        return token_vectors_of(self.inner, text)

    def recent_token_states(self, text: str) -> NDArray[np.float32] | None:
        """The inner embedder's, when it keeps them (OnnxEmbedder.recent_token_states): never a model call."""
        method = getattr(self.inner, "recent_token_states", None)
        return method(text) if method is not None else None

    def judge_states(self, text: str) -> NDArray[np.float32] | None:
        """The inner embedder's fifth-layer states (the line judge's input, app/retrieval/line_judge.py)."""
        method = getattr(self.inner, "judge_states", None)
        return method(text) if method is not None else None
