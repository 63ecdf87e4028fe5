"""The safety property with the shipped model and interview content: an answer that speaks against a practice never
gets it proposed as implemented. The sentences are written for this test (the issue's own examples and new ones), not
taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.services import AnswerMapping

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLSEC03", "We do not track lineage of datasets.", "MLSEC03-BP04"),
        ("MLSEC03", "Dataset lineage is not tracked at all.", "MLSEC03-BP04"),
        ("MLSEC03", "We don't track where datasets come from.", "MLSEC03-BP04"),
        ("MLSEC02", "Account numbers are kept in plain text in the feature store.", "MLSEC02-BP01"),
        ("MLREL05", "If the new model misbehaves there is no way back to an old version.", "MLREL05-BP02"),
        ("MLPERF06", "The model is retrained every night on a timer whatever changed.", "MLPERF06-BP05"),
        ("MLCOST04", "Hyperparameters are picked by hand.", "MLCOST04-BP11"),
        ("MLSEC04", "Do we check the training data for tampering? No.", "MLSEC04-BP03"),
        ("MLOPS02", "owners: yes. bias checks: no.", "MLOPS02-BP06"),
        ("MLCOST04", "Notebooks are never shut down, they run all weekend.", "MLCOST04-BP08"),
        ("MLREL04", "We deploy with a pipeline. There's no approval step and no automatic rollback.", "MLREL04-BP01"),
        ("MLPERF06", "We don't get ground truth back, so accuracy against real outcomes is unknown.", "MLPERF06-BP04"),
    ],
)
def test_spoken_against_is_never_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLREL04", "We never push a model to production without a sign-off in the pipeline.", "MLREL04-BP01"),
        ("MLSEC02", "Secrets and account numbers are never stored in plain text.", "MLSEC02-BP01"),
        ("MLREL01", "Clients never talk to the model directly, they go through our versioned API.", "MLREL01-BP01"),
        ("MLSEC06", "No one can invoke the endpoint without an IAM role that we granted.", "MLSEC06-BP01"),
    ],
)
def test_cancelling_negatives_are_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # neither … nor, no longer, a past state, an alternative not taken, a question put back (issue 11, fifth round)
        ("MLSEC03", "We have neither lineage tracking nor least-privilege roles.", "MLSEC03-BP01"),
        ("MLSEC03", "Lineage isn't tracked, and neither is who can read the buckets.", "MLSEC03-BP01"),
        ("MLREL04", "We use neither canary nor blue/green deployments.", "MLREL04-BP02"),
        ("MLOPS02", "Neither lineage nor fairness reviews are in place.", "MLOPS02-BP06"),
        ("MLCOST04", "We no longer shut down idle notebooks.", "MLCOST04-BP08"),
        ("MLCOST04", "Notebooks are no longer stopped at night since the scheduler broke.", "MLCOST04-BP08"),
        ("MLPERF06", "Drift monitoring is no longer running.", "MLPERF06-BP03"),
        ("MLSEC03", "We no longer track lineage.", "MLSEC03-BP04"),
        ("MLPERF06", "Human review of predictions was a thing last year.", "MLPERF06-BP01"),
        ("MLCOST04", "Budgets existed at some point.", "MLCOST04-BP12"),
        ("MLREL04", "Instead of canary deployments we just swap the model.", "MLREL04-BP02"),
        ("MLSEC03", "Instead of per-project roles, everyone uses the data science role.", "MLSEC03-BP01"),
        ("MLREL04", "Canary deployments, is that really necessary for us?", "MLREL04-BP02"),
        ("MLREL05", "We can't roll back a model; each deploy replaces the old artifact.", "MLREL05-BP02"),
        ("MLSEC03", "Least privilege is a goal rather than a reality.", "MLSEC03-BP01"),
        ("MLCOST04", "Budgets are set, but way too high to ever trigger.", "MLCOST04-BP12"),
        ("MLSEC03", "All nine analysts use the same admin credentials for the warehouse.", "MLSEC03-BP01"),
        (
            "MLPERF06",
            "Drift is watched by Model Monitor. We don't have anyone looking at predictions by hand.",
            "MLPERF06-BP01",
        ),
    ],
)
def test_new_wording_classes_are_never_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLREL05", "We can't roll back a model; each deploy replaces the old artifact.", "MLREL05-BP02"),
        ("MLSEC03", "We're unable to trace a model back to its training data.", "MLSEC03-BP04"),
    ],
)
def test_an_inability_is_not_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLREL04", "Nothing goes to production untested.", "MLREL04-BP01"),
        ("MLSEC03", "No dataset is left unencrypted.", "MLSEC03-BP02"),
        ("MLOPS03", "No dataset goes into training unprofiled.", "MLOPS03-BP01"),
    ],
)
def test_a_negation_and_a_negative_participle_cancel(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.NOT_IMPLEMENTED


def test_affirming_what_a_gap_denies_is_not_a_confident_not_implemented(mapping: AnswerMapping) -> None:
    # The closest reference is the gap "… we lose everything, because nothing was checkpointed": the clause affirms
    # what it denies and names the capacity it runs on.
    assert mapping.predict("MLCOST04", "Training jobs run on Spot with checkpointing.")["MLCOST04-BP10"] is (
        BPStatus.IMPLEMENTED
    )


def test_resembling_a_gap_alone_is_proposed_with_low_confidence(mapping: AnswerMapping) -> None:
    # Closest to the gap "Lineage is noted by hand in a wiki, when people remember", without any of its bad state.
    question = mapping.lens.question("MLSEC03")
    assert question is not None
    result = mapping.mapper.map_answer(question, mapping.interview.content(question), "Lineage is recorded for all.")
    answer = result.practices["MLSEC03-BP04"]
    assert answer.status is not BPStatus.IMPLEMENTED
    assert answer.confidence < 0.5


def test_an_exception_with_a_topic_of_its_own_makes_the_practice_partial(mapping: AnswerMapping) -> None:
    text = (
        "Every container builds from our approved base image with pinned packages from the mirror, except in the "
        "sandbox account, where people install packages from PyPI."
    )
    assert mapping.predict("MLOPS04", text)["MLOPS04-BP02"] is BPStatus.PARTIALLY_IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # what the closest gap leaves open, the clause restricts ("Any role in the account can invoke …")
        ("MLSEC06", "Only the checkout service's IAM role can invoke the endpoint.", "MLSEC06-BP01"),
        ("MLCOST04", "Idle notebooks are turned off every evening by a scheduled Lambda.", "MLCOST04-BP08"),
        ("MLCOST04", "We no longer leave GPU instances running over the weekend.", "MLCOST04-BP08"),
    ],
)
def test_good_states_said_against_a_gap_are_not_not_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.NOT_IMPLEMENTED


def test_a_rider_after_a_clause_speaking_against_the_practice_says_nothing_it_is_done(mapping: AnswerMapping) -> None:
    text = "Endpoint settings can only be changed by clicking through the console, and that's what we do every release."
    assert mapping.predict("MLREL04", text)["MLREL04-BP01"] is not BPStatus.IMPLEMENTED
    text = (
        "We are unable to change the endpoint config any way except the console, and that's what we do every release."
    )
    assert mapping.predict("MLREL04", text)["MLREL04-BP01"] is BPStatus.NOT_IMPLEMENTED
