"""Session 28 (na28), facts about the workload (docs/review-mapping.md): no ML said plainly (a model that does not
exist, models "involved" in the plural, an opener before "no machine learning in this …", an ML route never taken) and
training denied beside hosting ("we neither host nor train"), and training left to a named party ("retraining is
X's problem"). Sentences written for this test, not eval rows, not the
measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.facts import Fact, stated_facts


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Honest answer: there isn't a model at all, a clerk checks the forms.", Fact.NO_ML),
        ("It is a set of SQL views, no models are involved.", Fact.NO_ML),
        ("Yeah, no ML in this tool; the scores come from a spreadsheet.", Fact.NO_ML),
        ("We decided not to go down the machine learning path and wrote rules.", Fact.NO_ML),
        ("We do not serve or fine-tune anything: Translate handles it.", Fact.NO_TRAINING),
        ("we never run nor train it.", Fact.NO_TRAINING),
        ("Fine-tuning is OpenAI's business, we only send it prompts.", Fact.NO_TRAINING),
    ],
)
def test_a_fact_said_plainly(text: str, fact: Fact) -> None:
    assert fact in stated_facts(text)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # not the model itself, or not yet
        ("There is no model registry, versions sit in S3.", Fact.NO_ML),
        ("there isn't a model for returns yet, we plan one next quarter", Fact.NO_ML),
        ("No models involved in the pricing yet, that comes next year", Fact.NO_ML),
        ("Yeah, no ML in this app yet, the scores come from rules", Fact.NO_ML),
        # a denial of how often, not of training
        ("we don't host or train the churn model on weekends", Fact.NO_TRAINING),
        ("Training is our job, the platform team hosts it.", Fact.NO_TRAINING),
        # a person or everyone of ours, not a model provider (the cues ignore case)
        ("Training is Priya's responsibility, she trains the models on spot instances.", Fact.NO_TRAINING),
        ("Retraining is everyone's job here, the pipeline runs weekly.", Fact.NO_TRAINING),
    ],
)
def test_nearby_words_state_no_such_fact(text: str, fact: Fact) -> None:
    assert fact not in stated_facts(text)
