from __future__ import annotations

import pytest

from app.qa.followup import carry_over, looks_like_follow_up
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
