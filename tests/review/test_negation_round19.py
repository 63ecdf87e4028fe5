"""Session 19's forms of a practice spoken against (docs/review-mapping.md, "Session 19 (neg19)"): a plan on a list
with a period still to come, anyone able to put files somewhere, a person in place of the tooling, a question
answered with a shrug, and libraries that are whatever a tool fetches that day. Sentences written for this test, not
taken from eval/review or the unseen sets."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, polarity, states_bad_practice
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    "clause",
    [
        "Measuring what the model earns back is on our to-do list",
        "Degradation alerts are on our list for 2027",
        "Lineage is on the list for H2",
    ],
)
def test_a_plan_on_a_list_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Every package we install must be on the approved list in CodeArtifact",
        "Each model on the list for the audit has a signed model card",
    ],
)
def test_other_lists_are_no_plan(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Everyone who has the share path can put files in the training folder",
        "Anybody on the VPN can drop a CSV into the labelled set",
        "anyone with write access to the repo can push a new model to the bucket",
    ],
)
def test_anyone_putting_files_somewhere_is_a_bad_state(clause: str) -> None:
    assert states_bad_practice(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "Our data pipeline is basically one analyst copying CSVs around every Friday",
        "Releasing a model is still one developer uploading the tarball on Fridays",
        "Leadership asks what the return is and the team just shrugs",
        "Ask them what the endpoint costs per prediction and they shrug",
    ],
)
def test_a_person_in_place_of_tooling_or_a_shrug_is_a_bad_state(clause: str) -> None:
    assert states_bad_practice(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "Only the ingestion role can put objects into the training prefix",
        "The on-call person is a senior engineer who knows the pipeline",
        "Human review is a person checking a sample of the flagged predictions each day",
        "Nobody shrugs off a drift alert",
    ],
)
def test_other_people_and_roles_are_no_bad_state(clause: str) -> None:
    assert not states_bad_practice(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "The containers get whatever npm resolves on the morning of the build",
        "Libraries are whatever conda installs at the time",
        "Packages come straight off the public internet",
        "the requirements file is unpinned",
    ],
)
def test_unpinned_libraries_are_a_bad_state(clause: str) -> None:
    assert states_bad_practice(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "We pin whatever pip resolves in a lock file",
        "Packages come from our CodeArtifact mirror with pinned versions",
        "Nothing in the image is unpinned",
    ],
)
def test_pinned_libraries_are_no_bad_state(clause: str) -> None:
    assert not states_bad_practice(clause)


@pytest.mark.parametrize(
    ("question", "practice", "text"),
    [
        ("MLCOST06", "MLCOST06-BP02", "Tags feed the cost board. When the CFO asks if the model pays off, we shrug."),
        ("MLREL02", "MLREL02-BP02", "Every table is in Glue. The pipeline is one intern running notebooks by turns."),
        ("MLSEC04", "MLSEC04-BP03", "Anybody on the VPN can drop a CSV into the labelled set before the nightly run."),
        ("MLOPS02", "MLOPS02-BP04", "Lineage tracking is on our list for Q2."),
        (
            "MLOPS04",
            "MLOPS04-BP02",
            "We only call a hosted model, no training here. Libraries are whatever pip pulls that day.",
        ),
    ],
)
def test_the_forms_are_never_proposed_implemented(
    mapping: AnswerMapping, question: str, practice: str, text: str
) -> None:
    assert mapping.predict(question, text)[practice] is not BPStatus.IMPLEMENTED
