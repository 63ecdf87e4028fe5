"""A foundation-model platform named with a verb of use ("We use Bedrock") says who serves the model, not that nobody
fine-tunes it (labelling guide rule 3; twelfth not-applicable round, docs/review-mapping.md): it makes the hosting
practices moot, not the training ones. "Only", "just", "and that's it" or a task service whose model is pre-trained
(Textract, Comprehend) still state a managed model. Sentences written for this test, not eval rows."""

from __future__ import annotations

import pytest

from app.review.facts import Fact, stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    "text",
    ["We use Bedrock for the chat", "the replies are drafted via Claude", "Our backend calls OpenAI"],
)
def test_a_platform_used_says_who_serves_not_who_trains(text: str) -> None:
    facts = stated_facts(text)
    assert Fact.NO_HOSTING in facts
    assert Fact.NO_TRAINING not in facts


@pytest.mark.parametrize(
    "text",
    [
        "We only use Bedrock for the chat",
        "We call OpenAI and that's it",
        "We send the scans to Textract",
        "Our backend calls Comprehend",
        "We use a hosted LLM",
    ],
)
def test_only_that_platform_or_a_task_service_is_a_managed_model(text: str) -> None:
    assert Fact.MANAGED_MODEL in stated_facts(text)


def test_a_platform_used_leaves_the_training_practices_open(mapping: AnswerMapping) -> None:
    got = mapping.predict("MLSUS04", "We use Bedrock to draft the replies.")
    assert set(got.values()) == {BPStatus.CANNOT_DETERMINE}


def test_a_platform_used_still_makes_hosting_moot(mapping: AnswerMapping) -> None:
    got = mapping.predict("MLCOST05", "We use Bedrock to draft the replies.")
    assert set(got.values()) == {BPStatus.NOT_APPLICABLE}


def test_choosing_the_platform_is_using_a_managed_service(mapping: AnswerMapping) -> None:
    got = mapping.predict("MLSUS02", "We went with Bedrock rather than training our own model.")
    assert got["MLSUS02-BP01"] is BPStatus.IMPLEMENTED
