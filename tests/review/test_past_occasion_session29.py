"""A claim resting on one past occasion (session 29, app/review/past_occasion.py). Sentences written for the test."""

from __future__ import annotations

import pytest

from app.review.cues import split_clauses
from app.review.models import BPStatus
from app.review.past_occasion import past_occasion
from app.services import AnswerMapping

from .conftest import mapping_config


def _kinds(answer: str) -> list[str | None]:
    clauses = split_clauses(answer)
    return [past_occasion(clauses, i) for i in range(len(clauses))]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("Outlier screening happened once, for the insurer's review in April.", "one_off"),
        ("The retention check was a one-time exercise for the regulator.", "one_off"),
        ("Explanations were produced for the conference paper the team wrote.", "one_off"),
        ("Latency was compared on go-live day and looked fine.", "one_off"),
        ("The schema registry was filled at launch in 2020; the topics have changed five times since.", "stale"),
        ("The shadow test covered the model from seven years and two rewrites ago.", "stale"),
        ("Sizing came from the original model, the traffic is four times that now.", "stale"),
    ],
)
def test_one_past_occasion_is_read(answer: str, kind: str) -> None:
    assert kind in _kinds(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "New versions replace the old one all at once.",  # "at once" is how, not how often
        "Once the queue drains, the batch job scores the rest.",  # "once" as a conjunction
        "Embeddings are computed once in the shared store and read by both paths.",  # a habit in the present
        "The canary gets a tenth of the traffic for a day before the full switch.",
        "The owner of the pipeline sits on the steering committee.",
        "The schema registry was set up in 2020.",  # a year with nothing changed since
        "we never ran it more than once",  # a negation: other rules read it
    ],
)
def test_a_habit_or_a_plain_past_is_left(answer: str) -> None:
    assert not any(_kinds(answer))


def test_through_the_shipped_mapper(mapping: AnswerMapping) -> None:
    once = "Data drift was evaluated with Model Monitor, a single run for the insurer's audit."
    goes_on = "Data drift is evaluated with Model Monitor, and since the insurer's audit it runs every night."
    assert mapping.predict("MLPERF06", once)["MLPERF06-BP03"] is not BPStatus.IMPLEMENTED
    assert mapping.predict("MLPERF06", goes_on)["MLPERF06-BP03"] is BPStatus.IMPLEMENTED
    with mapping_config(mapping, past_occasion=False):
        assert mapping.predict("MLPERF06", once)["MLPERF06-BP03"] is BPStatus.IMPLEMENTED


def test_a_choice_made_once_stands(mapping: AnswerMapping) -> None:
    answer = "We compared edge devices and cloud endpoints once, at design time, and chose cloud endpoints."
    with mapping_config(mapping, past_occasion=False):
        before = mapping.predict("MLPERF05", answer)["MLPERF05-BP01"]
    assert mapping.predict("MLPERF05", answer)["MLPERF05-BP01"] is before


def test_a_choice_with_its_reason_stands() -> None:
    answer = "We use LightGBM because it is cheap to run, we compared it to a transformer once."
    assert not any(_kinds(answer))
