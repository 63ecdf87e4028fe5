"""A question word the lens spells otherwise is ranked by the lens's spellings of it (never the gate's), only when the
lens lacks the word itself, and only towards words that share a long prefix with it."""

from __future__ import annotations

import json

import pytest

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
