"""Session 33, not-applicable answers (docs/review-mapping.md, "Session 33"): a clause that states a workload fact is
placed on the practices by what it says besides the fact as well as by the whole clause. "The network was pruned and
quantised to 8-bit so it runs light on the handset": the handset pulls the whole clause towards where the model runs
(moot practices), the rest is about optimising the model for inference. A rest with a negation (most often a second
fact the cues only half took) or too few words is not read on its own. Sentences written for this test, not eval
rows, not the measuring sets of tests/review/data/unseen/. A model said with how it came ("it's an open-source model as
downloaded") states that we train nothing, as the verb forms did."""

from __future__ import annotations

import pytest

from app.review.cues import split_clauses
from app.review.facts import Fact, stated_facts
from app.review.facts_said import FactsSaid
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("clause", "rest"),
    [
        ("The network was pruned and quantised to 8-bit so it runs light on the handset", "quantised to 8-bit"),
        ("We don't train anything, a nightly Glue job cleans the input files", "a nightly Glue job cleans the input"),
    ],
)
def test_what_a_fact_clause_says_besides_the_fact(clause: str, rest: str) -> None:
    (read,) = split_clauses(clause)
    said = FactsSaid.read(read, stated_before=False).placeable_rest()
    assert said is not None and rest in said and "handset" not in said


@pytest.mark.parametrize(
    "clause",
    [
        "We have no model of our own, it's the vendor's API",  # the rest is half of a second fact
        "The model is bundled in the till software",  # little besides the fact
        "Our data pipeline cleans the input files every night",  # no fact at all
    ],
)
def test_no_rest_to_read_on_its_own(clause: str) -> None:
    (read,) = split_clauses(clause)
    assert FactsSaid.read(read, stated_before=False).placeable_rest() is None


@pytest.mark.parametrize(
    ("question", "answer", "practice", "status"),
    [
        # the rest is about optimising the model: done (asked about before, the clause was placed on the silicon)
        (
            "MLSUS05",
            "Everything runs on the handsets with TFLite, there are no endpoints at all. The network was pruned and "
            "quantised to 8-bit so it runs light on the handset.",
            "MLSUS05-BP03",
            BPStatus.IMPLEMENTED,
        ),
        # the fact alone says nothing of the optimisation
        (
            "MLSUS05",
            "Everything runs on the handsets with TFLite, there are no endpoints at all. The network runs light on the "
            "handset.",
            "MLSUS05-BP03",
            BPStatus.CANNOT_DETERMINE,
        ),
    ],
)
def test_a_fact_clause_is_placed_by_what_it_says_besides(
    mapping: AnswerMapping, question: str, answer: str, practice: str, status: BPStatus
) -> None:
    assert mapping.predict(question, answer)[practice] is status


@pytest.mark.parametrize(
    ("clause", "said"),
    [
        ("it's an open-source model as downloaded", True),
        ("honestly just a small vision checkpoint as released", True),
        ("the model as shipped had a bias we fixed by fine-tuning", False),  # a state before our work
        ("the weights as released were too big for the board", False),
    ],
)
def test_a_model_said_with_how_it_came_is_no_training_of_ours(clause: str, said: bool) -> None:
    assert (Fact.NO_TRAINING in stated_facts(clause)) is said


@pytest.mark.parametrize(
    ("clause", "said"),
    [
        ("No cloud.", True),
        ("no cloud part at all", True),
        ("no cloud costs to speak of", False),
        ("No cloud budget yet.", False),
    ],
)
def test_no_cloud_as_a_whole_clause_is_nothing_hosted(clause: str, said: bool) -> None:
    assert (Fact.NO_HOSTING in stated_facts(clause)) is said


def test_a_short_restatement_of_the_fact_takes_no_claim_back(mapping: AnswerMapping) -> None:
    answer = "The classifier sits on the doorbell itself, compiled with Neo before each release. No cloud."
    assert mapping.predict("MLSUS05", answer)["MLSUS05-BP03"] is BPStatus.IMPLEMENTED
