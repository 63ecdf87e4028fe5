"""A practice the facts leave standing, said done in a clause of its own next to a stated fact (twelfth not-applicable
round, docs/review-mapping.md; labelling guide rule 6): firm when it fails only the gap test, reads plainly as done
and nothing right after it takes it back. Sentences written for this test, not eval rows, not the measuring sets of
tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.cues import plainly_done
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spend is tagged per team and reviewed monthly", True),
        ("Every release goes out through a pipeline", True),
        ("nobody reviews the spend", False),  # a negation
        ("we take whatever the vendor releases", False),  # nobody chooses
        ("whoever is on call redeploys it", False),
        ("the tags are applied by hand", False),  # a bad state
    ],
)
def test_plainly_done(text: str, expected: bool) -> None:
    assert plainly_done(text) is expected


def test_a_release_pipeline_said_next_to_a_fact_is_done(mapping: AnswerMapping) -> None:
    answer = "We only call a hosted LLM. Every release of the service goes out through a CodePipeline."
    assert mapping.predict("MLOPS04", answer)["MLOPS04-BP01"] is BPStatus.IMPLEMENTED


def test_without_a_fact_the_gap_test_still_holds(mapping: AnswerMapping) -> None:
    answer = "Every release of the service goes out through a CodePipeline."
    assert mapping.predict("MLOPS04", answer)["MLOPS04-BP01"] is BPStatus.CANNOT_DETERMINE


@pytest.mark.parametrize(
    ("question", "bp_id", "answer"),
    [
        # taken back by the next clause
        (
            "MLCOST04",
            "MLCOST04-BP12",
            "We don't train anything, the model is Anthropic's. The cost alarm is set up; everyone deletes its emails.",
        ),
        # a choice nobody makes
        (
            "MLOPS02",
            "MLOPS02-BP04",
            "The vendor trains it and we host it. We deploy whatever version the vendor sends us.",
        ),
    ],
)
def test_a_done_taken_back_or_left_to_chance_is_not_proposed(
    mapping: AnswerMapping, question: str, bp_id: str, answer: str
) -> None:
    assert mapping.predict(question, answer)[bp_id] is not BPStatus.IMPLEMENTED
