"""Hybrid retrieval over the lens: exact-ID route first, else dense + BM25 fused by reciprocal rank, grouped by BP.

Every hit carries a relevance in 0..1: the best dense similarity of the BP's passages (exact IDs have relevance 1);
callers quote hits at or above the configured threshold. Whether the query is about the lens at all is the scope
gate's decision (app/retrieval/scope.py) over several signals: dense relevance, the margin over the out-of-domain
anchors (corpus/retrieval/out-of-domain.txt), BM25 evidence of lens concepts, ML vocabulary and instruction-override
patterns. A query naming a lens ID is in scope unless it is an override attempt.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from app.lens.ids import find_ids
from app.lens.models import Lens
from app.retrieval.base import BPHit, Embedder, HitMatch, Passage, PassageHit, SearchFilters, SearchResult
from app.retrieval.index_store import LoadedIndex
from app.retrieval.lexical import tokens
from app.retrieval.scope import (
    NEUTRAL_DOMAIN,
    DomainClassifier,
    Gate,
    ScopeDecision,
    TopicAnchors,
    load_domain_classifier,
    load_gate,
    load_topic_anchors,
    signals_of,
)

RRF_K = 10  # small: the top few ranks of each list should dominate the fusion
SECOND_PASSAGE_WEIGHT = 0.5  # a BP that matches in two places beats one that matches once, a little
PASSAGES_PER_HIT = 3


class HybridRetriever:
    def __init__(
        self,
        lens: Lens,
        index: LoadedIndex,
        embedder: Embedder,
        threshold: float,
        gate: Gate | None = None,
        domain: DomainClassifier | None = None,
        topics: TopicAnchors | None = None,
    ) -> None:
        self.lens = lens
        self.embedder = embedder
        self.threshold = threshold
        self.domain = domain or load_domain_classifier(embedder.name, embedder.dimension)
        self.gate = gate or load_gate(embedder.name, threshold, domain=self.domain is not None)
        self.topics = topics or load_topic_anchors(embedder.name, embedder.dimension)
        self._lens_vocabulary = frozenset(index.bm25_groups.vocab_dict)
        self._index = index
        self._passages = index.passages
        self._rows_by_group: dict[str, NDArray[np.intp]] = {
            group: np.array([r for r, p in enumerate(self._passages) if p.bp_id == group], dtype=np.intp)
            for group in index.group_ids
        }

    @property
    def passage_count(self) -> int:
        return len(self._passages)

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilters | None = None,
        vector: NDArray[np.float32] | None = None,
    ) -> SearchResult:
        """Ranked BPs for `query`, best first. A query that names lens IDs (new, question or legacy) gets those
        practices at relevance 1, then only the other practices of their questions (`match="same_question"`), never
        unrelated padding; any other query gets the hybrid ranking. `vector`: the query's embedding, when the caller
        already has it (shape (1, dimension))."""
        filters = filters or SearchFilters()
        scores = self._scores(query, vector)
        id_hits = self._id_hits(query, scores)
        if id_hits:
            hits = (id_hits + self._sibling_hits(id_hits, scores))[: max(k, len(id_hits))]
        else:
            hits = self._hybrid_hits(scores, filters, limit=k, skip=set())
        decision = self._decide(query, scores, named_id=bool(id_hits))
        result = SearchResult(
            query=query,
            route="id" if id_hits else "hybrid",
            hits=tuple(hits),
            out_of_scope=not decision.in_scope or not hits,
            threshold=self.threshold,
            scope_reason=decision.reason or (None if hits else "off_topic"),
            scope_probability=decision.probability,
            scope_signals=decision.signals.as_dict(),
        )
        result.remember_query_vector(self.embedder.name, scores.vector)
        return result

    def _decide(self, query: str, scores: _Scores, *, named_id: bool) -> ScopeDecision:
        query_tokens = tokens(query)
        signals = signals_of(
            query,
            query_tokens,
            dense=float(scores.cosines.max()) if len(scores.cosines) else 0.0,
            anchor=scores.anchor,
            best_bm25=max(scores.group_bm25.values(), default=0.0),
            known_tokens=sum(t in self._lens_vocabulary for t in query_tokens),
            domain=scores.domain,
        )
        decision = self.gate.decide(signals)
        if named_id and decision.reason != "override":  # asking about a lens ID is asking about the lens
            return ScopeDecision(True, 1.0, None, signals)
        return decision

    async def search_async(self, query: str, *, k: int = 5, filters: SearchFilters | None = None) -> SearchResult:
        """`search` for a caller on an event loop: the query embedding is awaited (batched by the embedding thread
        while the loop serves other requests), the rest (FAISS, BM25, fusion: about a millisecond) runs inline."""
        embed_async = getattr(self.embedder, "embed_one_async", None)
        if embed_async is not None:
            vector = await embed_async(query)
        else:
            vector = await asyncio.to_thread(self.embedder.embed, [query])
        return self.search(query, k=k, filters=filters, vector=vector)

    def _scores(self, query: str, vector: NDArray[np.float32] | None = None) -> _Scores:
        if vector is None:
            vector = self.embedder.embed([query])
        found, rows = self._index.vectors.search(vector, len(self._passages))
        cosines = np.empty(len(self._passages), dtype=np.float32)
        cosines[rows[0]] = found[0]
        query_tokens = tokens(query)
        if query_tokens:
            passage_bm25 = np.asarray(self._index.bm25_passages.get_scores(query_tokens), dtype=np.float32)
            group_bm25 = np.asarray(self._index.bm25_groups.get_scores(query_tokens), dtype=np.float32)
        else:
            passage_bm25 = np.zeros(len(self._passages), dtype=np.float32)
            group_bm25 = np.zeros(len(self._index.group_ids), dtype=np.float32)
        anchors = self._index.anchors
        anchor = float((anchors @ vector[0]).max()) if len(anchors) else -1.0
        if self.topics is not None:
            anchor = max(anchor, self.topics.best(vector[0]))
        return _Scores(
            vector,
            cosines,
            _rank_positions(cosines),
            _rank_positions(passage_bm25),
            dict(zip(self._index.group_ids, group_bm25.tolist(), strict=True)),
            anchor,
            self.domain.probability(vector[0].tolist()) if self.domain else NEUTRAL_DOMAIN,
        )

    def _id_hits(self, query: str, scores: _Scores) -> list[BPHit]:
        hits: list[BPHit] = []
        for ref in find_ids(query, self.lens):
            for bp_id in ref.bp_ids:
                hits.append(self._hit(bp_id, scores, score=1.0, relevance=1.0, match="id"))
        return hits

    def _sibling_hits(self, id_hits: list[BPHit], scores: _Scores) -> list[BPHit]:
        """The other practices of the named practices' questions, in lens order, scored like the ID hits' passages."""
        named = {h.bp_id for h in id_hits}
        siblings: list[BPHit] = []
        for question_id in dict.fromkeys(h.question_id for h in id_hits if h.question_id):
            question = self.lens.question(question_id)
            for bp in question.best_practices if question else ():
                if bp.id not in named and bp.id in self._rows_by_group:
                    named.add(bp.id)
                    relevance = float(scores.cosines[self._rows_by_group[bp.id]].max())
                    siblings.append(self._hit(bp.id, scores, score=0.0, relevance=relevance, match="same_question"))
        return siblings

    def _hybrid_hits(self, scores: _Scores, filters: SearchFilters, *, limit: int, skip: set[str]) -> list[BPHit]:
        groups = [g for g, rows in self._rows_by_group.items() if filters.admits(self._passages[int(rows[0])])]
        if not groups:
            return []
        best: dict[str, float] = {}
        dense: dict[str, float] = {}
        for group in groups:
            top_two = np.sort(scores.cosines[self._rows_by_group[group]])[::-1][:2]
            best[group] = float(top_two[0])
            dense[group] = float(top_two[0]) + SECOND_PASSAGE_WEIGHT * (float(top_two[1]) if len(top_two) > 1 else 0.0)
        lexical = {g: scores.group_bm25[g] for g in groups}
        dense_rank = _ranks(dense)
        lexical_rank = _ranks(lexical) if any(v > 0 for v in lexical.values()) else {}
        fused = {
            g: 1 / (RRF_K + dense_rank[g]) + (1 / (RRF_K + lexical_rank[g]) if lexical_rank else 0.0) for g in groups
        }
        ordered = [g for g in sorted(groups, key=lambda g: (-fused[g], g)) if g not in skip][:limit]
        return [self._hit(g, scores, score=fused[g], relevance=best[g]) for g in ordered]

    def _hit(self, group: str, scores: _Scores, *, score: float, relevance: float, match: HitMatch = "ranked") -> BPHit:
        rows = [int(r) for r in self._rows_by_group[group] if self._passages[int(r)].quotable]
        fused = {r: 1 / (RRF_K + scores.cosine_rank[r]) + 1 / (RRF_K + scores.bm25_rank[r]) for r in rows}
        rows.sort(key=lambda r: (-fused[r], r))
        first: Passage = self._passages[rows[0]]
        passages = tuple(
            PassageHit(passage=self._passages[r], score=round(fused[r], 6), cosine=round(float(scores.cosines[r]), 4))
            for r in rows[:PASSAGES_PER_HIT]
        )
        return BPHit(
            bp_id=group,
            question_id=first.question_id,
            pillar=first.pillar,
            phase=first.phase,
            risk=first.risk,
            title=first.title,
            url=first.url,
            score=round(score, 6),
            relevance=round(min(1.0, max(0.0, relevance)), 4),
            passages=passages,
            match=match,
        )


@dataclass(frozen=True)
class _Scores:
    vector: NDArray[np.float32]  # the query's embedding, shape (1, dimension)
    cosines: NDArray[np.float32]  # query vs every passage
    cosine_rank: NDArray[np.intp]  # 1-based rank of every passage by cosine
    bm25_rank: NDArray[np.intp]  # 1-based rank of every passage by BM25
    group_bm25: dict[str, float]  # BM25 of every BP / overview section as one document
    anchor: float  # best similarity to an out-of-domain topic, index anchors or scope topics (-1 if none)
    domain: float  # the domain classifier's P(lens) for the query embedding (NEUTRAL_DOMAIN without one)


def _rank_positions(scores: NDArray[np.float32]) -> NDArray[np.intp]:
    """1-based rank of every row (ties broken by row order)."""
    ranks = np.empty(len(scores), dtype=np.intp)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


def _ranks(values: dict[str, float]) -> dict[str, int]:
    ordered = sorted(values, key=lambda key: (-values[key], key))
    return {key: n for n, key in enumerate(ordered, start=1)}
