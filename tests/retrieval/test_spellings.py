"""A question word the lens spells otherwise is ranked by the lens's spellings of it (never the gate's), only when the
lens lacks the word itself, and only towards words that share a long prefix with it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.knowledge import KnowledgeBase
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.idioms import IDIOM_WEIGHT, ranking_terms
from app.retrieval.index_store import BM25_GROUPS_DIR
from app.retrieval.lexical import tokens
from app.retrieval.spellings import SPELLING_WEIGHT, LensSpellings
from app.settings import ROOT

SHIPPED_VOCABULARY = frozenset(json.loads((ROOT / "index" / BM25_GROUPS_DIR / "vocab.index.json").read_text()))
SHIPPED = LensSpellings(SHIPPED_VOCABULARY)


def test_lens_words_the_token_starts_with_or_that_start_with_it() -> None:
    spellings = LensSpellings(["approv", "approval", "monolithic", "data", "databas", "annot", "catalog"])
    assert spellings.of("approve") == ("approv",)  # "approved" / "approval" in the lens, "approve" in the question
    assert spellings.of("monolith") == ("monolithic",)
    assert spellings.of("annotator") == ()  # "annot" is 5 of 9 characters: too little of the word
    assert spellings.of("annotat") == ("annot",)
    assert spellings.of("catalogue") == ("catalog",)


def test_nothing_for_a_lens_word_a_short_token_or_a_number() -> None:
    spellings = LensSpellings(["approv", "approval", "data", "databas", "20000"])
    assert spellings.of("approval") == ()  # the lens has it: its variants may be other words
    assert spellings.of("dat") == ()
    assert spellings.of("datab") == ("databas",)
    assert spellings.of("2000") == ()


def test_prefix_must_be_most_of_the_longer_word() -> None:
    spellings = LensSpellings(["intern", "internal", "international"])
    assert spellings.of("interna") == ("intern", "internal")  # 6 of 7; "international" is too long for it
    assert "international" not in spellings.of("interna")


def test_the_cache_gives_the_same_answer() -> None:
    assert SHIPPED.of("monolith") == SHIPPED.of("monolith")


@pytest.mark.parametrize(
    ("query", "lens_token"),
    [
        ("our scoring code is one big monolith, should we split it?", "monolithic"),
        ("who has to approve a new model?", "approv"),
        ("is there a catalogue of our datasets?", "catalog"),
    ],
)
def test_shipped_lens_spellings_join_the_ranking_terms_at_half_weight(query: str, lens_token: str) -> None:
    terms = ranking_terms(query, tokens(query), SHIPPED_VOCABULARY, SHIPPED)
    assert terms is not None and (lens_token, SPELLING_WEIGHT) in terms
    own = [(t, 1.0) for t in tokens(query)]
    assert terms[: len(own)] == own


def test_without_spellings_or_anything_unknown_the_terms_are_unchanged() -> None:
    query = "how do we detect data drift in production?"
    assert ranking_terms(query, tokens(query), SHIPPED_VOCABULARY, SHIPPED) is None
    monolith = "one big monolith"
    assert ranking_terms(monolith, tokens(monolith), SHIPPED_VOCABULARY) is None


@pytest.mark.parametrize(
    ("query", "lens_token"),
    [
        ("the servers that answer predictions cost the most", "inference"),
        ("what should we serve the model on?", "host"),
        ("model serving bills are high", "endpoint"),
        ("how do we check the annotators' work?", "label"),
    ],
)
def test_serving_and_annotation_idioms(query: str, lens_token: str) -> None:
    terms = ranking_terms(query, tokens(query), SHIPPED_VOCABULARY)
    assert terms is not None and (lens_token, IDIOM_WEIGHT) in terms


def test_the_lens_as_source_is_dropped_from_the_ranking_terms_only_beside_other_words() -> None:
    query = "Is an isolated network per project something the lens asks for?"
    terms = ranking_terms(query, tokens(query), SHIPPED_VOCABULARY, SHIPPED)
    assert terms is not None and "lens" not in {t for t, _ in terms}
    assert {t for t, _ in terms} >= {"isolat", "network", "project"}
    assert ranking_terms("what is the lens?", tokens("what is the lens?"), SHIPPED_VOCABULARY, SHIPPED) is None
    assert ranking_terms("ML lens", tokens("ML lens"), SHIPPED_VOCABULARY, SHIPPED) is None  # one other word


@pytest.mark.integration
def test_a_question_naming_the_lens_gets_practices_not_the_overview(full_kb: KnowledgeBase) -> None:
    """'… what does the lens recommend?' was drawn to the overview sections by the word alone; a question about the
    lens itself still gets them."""
    advice = full_kb.retriever.search("Our 7B model takes 9 days to train on one instance. What does the lens suggest?")
    assert advice.hits and not any(h.bp_id.startswith("OVERVIEW") for h in advice.hits)
    assert "MLCOST04-BP07" in [h.bp_id for h in advice.hits[:2]]  # distributed training
    about = full_kb.retriever.search("What are the six pillars of the ML lens?")
    assert about.hits[0].bp_id.startswith("OVERVIEW")
    unnamed = full_kb.retriever.search("which lifecycle phase comes after model development?")
    assert unnamed.hits[0].bp_id == "OVERVIEW-PHASES"  # without the word, overview sections rank as before


def test_about_the_lens_needs_a_clear_lead() -> None:
    overview = np.array([True, False, False])
    assert HybridRetriever._about_the_lens(np.array([0.6, 0.45, 0.3]), overview)
    assert not HybridRetriever._about_the_lens(np.array([0.48, 0.40, 0.3]), overview)
    assert HybridRetriever._about_the_lens(np.array([0.2, 0.4]), np.array([False, False]))  # nothing to choose
