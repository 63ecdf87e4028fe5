"""Hybrid retrieval over the lens: exact-ID route first, else dense + BM25 fused by reciprocal rank, grouped by BP.

Every hit carries a relevance in 0..1 (see `relevance`) that callers gate on; below the threshold the query is out
of scope.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from app.lens.ids import find_ids
from app.lens.models import Lens
from app.retrieval.base import BPHit, Embedder, Passage, PassageHit, SearchFilters, SearchResult
from app.retrieval.index_store import LoadedIndex
from app.retrieval.lexical import tokens

RRF_K = 60
PASSAGES_PER_HIT = 3


class HybridRetriever:
    def __init__(self, lens: Lens, index: LoadedIndex, embedder: Embedder, threshold: float) -> None:
        self.lens = lens
        self.embedder = embedder
        self.threshold = threshold
        self._index = index
        self._passages = index.passages
        self._by_bp: dict[str, list[int]] = defaultdict(list)
        for row, passage in enumerate(self._passages):
            self._by_bp[passage.bp_id].append(row)
        self._vocabulary = {t for p in self._passages for t in tokens(p.embed_text)}

    @property
    def passage_count(self) -> int:
        return len(self._passages)

    def search(self, query: str, *, k: int = 5, filters: SearchFilters | None = None) -> SearchResult:
        """Ranked BPs for `query`, best first; exact and legacy IDs (and question IDs) come first, at relevance 1."""
        filters = filters or SearchFilters()
        cosines, bm25 = self._passage_scores(query)
        id_hits = self._id_hits(query, cosines, bm25)
        hybrid = self._hybrid_hits(query, cosines, bm25, filters)
        seen = {h.bp_id for h in id_hits}
        hits = id_hits + [h for h in hybrid if h.bp_id not in seen]
        hits = hits[: max(k, len(id_hits))]
        top = hits[0].relevance if hits else 0.0
        return SearchResult(
            query=query,
            route="id" if id_hits else "hybrid",
            hits=tuple(hits),
            out_of_scope=top < self.threshold,
            threshold=self.threshold,
        )

    def _passage_scores(self, query: str) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        vector = self.embedder.embed([query])
        scores, rows = self._index.vectors.search(vector, len(self._passages))
        cosines = np.empty(len(self._passages), dtype=np.float32)
        cosines[rows[0]] = scores[0]
        query_tokens = [t for t in tokens(query) if t in self._vocabulary]
        if query_tokens:
            bm25 = np.asarray(self._index.bm25.get_scores(query_tokens), dtype=np.float32)
        else:
            bm25 = np.zeros(len(self._passages), dtype=np.float32)
        return cosines, bm25

    def _id_hits(self, query: str, cosines: NDArray[np.float32], bm25: NDArray[np.float32]) -> list[BPHit]:
        hits: list[BPHit] = []
        for ref in find_ids(query, self.lens):
            for bp_id in ref.bp_ids:
                rows = sorted(self._by_bp[bp_id], key=lambda r: (-float(cosines[r]), r))
                hits.append(self._hit(bp_id, rows, score=1.0, relevance=1.0, cosines=cosines, fused=None))
        return hits

    def _hybrid_hits(
        self, query: str, cosines: NDArray[np.float32], bm25: NDArray[np.float32], filters: SearchFilters
    ) -> list[BPHit]:
        groups = {
            bp_id: rows for bp_id, rows in self._by_bp.items() if filters.admits(self._passages[rows[0]])
        }
        if not groups:
            return []
        # Passage-level fusion picks each group's best passages; group-level fusion ranks the groups.
        fused = _rrf(cosines) + _rrf(bm25)
        dense = {bp: max(float(cosines[r]) for r in rows) for bp, rows in groups.items()}
        lexical = {bp: max(float(bm25[r]) for r in rows) for bp, rows in groups.items()}
        dense_rank = _ranks(dense)
        lexical_rank = _ranks(lexical) if any(v > 0 for v in lexical.values()) else {}
        hits = []
        for bp_id, rows in groups.items():
            score = 1 / (RRF_K + dense_rank[bp_id])
            if lexical_rank:
                score += 1 / (RRF_K + lexical_rank[bp_id])
            best = sorted(rows, key=lambda r: (-float(fused[r]), r))
            hits.append((score, bp_id, best))
        hits.sort(key=lambda item: (-item[0], item[1]))
        top_cosine = max(dense.values())
        return [
            self._hit(bp_id, rows, score=score, relevance=relevance(dense[bp_id], top_cosine), cosines=cosines,
                      fused=fused)
            for score, bp_id, rows in hits
        ]

    def _hit(
        self,
        bp_id: str,
        rows: list[int],
        *,
        score: float,
        relevance: float,
        cosines: NDArray[np.float32],
        fused: NDArray[np.float32] | None,
    ) -> BPHit:
        first: Passage = self._passages[rows[0]]
        passages = tuple(
            PassageHit(
                passage=self._passages[r],
                score=round(float(fused[r]) if fused is not None else 1.0, 6),
                cosine=round(float(cosines[r]), 4),
            )
            for r in rows[:PASSAGES_PER_HIT]
        )
        return BPHit(
            bp_id=bp_id,
            question_id=first.question_id,
            pillar=first.pillar,
            phase=first.phase,
            risk=first.risk,
            title=first.title,
            url=first.url,
            score=round(score, 6),
            relevance=round(relevance, 4),
            passages=passages,
        )


def relevance(cosine: float, top_cosine: float) -> float:
    """Map a BP's best dense similarity to 0..1. Placeholder calibration: the cosine itself, clipped."""
    return float(min(1.0, max(0.0, cosine)))


def _rrf(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[order] = np.arange(1, len(scores) + 1, dtype=np.float32)
    result: NDArray[np.float32] = (1.0 / (RRF_K + ranks)).astype(np.float32)
    return result


def _ranks(values: dict[str, float]) -> dict[str, int]:
    ordered = sorted(values, key=lambda key: (-values[key], key))
    return {key: n for n, key in enumerate(ordered, start=1)}
