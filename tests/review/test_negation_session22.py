"""Session 22's readings of a practice spoken against (docs/review-mapping.md, "Session 22 (coordinator)"): a negation
whose own verb comes before a bad state in the next predicate does not deny the bad state; to break a figure out is to
itemise it, not a breakage; a release pushed to every user at the same moment is a bad state. Sentences written for
this test, not taken from eval/review or the unseen sets."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, polarity
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    "clause",
    [
        "The two feature pipelines are not reconciled and drifted apart last year",
        "Prod and staging were never rebuilt and have drifted apart since",
        "The notebooks aren't versioned but copy-pasted between accounts",
    ],
)
def test_a_negation_with_its_own_verb_leaves_the_next_bad_state_standing(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Models are never copy-pasted between accounts",
        "There are no shared passwords in the notebooks",
        "Nothing sits idle over the weekend",
    ],
)
def test_a_negation_right_before_a_bad_state_still_denies_it(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Spend per model isn't broken out anywhere", Polarity.NEGATIVE),
        ("GPU hours are broken out by project on the cost board", Polarity.POSITIVE),
        ("We break out inference cost per endpoint every month", Polarity.POSITIVE),
        ("The retraining job broke again last night", Polarity.NEGATIVE),
    ],
)
def test_breaking_a_figure_out_is_itemising_it(clause: str, expected: Polarity) -> None:
    assert polarity(clause) is expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("New models are pushed to every store at the same time", Polarity.NEGATIVE),
        ("a new version goes out to all our stores on the same day", Polarity.NEGATIVE),
    ],
)
def test_a_release_reaching_everyone_together_is_a_bad_state(clause: str, expected: Polarity) -> None:
    assert polarity(clause) is expected


@pytest.mark.parametrize(
    "clause",
    ["We score all customers at once in the nightly batch", "New versions go to five percent of the fleet first"],
)
def test_everyone_at_once_without_a_release_or_a_share_first_is_no_bad_state(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


def test_a_release_to_the_whole_fleet_at_once_is_never_proposed_implemented(mapping: AnswerMapping) -> None:
    text = "Releases are signed in our pipeline, but every release goes out to the entire fleet at once."
    assert mapping.predict("MLREL04", text)["MLREL04-BP02"] is not BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    "clause",
    [
        "Each release records its data version in the changelog, if the engineer on duty thinks of it",
        "Feature sets get a version tag whenever whoever builds them thinks to add one",
        "Budgets are set on the accounts somebody remembered to tag",
    ],
)
def test_work_done_only_when_someone_thinks_of_it_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Tags are added automatically so nobody has to remember to do it",
        "If someone thinks the data drifted, the monitor shows it within an hour",
    ],
)
def test_remembering_made_unnecessary_or_a_condition_is_no_bad_state(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Every model version links to a training run that was deleted in the cleanup",
        "The registry entry refers to a dataset that no longer exists",
        "Each model has an owner, a squad that was disbanded in spring",
        "The model owner left the company last year",
    ],
)
def test_a_record_pointing_at_what_is_gone_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "The alias points to the new version and the old endpoint was deleted",
        "Old versions older than a year are deleted automatically",
        "Each model names an owner who reviews it monthly",
    ],
)
def test_a_live_pointer_a_cleanup_or_a_present_owner_is_no_bad_state(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE
