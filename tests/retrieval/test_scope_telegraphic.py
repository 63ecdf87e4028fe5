"""Terse questions with no ML word and no person in them ("who signs off before go-live?"): the signals they have no
room for (own_workload, ml_context, ml_object) are read by the gate as unknown, at the mean of its training rows, not
as evidence against the lens. Written for this module, not taken from eval rows."""

from __future__ import annotations

import pytest

from app.knowledge import KnowledgeBase
from app.retrieval.lexical import tokens
from app.retrieval.scope import FEATURES, TELEGRAPHIC_UNKNOWN, ScopeGate, ScopeSignals, signals_of


def _signals(question: str) -> ScopeSignals:
    return signals_of(question, tokens(question), dense=0.3, anchor=0.3, best_bm25=1.0, known_tokens=1)


@pytest.mark.parametrize(
    "question", ["who signs off before go-live?", "rollback plan?", "licence check on scraped text", "audit trail?"]
)
def test_terse_questions_without_ml_words_or_persons_are_telegraphic(question: str) -> None:
    assert _signals(question).telegraphic


@pytest.mark.parametrize(
    "question",
    [
        "How do I delete a table?",  # first person: the missing "we" is informative
        "who approves our releases?",  # names the asker's own team
        "how does dropout prevent overfitting?",  # ML words: ML without a running workload is informative
        "thanks!",  # one content token
        "who approves the release plan for the quarterly marketing campaign budget?",  # not terse
        "リリースを承認するのは誰？",  # not English: the embedder is English-only
    ],
)
def test_other_questions_are_not(question: str) -> None:
    assert not _signals(question).telegraphic


def test_the_unknown_signals_are_read_at_the_gate_mean_and_the_others_as_given() -> None:
    weights = tuple(1.0 if name in TELEGRAPHIC_UNKNOWN else 0.0 for name in FEATURES)
    gate = ScopeGate(weights=weights, bias=0.0, embedder="e", cutoff=0.5, means=(0.5,) * len(FEATURES))
    base = dict.fromkeys(ScopeSignals.__dataclass_fields__, 0.0) | {"override": False}
    absent = ScopeSignals(**base)  # type: ignore[arg-type]
    unknown = ScopeSignals(**base | {"telegraphic": True})  # type: ignore[arg-type]
    assert gate.probability(absent) < 0.5 and gate.probability(unknown) == 0.5
    shifted = ScopeSignals(**base | {"telegraphic": True, "dense": 9.0})  # type: ignore[arg-type]
    assert gate.probability(shifted) == 0.5  # dense has no weight here: only the three signals are replaced
    overriding = ScopeSignals(**base | {"telegraphic": True, "override": True})  # type: ignore[arg-type]
    assert gate.decide(overriding).reason == "override"


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("who signs off before go-live?", True),
        ("rollback plan?", True),
        ("who signs off a release?", True),
        ("best pizza in Rome?", False),
        ("How do I delete a table?", False),
        ("cheap flights to Lisbon?", False),
    ],
)
def test_with_the_real_model(full_kb: KnowledgeBase, question: str, answered: bool) -> None:
    assert full_kb.retriever.search(question).out_of_scope is not answered
