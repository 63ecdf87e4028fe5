"""Session 23: a sentence that narrows what the sentence before said was done ("It ran once on the pilot data") makes
that claim partial, for the user to settle, even when its own words sit loosely near another practice; and a check
run one time reads as partial, not as the practice kept up (docs/review-mapping.md, "Session 23 (coordinator)").
Also a gate that lets everything through (an approval that grants itself or is granted by the person it checks, an
authorizer that allows any token, a key at the top of a README). Sentences written for this test, not taken from
eval/review or the unseen sets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.review.cues import Polarity, polarity
from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import mapping_config

CLAIM = "There is a bias report from SageMaker Clarify."


@pytest.mark.parametrize(
    "clause",
    [
        "It was run once on the first dataset",
        "The scan ran only once, before launch",
        "the fairness check was executed a single time",
    ],
)
def test_a_check_run_one_time_is_partial(clause: str) -> None:
    assert polarity(clause) is Polarity.PARTIAL


@pytest.mark.parametrize(
    "clause",
    [
        "The report runs once a week",
        "It is checked once per release",
        "Features are computed once in the feature store for training and serving",
    ],
)
def test_how_often_it_recurs_or_where_it_is_done_is_not_partial(clause: str) -> None:
    assert polarity(clause) is not Polarity.PARTIAL


@pytest.fixture
def narrowing_off(mapping: AnswerMapping) -> Iterator[AnswerMapping]:
    # session 28's `wrong_object` reads "the pilot dataset" as a stand-in too, and session 29's `past_occasion` reads
    # "once" as a one-off: off, so this rule is measured alone
    with mapping_config(mapping, narrowing_detail=False, wrong_object=False, past_occasion=False) as changed:
        yield changed


def test_a_narrowing_sentence_makes_the_claim_before_it_partial(mapping: AnswerMapping) -> None:
    answer = f"{CLAIM} It ran on the pilot dataset once."
    assert mapping.predict("MLREL03", answer)["MLREL03-BP04"] is BPStatus.PARTIALLY_IMPLEMENTED


def test_without_the_rule_the_same_claim_is_proposed_implemented(narrowing_off: AnswerMapping) -> None:
    # what the rule changes: "dataset" puts the narrowing sentence loosely near another practice (read as about that)
    answer = f"{CLAIM} It ran on the pilot dataset once."
    assert narrowing_off.predict("MLREL03", answer)["MLREL03-BP04"] is BPStatus.IMPLEMENTED


def test_a_detail_that_keeps_it_up_leaves_the_claim_implemented(mapping: AnswerMapping) -> None:
    answer = f"{CLAIM} It is run on every new dataset."
    assert mapping.predict("MLREL03", answer)["MLREL03-BP04"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    "clause",
    [
        "Releases need a sign-off, but the check auto-approves when nobody answers within an hour",
        "Reviewers approve their own pull requests to the training repo",
        "The contributor who adds a dataset clicks accept on the licence form",
        "Our gateway lets through any token that is well formed",
        "The inference API accepts any key that looks right",
        "The encryption key sits at the top of the onboarding README",
    ],
)
def test_a_gate_that_lets_everything_through_is_a_bad_state(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Minor config changes are auto-approved by policy",
        "The gateway rejects any token older than an hour",
        "We click through the lineage graph in the registry to find the data version",
    ],
)
def test_a_policy_approval_a_strict_check_or_navigation_is_no_bad_state(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "The feature store was edited by hand so often that it no longer matches the pipeline",
        "The release notes are written up from memory after each launch",
        "Somebody fills in the model register from memory at the end of the quarter",
    ],
)
def test_a_bad_state_whose_result_no_longer_holds_or_a_record_from_memory_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    ["We no longer edit the feature store by hand", "Hot features are served from memory by the online store"],
)
def test_an_ended_bad_state_or_data_in_memory_is_no_bad_state(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Drift gets looked at on the day a client reports the scores look strange",
        "The quarterly invoice is the first time anybody sees what inference costs",
        "The model is evaluated on the same data we trained it on",
        "Deploying means Ana copies the model file to the VM with scp",
        "Tagging for cost is at the bottom of our backlog",
    ],
)
def test_late_visibility_training_data_as_test_data_a_hand_copy_or_a_low_backlog_item_is_not_done(
    clause: str,
) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Accounts are isolated with SCP guardrails",
        "User feedback is captured whenever a customer reports a wrong answer",
        "Online features are built from the same pipeline we train on",
    ],
)
def test_a_service_control_policy_a_feedback_loop_or_shared_features_is_no_bad_state(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE
