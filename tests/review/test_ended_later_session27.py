"""A claim undone by a later change of state (session 27, app/review/ended_later.py). Sentences written for the test."""

from __future__ import annotations

import pytest

from app.review.cues import split_clauses
from app.review.ended_later import ends_later, ends_within, undo_ended_claims
from app.review.mapping import ClauseEvidence, combine
from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import mapping_config


@pytest.mark.parametrize(
    "clause",
    [
        "The scheduler was switched off after the budget freeze",
        "Deactivated during the platform move",
        "the nightly check got uninstalled with the upgrade",
        "the compliance team later turned it off",
        "somebody muted them before the holidays",
        "the vendor licence expired in October",
        "That integration was rolled back to the shell scripts in Q2",
        "the export job has been erroring since the schema change",
    ],
)
def test_an_ending_of_the_past_is_read(clause: str) -> None:
    assert ends_later(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "Public access to the bucket was disabled",  # a risk switched off
        "The old cron scripts were decommissioned in March",  # the old way, replaced
        "Personal fields are removed before training",  # removing sensitive data is a practice
        "Checkpoints older than ninety days are deleted",  # a routine
        "Stale artefacts get deleted after a year",  # a routine
        "The alarm was never disabled",  # negated
        "The release was rolled back to the previous version within minutes",  # a rollback is the practice
        "Autoscaling is configured on every endpoint",  # no ending at all
        "If someone deleted the endpoint we would redeploy it from the registry",  # a condition, not an event
    ],
)
def test_no_ending_or_an_ending_of_something_else(clause: str) -> None:
    assert not ends_later(clause)


def test_an_ending_inside_the_claims_own_clause() -> None:
    assert ends_within("Cost alerts were configured per team, deactivated during the re-org")
    assert not ends_within("Deactivated during the re-org")  # no claim before it
    assert not ends_within("After the audit, the alert rules were deleted")  # a time before it, not a claim


def _evidence(text: str) -> tuple[list, dict[str, list[ClauseEvidence]]]:
    clauses = split_clauses(text)
    return clauses, {"BP": [ClauseEvidence(clauses[0], BPStatus.IMPLEMENTED, 0.8)]}


def test_the_claim_before_an_ending_is_asked_about() -> None:
    clauses, evidence = _evidence("Spot training was set up for every job. Cancelled after the first interruption.")
    undo_ended_claims(clauses, evidence)
    assert not evidence["BP"][0].firm
    assert combine(evidence["BP"]).status is BPStatus.CANNOT_DETERMINE  # asked about, never "not implemented"


def test_a_thing_that_came_back_leaves_the_claim_firm() -> None:
    text = "Spot training was set up for every job. Paused for a week in May, resumed after the incident review."
    clauses, evidence = _evidence(text)
    undo_ended_claims(clauses, evidence)
    assert evidence["BP"][0].firm
    assert combine(evidence["BP"]).status is BPStatus.IMPLEMENTED


def test_a_doubt_already_said_leaves_the_partial_as_it_is() -> None:
    clauses, evidence = _evidence("Spot training was set up for every job. Cancelled after the first interruption.")
    evidence["BP"].append(ClauseEvidence(clauses[1], BPStatus.NOT_IMPLEMENTED, 0.0, primary=False, doubt=True))
    undo_ended_claims(clauses, evidence)
    assert combine(evidence["BP"]).status is BPStatus.PARTIALLY_IMPLEMENTED


def test_through_the_shipped_mapper(mapping: AnswerMapping) -> None:
    claim = "We set up AWS Budgets for the ML accounts with alerts to the team. "
    undone, kept = (
        claim + "The licence expired in April.",
        (claim + "Alerts were paused for a week in April and resumed after the audit."),
    )
    assert mapping.predict("MLCOST04", undone)["MLCOST04-BP12"] is BPStatus.CANNOT_DETERMINE
    assert mapping.predict("MLCOST04", kept)["MLCOST04-BP12"] is BPStatus.IMPLEMENTED
    with mapping_config(mapping, ended_later=False):
        assert mapping.predict("MLCOST04", undone)["MLCOST04-BP12"] is BPStatus.IMPLEMENTED
