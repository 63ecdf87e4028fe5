"""Session 29 (na29), not-applicable answers (docs/review-mapping.md): beside a stated fact, a plain "done" in a
sentence of its own is read for the practices the fact leaves standing (`app.review.standing`), and a plain "done"
followed by a sentence clearly about another practice is not taken back by it. Sentences written for this test, not
eval rows, not the measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.facts import Fact
from app.review.models import BPStatus
from app.review.standing import standing_practice
from app.services import AnswerMapping
from tests.review.conftest import mapping_config

BP_IDS = ("MLREL03-BP01", "MLREL03-BP02", "MLREL03-BP03", "MLREL03-BP04")


def test_the_standing_practice_leads_among_those_the_fact_leaves() -> None:
    # BP02 (feature consistency) is moot when nothing is trained: BP03 leads what is left
    scores = {0: 0.20, 1: 0.38, 2: 0.36, 3: 0.22}
    assert standing_practice(scores, BP_IDS, {Fact.NO_TRAINING}) == 2
    # without the fact BP02 is a rival within the lead
    assert standing_practice(scores, BP_IDS, set()) is None


@pytest.mark.parametrize(
    "scores",
    [
        {0: 0.10, 1: 0.10, 2: 0.28, 3: 0.10},  # under the floor
        {0: 0.33, 1: 0.10, 2: 0.36, 3: 0.10},  # no lead over another standing practice
    ],
)
def test_no_standing_practice_without_a_clear_lead(scores: dict[int, float]) -> None:
    assert standing_practice(scores, BP_IDS, {Fact.NO_TRAINING}) is None


def test_nothing_standing() -> None:
    assert standing_practice({0: 0.5, 1: 0.4}, ("MLREL05-BP01", "MLREL05-BP02"), {Fact.MANAGED_MODEL}) is None


DONE_BESIDE = [
    (
        "MLCOST04",
        "It's all Claude on Bedrock, nothing is trained. All of our resources carry a team tag and there's a budget "
        "alarm per month. Idle notebooks are never switched off.",
        "MLCOST04-BP12",
    ),
]


@pytest.mark.parametrize(("question", "answer", "practice"), DONE_BESIDE)
def test_done_beside_the_fact(mapping: AnswerMapping, question: str, answer: str, practice: str) -> None:
    assert mapping.predict(question, answer)[practice] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(("question", "answer", "practice"), DONE_BESIDE)
def test_without_the_settings_it_is_asked_about(
    mapping: AnswerMapping, question: str, answer: str, practice: str
) -> None:
    with mapping_config(mapping, standing_placement=False, done_beside_another=False):
        assert mapping.predict(question, answer)[practice] is BPStatus.CANNOT_DETERMINE


@pytest.mark.parametrize(
    ("question", "answer", "practice"),
    [
        # what a copular clause says of its subject is another thing
        (
            "MLREL03",
            "The model is hosted by the vendor and we do not train it. The check we run is a grammar pass on our "
            "prompt templates.",
            "MLREL03-BP03",
        ),
        # the next sentence still speaks against the same practice
        (
            "MLCOST04",
            "Bedrock only, nothing trained. Every resource carries a project tag. Nobody ever looks at the budget "
            "report though.",
            "MLCOST04-BP12",
        ),
        # a detail after a dash or semicolon says what the claim amounts to
        (
            "MLSEC01",
            "We only call a vendor model through its API, nothing is trained here. Every licence of the libraries was "
            "checked - once, before the pilot in 2020; we swapped half of them since.",
            "MLSEC01-BP01",
        ),
        # a bad state with no negation word beside the fact
        (
            "MLREL03",
            "We call a hosted model from the vendor and never train it. Each time they ship a new version we just "
            "switch over and hope.",
            "MLREL03-BP03",
        ),
    ],
)
def test_not_proposed_done(mapping: AnswerMapping, question: str, answer: str, practice: str) -> None:
    assert mapping.predict(question, answer)[practice] is not BPStatus.IMPLEMENTED
