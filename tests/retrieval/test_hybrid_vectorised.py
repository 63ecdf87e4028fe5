"""The retriever's array arithmetic gives exactly what a per-group Python loop and the FAISS search it replaced give:
the same float32 cosines, the same fused scores, ranks, tie-breaks and hits, bit for bit. The reference
implementations below are the replaced code (the loop updated to the score-aware fusion of 2026-12-01)."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from app.evaluation.retrieval import read_rows
from app.knowledge import KnowledgeBase
from app.lens.models import Phase, PillarId, Risk, Section
from app.retrieval.base import BPHit, SearchFilters
from app.retrieval.hybrid import (
    OVERVIEW_LEAD,
    RRF_K,
    SCORE_WEIGHT,
    SECOND_PASSAGE_WEIGHT,
    HybridRetriever,
    _passage_matrix,
)
from app.retrieval.idioms import SOURCE_WORDS
from app.settings import ROOT

DEV_QUESTIONS = [row["question"] for row in read_rows(ROOT / "eval" / "retrieval" / "questions.jsonl")]
FILTERS = [
    SearchFilters(),
    SearchFilters(pillars=(PillarId.SEC,)),
    SearchFilters(phases=(Phase.MONITORING,), risks=(Risk.HIGH,)),
    SearchFilters(pillars=(PillarId.COST, PillarId.SUS)),
    SearchFilters(question_ids=("MLSEC03", "MLOPS02")),
    SearchFilters(question_ids=("NO-SUCH-QUESTION",)),  # admits nothing
]


def reference_cosines(retriever: HybridRetriever, vector: np.ndarray) -> np.ndarray:
    found, rows = retriever._index.vectors.search(vector, retriever.passage_count)
    cosines = np.empty(retriever.passage_count, dtype=np.float32)
    cosines[rows[0]] = found[0]
    return cosines


def reference_hybrid_hits(
    retriever: HybridRetriever, scores: object, filters: SearchFilters, *, limit: int, skip: set[str]
) -> list[BPHit]:
    """The fusion as one loop per group: dense = best + half the second-best passage cosine, lexical = the same over
    the passages' BM25, fused = the two reciprocal ranks plus SCORE_WEIGHT x the two z-scores (the mean and standard
    deviation taken over the admitted groups' values in group order, as the arrays hold them)."""
    rows_by_group = retriever._rows_by_group
    passages = retriever._passages
    cosines = scores.cosines  # type: ignore[attr-defined]
    passage_bm25 = scores.passage_bm25  # type: ignore[attr-defined]
    groups = [g for g, rows in rows_by_group.items() if filters.admits(passages[int(rows[0])])]
    if not groups:
        return []

    def best_two(values: np.ndarray, group: str) -> tuple[float, float]:
        top_two = np.sort(values[rows_by_group[group]])[::-1][:2]
        return float(top_two[0]), float(top_two[1]) if len(top_two) > 1 else 0.0

    best: dict[str, float] = {}
    dense: dict[str, float] = {}
    lexical: dict[str, float] = {}
    for group in groups:
        first, second = best_two(cosines, group)
        best[group] = first
        dense[group] = first + SECOND_PASSAGE_WEIGHT * second
        first, second = best_two(passage_bm25, group)
        lexical[group] = first + SECOND_PASSAGE_WEIGHT * second
    dense_rank = _ranks(dense)
    lexical_rank = _ranks(lexical) if any(v > 0 for v in lexical.values()) else {}
    dense_z, lexical_z = _z(dense, groups), _z(lexical, groups)
    fused = {
        g: 1 / (RRF_K + dense_rank[g])
        + SCORE_WEIGHT * dense_z[g]
        + ((1 / (RRF_K + lexical_rank[g]) + SCORE_WEIGHT * lexical_z[g]) if lexical_rank else 0.0)
        for g in groups
    }
    # a question naming the lens gets overview sections only when the best of them leads the best practice by
    # OVERVIEW_LEAD (when both kinds are searched)
    overview = {g for g in groups if passages[int(rows_by_group[g][0])].section is Section.OVERVIEW}
    names_lens = any(t in SOURCE_WORDS for t in scores.query_tokens)  # type: ignore[attr-defined]
    if names_lens and overview and overview != set(groups):
        lead = max(best[g] for g in overview) - max(best[g] for g in groups if g not in overview)
        if lead < OVERVIEW_LEAD:
            skip = skip | overview
    ordered = [g for g in sorted(groups, key=lambda g: (-fused[g], g)) if g not in skip][:limit]
    return [retriever._hit(g, scores, score=fused[g], relevance=best[g]) for g in ordered]  # type: ignore[arg-type]


def _z(values: dict[str, float], groups: list[str]) -> dict[str, float]:
    array = np.array([values[g] for g in groups], dtype=np.float64)
    spread = float(array.std())
    return {g: (float(array[n]) - float(array.mean())) / spread if spread else 0.0 for n, g in enumerate(groups)}


def _ranks(values: dict[str, float]) -> dict[str, int]:
    ordered = sorted(values, key=lambda key: (-values[key], key))
    return {key: n for n, key in enumerate(ordered, start=1)}


def assert_same_as_reference(retriever: HybridRetriever, queries: list[str]) -> int:
    compared = 0
    every_group = len(retriever._rows_by_group)
    for n, query in enumerate(queries):
        scores = retriever._scores(query)
        assert np.array_equal(scores.cosines, reference_cosines(retriever, scores.vector)), query
        for filters in FILTERS:
            skips = (
                (5, set()),
                (every_group, set()),
                (3, {retriever._groups.names[n % every_group]}),
                (0, set()),  # slicing semantics kept exactly
                (-2, set()),
            )
            for limit, skip in skips:
                got = retriever._hybrid_hits(scores, filters, limit=limit, skip=skip)
                want = reference_hybrid_hits(retriever, scores, filters, limit=limit, skip=skip)
                assert got == want, (query, filters, limit)
                compared += 1
    return compared


def test_tiny_corpus_matches_the_loop(tiny_kb: KnowledgeBase) -> None:
    retriever = tiny_kb.retriever
    assert isinstance(retriever, HybridRetriever)
    queries = DEV_QUESTIONS[:40] + ["", "zzz unknown words", "least privilege access to training data"]
    assert assert_same_as_reference(retriever, queries) == len(queries) * len(FILTERS) * 5


def test_ties_break_by_group_name_as_before(tiny_kb: KnowledgeBase) -> None:
    """A query vector orthogonal to every passage ties every group's dense score at 0: the order is by name."""
    retriever = tiny_kb.retriever
    assert isinstance(retriever, HybridRetriever)
    scores = retriever._scores("qqqq", vector=np.zeros((1, retriever.embedder.dimension), dtype=np.float32))
    got = retriever._hybrid_hits(scores, SearchFilters(), limit=len(retriever._rows_by_group), skip=set())
    assert [h.bp_id for h in got] == sorted(retriever._rows_by_group)
    assert got == reference_hybrid_hits(
        retriever, scores, SearchFilters(), limit=len(retriever._rows_by_group), skip=set()
    )


def test_flat_index_kernel_gives_the_search_values() -> None:
    """`fvec_inner_products_ny` is the kernel IndexFlatIP's search uses: same float32 bits for every row."""
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((1380, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = faiss.IndexFlatIP(384)
    index.add(matrix)
    stored = _passage_matrix(index)
    assert stored is not None and np.array_equal(stored, matrix)
    for _ in range(50):
        query = rng.standard_normal((1, 384)).astype(np.float32)
        query /= np.linalg.norm(query)
        found, rows = index.search(query, index.ntotal)
        want = np.empty(index.ntotal, dtype=np.float32)
        want[rows[0]] = found[0]
        got = np.empty(index.ntotal, dtype=np.float32)
        faiss.fvec_inner_products_ny(  # type: ignore[attr-defined]
            faiss.swig_ptr(got), faiss.swig_ptr(query[0]), faiss.swig_ptr(stored), 384, index.ntotal
        )
        assert np.array_equal(got, want)


def test_other_faiss_indexes_are_searched_as_before() -> None:
    assert _passage_matrix(faiss.IndexFlatL2(8)) is None
    assert _passage_matrix(faiss.IndexFlatIP(8)) is None  # empty


@pytest.mark.integration
def test_full_corpus_matches_the_loop(full_kb: KnowledgeBase) -> None:
    """Every dev retrieval question on the real model and shipped index, with filters, skips and full rankings."""
    retriever = full_kb.retriever
    assert isinstance(retriever, HybridRetriever)
    assert retriever._passage_matrix is not None  # the fast path is the one compared
    assert assert_same_as_reference(retriever, DEV_QUESTIONS) == len(DEV_QUESTIONS) * len(FILTERS) * 5


LENS_QUESTIONS = [
    "What does the lens recommend when our endpoint traffic triples on Black Friday?",
    "Is keeping each ML project in its own isolated network something the lens asks for?",
    "What are the six pillars of the ML lens?",
    "How does a review with the Machine Learning Lens work?",
    "lens",
]


def test_questions_naming_the_lens_match_the_loop(full_kb: KnowledgeBase) -> None:
    """The overview rule (a question naming the lens gets overview sections only when one clearly leads) in both."""
    retriever = full_kb.retriever
    assert isinstance(retriever, HybridRetriever)
    assert assert_same_as_reference(retriever, LENS_QUESTIONS) == len(LENS_QUESTIONS) * len(FILTERS) * 5


def test_domain_probability_is_the_exact_sum_as_before() -> None:
    """numpy products and an exact sum: the same float as the per-component Python sum it replaced."""
    import math

    from app.retrieval.scope import DomainClassifier

    rng = np.random.default_rng(3)
    classifier = DomainClassifier("m", tuple(rng.standard_normal(384).tolist()), 0.25)
    for _ in range(200):
        vector = rng.standard_normal(384).astype(np.float32)
        z = classifier.bias + math.fsum(w * float(x) for w, x in zip(classifier.weights, vector.tolist(), strict=True))
        want = 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
        assert classifier.probability(vector) == want
        assert classifier.probability(vector.tolist()) == want
