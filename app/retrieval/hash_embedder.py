"""A deterministic fake embedder for unit tests and tiny corpora: hashed bag of stemmed words, L2-normalised.

Texts that share words get similar vectors, so retrieval behaves sensibly without a model.
"""

from __future__ import annotations

import hashlib

import numpy as np
from numpy.typing import NDArray

from app.retrieval.lexical import tokens


class HashEmbedder:
    name = "hash-bow-v1"
    max_tokens = 10_000

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension

    def warm_up(self) -> None:
        return None

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokens(text):
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dimension] += 1.0 if digest[4] & 1 else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out

    def count_tokens(self, text: str) -> int:
        return len(text.split())
