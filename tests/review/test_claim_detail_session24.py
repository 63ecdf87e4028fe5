"""Session 24: details that undo a claim with no negation word, from the blind set claim_detail2 (written by a helper
who did not read the rules): a thing switched off with the particle after a pronoun ("we turned it off") or paused, a
share of the estate ("about a fifth of the tables"), the one thing that has it ("the only team that uses it is …"), a
thing done for an occasion (years back, a slide in a deck) and a thing left behind by a move to a new one; and a claim
followed by a sentence that no practice places and that gives a count, asked about rather than proposed
(`MappingConfig.unplaced_detail_asks`). docs/review-mapping.md, "Session 24 (coordinator)". Sentences written for this
test, not taken from eval/review or the unseen sets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.review.cues import Polarity, polarity, takes_up
from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import mapping_config


@pytest.mark.parametrize(
    "clause",
    [
        "we had drift alarms on the endpoint and turned them off last spring because of the noise",
        "the retraining pipeline was paused when the project lost its budget",
        "the scanner got paused during the migration",
    ],
)
def test_switched_off_after_a_pronoun_or_paused_speaks_against_it(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "idle notebooks are shut down every evening by a lifecycle script",
        "we turn them off every night with a scheduler",
        "spot training is paused and resumed from the last checkpoint",
    ],
)
def test_stopping_on_a_routine_or_resuming_is_not_an_end(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "the tags cover about a fifth of the buckets",
        "which is roughly a third of our models",
        "The only team that uses it is the search team",
        "the analysis was done back in 2020",
        "it was produced for the board deck",
        "the charts are on slide 7",
        "everyone has since moved to the new cluster",
    ],
)
def test_a_share_an_occasion_or_a_move_narrows_the_claim(clause: str) -> None:
    assert polarity(clause) is Polarity.PARTIAL


@pytest.mark.parametrize(
    "clause",
    [
        "a tenth of the traffic goes to the canary first",
        "a quarter of the data is held out for testing",
        "we review the results every quarter",
        "the team moved the model to a larger instance",
    ],
)
def test_a_share_of_traffic_or_data_or_a_move_of_its_own_is_not_partial(clause: str) -> None:
    assert polarity(clause) is not Polarity.PARTIAL


def test_the_thing_taken_up_as_the_object_of_a_relative_clause() -> None:
    assert takes_up("Feature lineage is tracked in our catalog.", "The one pipeline that uses it is the pricing one.")
    assert not takes_up("Feature lineage is tracked in our catalog.", "The pricing pipeline is the biggest one.")


@pytest.mark.parametrize(
    ("question", "practice", "answer"),
    [
        (
            "MLOPS03",
            "MLOPS03-BP02",
            "Our datasets are versioned with DVC. The only project that uses it is a demo from two years ago.",
        ),
        (
            "MLCOST04",
            "MLCOST04-BP08",
            "A lifecycle script stops idle notebooks; it runs in the old domain, and everybody migrated to the new "
            "domain in spring.",
        ),
    ],
)
def test_a_claim_narrowed_by_its_detail_is_not_proposed_implemented(
    mapping: AnswerMapping, question: str, practice: str, answer: str
) -> None:
    assert mapping.predict(question, answer)[practice] is not BPStatus.IMPLEMENTED


def test_a_claim_with_a_detail_that_keeps_it_up_stays_implemented(mapping: AnswerMapping) -> None:
    answer = "Our datasets are versioned with DVC. Every training job pins the dataset version it read."
    assert mapping.predict("MLOPS03", answer)["MLOPS03-BP02"] is BPStatus.IMPLEMENTED


CLAIM = "Performance degradation of our models is monitored and handled."


@pytest.fixture
def unplaced_off(mapping: AnswerMapping) -> Iterator[AnswerMapping]:
    # session 28's `wrong_object` reads "one of 25" as a narrowed scope too: off, so this rule is measured alone
    with mapping_config(mapping, unplaced_detail_asks=False, wrong_object=False) as changed:
        yield changed


def test_a_claim_followed_by_a_count_no_practice_places_is_asked_about(mapping: AnswerMapping) -> None:
    answer = f"{CLAIM} We set it up for the holiday banner model, one of 25 in production."
    assert mapping.predict("MLPERF06", answer)["MLPERF06-BP04"] is BPStatus.CANNOT_DETERMINE


def test_without_the_rule_the_same_claim_is_proposed_implemented(unplaced_off: AnswerMapping) -> None:
    answer = f"{CLAIM} We set it up for the holiday banner model, one of 25 in production."
    assert unplaced_off.predict("MLPERF06", answer)["MLPERF06-BP04"] is BPStatus.IMPLEMENTED


def test_a_detail_without_a_count_leaves_the_claim_implemented(mapping: AnswerMapping) -> None:
    answer = f"{CLAIM} Alerts page the owning team."
    assert mapping.predict("MLPERF06", answer)["MLPERF06-BP04"] is BPStatus.IMPLEMENTED
