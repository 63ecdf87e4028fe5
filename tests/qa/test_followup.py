from __future__ import annotations

import pytest

from app.qa.followup import (
    FOCUS_REPEATS,
    carry_over,
    looks_like_follow_up,
    new_focus_words,
    repeated_focus,
    search_query,
)
from app.qa.models import PastTurn

PREVIOUS = [
    PastTurn(
        question="How do we version training data?",
        resolved_question="How do we version training data?",
        answer="…",
        cited_bp_ids=("MLOPS02-BP04",),
    )
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("and what about monitoring it?", True),
        ("What about cost?", True),
        ("how do we do that?", True),
        ("How should we encrypt model artifacts at rest in S3?", False),
        ("and what does MLSEC03-BP02 say?", False),
    ],
)
def test_detects_follow_ups(question: str, expected: bool) -> None:
    assert looks_like_follow_up(question) is expected


def test_carries_the_previous_topic_over() -> None:
    assert carry_over("and what about monitoring it?", PREVIOUS) == (
        "How do we version training data? and what about monitoring it?"
    )
    assert carry_over("How should we encrypt model artifacts?", PREVIOUS) == "How should we encrypt model artifacts?"
    assert carry_over("what about cost?", []) == "what about cost?"


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("and in notebooks?", ["notebooks"]),
        ("what about for the endpoint?", ["endpoint"]),
        ("and for batch jobs?", ["batch", "jobs"]),
        ("and for the training data?", []),  # nothing new: the previous topic already says it
        ("and what about monitoring it?", ["monitoring"]),
    ],
)
def test_new_focus_words_are_the_follow_ups_words_the_topic_lacks(question: str, focus: list[str]) -> None:
    assert new_focus_words(question, PREVIOUS[0].question) == focus


def test_the_search_query_weighs_the_new_focus_beside_the_carried_topic() -> None:
    query = search_query("and in notebooks?", PREVIOUS)
    carried = carry_over("and in notebooks?", PREVIOUS)
    assert carried == "How do we version training data? and in notebooks?"  # the earlier topic stays
    assert query == " ".join([carried, *["notebooks"] * FOCUS_REPEATS])
    assert search_query("and for the training data?", PREVIOUS) == carry_over("and for the training data?", PREVIOUS)
    assert search_query("How should we encrypt model artifacts?", PREVIOUS) == "How should we encrypt model artifacts?"
    assert search_query("and in notebooks?", []) == "and in notebooks?"


def test_the_repeated_focus_is_what_the_search_query_appends() -> None:
    """The composer is handed the very words the ranking was: none for a question that is not a follow-up."""
    assert repeated_focus("and in notebooks?", PREVIOUS) == ["notebooks"] * FOCUS_REPEATS
    for question, history in [
        ("and in notebooks?", PREVIOUS),
        ("and for the training data?", PREVIOUS),
        ("How should we encrypt model artifacts?", PREVIOUS),
        ("and in notebooks?", []),
    ]:
        focus = repeated_focus(question, history)
        assert search_query(question, history) == " ".join([carry_over(question, history), *focus])
    assert repeated_focus("How should we encrypt model artifacts?", PREVIOUS) == []
    assert repeated_focus("and for the training data?", PREVIOUS) == []
