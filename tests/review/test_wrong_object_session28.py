"""A claim acting on the wrong thing (session 28, app/review/wrong_object.py). Sentences written for the test."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.review.wrong_object import wrong_object
from app.services import AnswerMapping

from .conftest import mapping_config


@pytest.mark.parametrize(
    ("clause", "kind"),
    [
        ("The outlier check is run against the fabricated mock orders from the QA suite", "stand_in"),
        ("we tried the explainer on the Titanic passengers example", "stand_in"),
        ("Shield is switched on, for the careers website", "other_system"),
        ("Spot capacity is used, for the Jenkins build agents", "other_system"),
        ("the retraining flow covers the pricing model, one of our seventeen", "narrowed"),
        ("evaluated for four features out of two hundred", "narrowed"),
        ("the remaining nine teams copy files by hand", "narrowed"),
    ],
)
def test_the_wrong_thing_is_read(clause: str, kind: str) -> None:
    assert wrong_object(clause) == kind


@pytest.mark.parametrize(
    "clause",
    [
        "The outlier check runs before each retrain on the incoming orders",
        "WAF rules protect the inference API, and the careers website too",
        "also Spot capacity for the Jenkins build agents",
        "the retraining flow covers each of our seventeen models",
        "we never used the synthetic orders",  # a negation: other rules read it
        "the held-out test set is drawn from last month's orders",
        "the website calls the model endpoint through the API",  # names the ML workload itself
        "we picked a real-time endpoint because the quickstart tutorial did",  # a reason, not what it acts on
    ],
)
def test_the_real_thing_or_an_addition_is_left(clause: str) -> None:
    assert wrong_object(clause) is None


def test_through_the_shipped_mapper(mapping: AnswerMapping) -> None:
    claim = "We run Clarify bias reports on our training data"
    stand_in, real = (
        claim + " — the generated rows from the unit tests.",
        claim + " for every release of the production models, and the unit tests use generated rows.",
    )
    assert mapping.predict("MLREL03", stand_in)["MLREL03-BP04"] is not BPStatus.IMPLEMENTED
    assert mapping.predict("MLREL03", real)["MLREL03-BP04"] is BPStatus.IMPLEMENTED
    with mapping_config(mapping, wrong_object=False):
        assert mapping.predict("MLREL03", stand_in)["MLREL03-BP04"] is BPStatus.IMPLEMENTED


def test_the_real_thing_named_only_in_the_narrowing_clause(mapping: AnswerMapping) -> None:
    narrowed = "We built an automated evaluation pipeline, which covers the churn model, one of our nine in production."
    assert mapping.predict("MLPERF04", narrowed)["MLPERF04-BP03"] is not BPStatus.IMPLEMENTED
    with mapping_config(mapping, wrong_object=False):
        assert mapping.predict("MLPERF04", narrowed)["MLPERF04-BP03"] is BPStatus.IMPLEMENTED
