"""Session 19 (neg19b): a clause that restates the claim before it ("— well, …", "or rather …", "I mean …") and speaks
against something says what the claim amounts to, whichever practice its own words are nearest
(docs/review-mapping.md, "Session 19 (neg19b)"). Sentences written for this test, not taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.integration
def test_a_restatement_against_the_claim_leaves_nothing_implemented(mapping: AnswerMapping) -> None:
    text = "Cost per model is monitored — well, we check the bill when finance shouts."
    statuses = mapping.predict("MLCOST06", text)
    assert BPStatus.IMPLEMENTED not in statuses.values(), statuses


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "practice", "text"),
    [
        (
            "MLPERF06",
            "MLPERF06-BP03",
            "Drift gets a weekly report — well, an automated one that compares against the training baseline.",
        ),
        ("MLPERF06", "MLPERF06-BP03", "We track drift on every feature weekly. Well, we also have alerts on latency."),
        ("MLOPS03", "MLOPS03-BP02", "Every dataset is versioned in DVC. I mean, each nightly load gets its own tag."),
    ],
)
def test_a_restatement_that_adds_to_the_claim_leaves_it_done(
    mapping: AnswerMapping, question: str, practice: str, text: str
) -> None:
    assert mapping.predict(question, text)[practice] is BPStatus.IMPLEMENTED
