"""Practitioner idioms widen the terms a question is ranked by (never the scope gate's), only towards words the lens
uses; weighted BM25 is plain BM25 when every weight is 1; the score-aware fusion lets a decisive list lead."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.evaluation.retrieval import read_rows
from app.knowledge import KnowledgeBase
from app.retrieval.bm25_scores import Bm25Scores
from app.retrieval.hybrid import HybridRetriever, _z_scores
from app.retrieval.idioms import IDIOM_WEIGHT, IDIOMS, ranking_terms
from app.retrieval.index_store import BM25_GROUPS_DIR, BM25_PASSAGES_DIR
from app.retrieval.lexical import tokens
from app.settings import ROOT

SHIPPED_VOCABULARY = frozenset(json.loads((ROOT / "index" / BM25_GROUPS_DIR / "vocab.index.json").read_text()))
DEV_QUESTIONS = [row["question"] for row in read_rows(ROOT / "eval" / "retrieval" / "questions.jsonl")]


def terms_of(query: str) -> list[tuple[str, float]] | None:
    return ranking_terms(query, tokens(query), SHIPPED_VOCABULARY)


@pytest.mark.parametrize("idiom", IDIOMS, ids=lambda i: i.pattern.pattern[:30])
def test_every_idiom_points_only_at_words_of_the_lens(idiom: object) -> None:
    words = idiom.lens_words  # type: ignore[attr-defined]
    assert words
    for word in words:
        assert tokens(word), word
        assert all(t in SHIPPED_VOCABULARY for t in tokens(word)), word


def test_a_question_without_idioms_is_ranked_by_its_own_tokens() -> None:
    assert terms_of("how do we detect data drift in production?") is None
    assert terms_of("") is None
    assert terms_of("the whole pipeline, whoever runs it") is None  # "who" only as a word of its own


def test_who_asks_for_roles_and_sign_off_for_approval_at_half_weight() -> None:
    terms = terms_of("Who signs off a release?")
    assert terms is not None
    own = [(t, 1.0) for t in tokens("Who signs off a release?")]
    assert terms[: len(own)] == own  # the question's own words first, at full weight
    added = dict(terms[len(own) :])
    assert {"role", "responsibil", "owner", "accountabil", "approval"} <= set(added)
    assert set(added.values()) == {IDIOM_WEIGHT}


@pytest.mark.parametrize(
    ("query", "lens_token"),
    [
        ("whose job is the feature store?", "role"),
        ("sign-off for a new model", "approval"),
        ("we got the green light yesterday", "approval"),
        ("what must happen before it goes live?", "production"),
        ("who is on call for the endpoint?", "incident"),
        ("I was paged at 3am because of the model", "alert"),
        ("can we revert to yesterday's model?", "rollback"),
        ("how do we go back to the old version?", "rollback"),
    ],
)
def test_idioms_in_other_forms(query: str, lens_token: str) -> None:
    terms = terms_of(query)
    assert terms is not None and (lens_token, IDIOM_WEIGHT) in terms


def test_an_idiom_word_the_question_already_uses_keeps_full_weight() -> None:
    terms = terms_of("who decides on roles for the ML team?")
    assert terms is not None
    assert ("role", 1.0) in terms and ("role", IDIOM_WEIGHT) not in terms
    assert len([t for t, _ in terms if t == "role"]) == 1


@pytest.mark.parametrize("directory", [BM25_PASSAGES_DIR, BM25_GROUPS_DIR])
def test_weighted_scores_at_unit_weights_are_plain_bm25_bit_for_bit(directory: str) -> None:
    bm25 = Bm25Scores.load(ROOT / "index" / directory)
    for question in DEV_QUESTIONS[:80] + ["zzz unknown", ""]:
        query_tokens = tokens(question)
        weighted = bm25.weighted_scores([(t, 1.0) for t in query_tokens])
        assert np.array_equal(weighted, bm25.get_scores(query_tokens)), question


def test_weighted_scores_scale_each_token() -> None:
    bm25 = Bm25Scores.load(ROOT / "index" / BM25_PASSAGES_DIR)
    both = bm25.weighted_scores([("lineage", 1.0), ("approval", 0.5)])
    want = bm25.get_scores(["lineage"]) + np.float32(0.5) * bm25.get_scores(["approval"])
    assert np.allclose(both, want, rtol=1e-6, atol=1e-6)
    assert both.dtype == bm25.get_scores(["lineage"]).dtype


def test_z_scores_of_a_flat_list_are_zero() -> None:
    assert not _z_scores(np.full(7, 0.25)).any()
    z = _z_scores(np.array([1.0, 2.0, 3.0]))
    assert z[1] == 0.0 and z[0] == -z[2] and z[2] > 0


@pytest.mark.integration
def test_the_gate_reads_the_questions_own_words(full_kb: KnowledgeBase) -> None:
    """The idioms change what ranks practices, not the BM25 evidence the scope gate weighs."""
    retriever = full_kb.retriever
    assert isinstance(retriever, HybridRetriever)
    question = "who signs off a release?"
    scores = retriever._scores(question)
    own = retriever._index.bm25_groups.get_scores(tokens(question))
    assert np.array_equal(scores.group_bm25, np.asarray(own, dtype=np.float32))
    plain = retriever._index.bm25_passages.get_scores(tokens(question))
    assert not np.array_equal(scores.passage_bm25, np.asarray(plain, dtype=np.float32))  # ranking terms did widen


@pytest.mark.integration
def test_who_signs_off_a_release_leads_with_roles_or_approval_not_lineage(full_kb: KnowledgeBase) -> None:
    """Own issue 6 of the previous closing note: this terse question led with the lineage practice (MLOPS02-BP04),
    whose practice card says 'every release records …'."""
    result = full_kb.retriever.search("who signs off a release?", k=5)
    assert not result.out_of_scope
    approval_or_roles = {"MLOPS02-BP01", "MLREL04-BP01", "MLREL03-BP01", "MLREL05-BP02", "MLPERF04-BP03"}
    assert result.hits[0].bp_id in approval_or_roles
