"""BM25 scores of a query over an index that bm25s wrote (`BM25.save`), read without importing bm25s.

bm25s builds the index at ingest (index_store.build_index) and stays the ingest tool. Reading needs only its three
score arrays (a CSC matrix of precomputed per-token document scores), its vocabulary and its parameters; but
`import bm25s` imports scipy.sparse for its index-building backends, about 0.1 s of CPU and ~60 modules that every
`mllens search` and server start paid for nothing. `get_scores` is bm25s's own summation (BM25.get_scores with the
numpy backend: the query's known tokens, each token's column added with `np.add.at` in query order, float32), so the
scores are bit-identical to bm25s's (tests/retrieval/test_bm25_scores.py compares them on every eval question and
lens passage). Only the methods bm25s writes without a non-occurrence array (lucene, robertson, atire) are read here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

DATA, INDICES, INDPTR = "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy"
VOCAB, PARAMS, NONOCCURRENCE = "vocab.index.json", "params.index.json", "nonoccurrence_array.index.npy"
METHODS = ("lucene", "robertson", "atire")  # bm25s adds a non-occurrence score only for bm25l and bm25+


class Bm25Scores:
    """One bm25s index directory, read-only: `vocab_dict` (token -> column) and `get_scores(tokens)`."""

    def __init__(
        self,
        data: NDArray[np.floating],
        indices: NDArray[np.integer],
        indptr: NDArray[np.integer],
        vocab_dict: dict[str, int],
        num_docs: int,
        dtype: str,
        int_dtype: str,
    ) -> None:
        self._data, self._indices, self._indptr = data, indices, indptr
        self.vocab_dict = vocab_dict
        self.num_docs = num_docs
        self._dtype = np.dtype(dtype)
        self._int_dtype = np.dtype(int_dtype)

    @classmethod
    def load(cls, directory: Path) -> Bm25Scores:
        """Raises OSError / ValueError for a missing or unreadable index (the caller reports it as IndexProblem)."""
        params = json.loads((directory / PARAMS).read_text(encoding="utf-8"))
        if params.get("method") not in METHODS or (directory / NONOCCURRENCE).exists():
            raise ValueError(f"{directory}: BM25 method {params.get('method')!r} is not read here")
        vocab = json.loads((directory / VOCAB).read_text(encoding="utf-8"))
        data, indices, indptr = (np.load(directory / name, allow_pickle=False) for name in (DATA, INDICES, INDPTR))
        if not isinstance(vocab, dict) or not len(indptr) or int(indptr[-1]) != len(data) or len(data) != len(indices):
            raise ValueError(f"{directory}: inconsistent BM25 arrays")
        return cls(data, indices, indptr, vocab, int(params["num_docs"]), params["dtype"], params["int_dtype"])

    def get_scores(self, query_tokens: list[str]) -> NDArray[np.floating]:
        """The BM25 score of every document for the query's tokens (unknown tokens score nothing)."""
        ids = np.asarray([self.vocab_dict[t] for t in query_tokens if t in self.vocab_dict], dtype=self._int_dtype)
        if int(ids.max(initial=0)) >= len(self._indptr) - 1:  # as bm25s: a vocabulary entry without a column
            raise ValueError("a query token has no column in the BM25 index")
        starts, ends = self._indptr[ids], self._indptr[ids + 1]
        scores = np.zeros(self.num_docs, dtype=self._dtype)
        for start, end in zip(starts, ends, strict=True):
            np.add.at(scores, self._indices[start:end], self._data[start:end])
        return scores

    def weighted_scores(self, terms: Sequence[tuple[str, float]]) -> NDArray[np.floating]:
        """`get_scores` with a weight per query token: each known token's column times its weight, added in query
        order (unknown tokens score nothing)."""
        scores = np.zeros(self.num_docs, dtype=self._dtype)
        for token, weight in terms:
            column = self.vocab_dict.get(token)
            if column is None:
                continue
            start, end = int(self._indptr[column]), int(self._indptr[column + 1])
            np.add.at(scores, self._indices[start:end], self._data[start:end] * self._dtype.type(weight))
        return scores
