"""Session 32: negations that describe what the work spares or removes (app.review.cues._SPARED_NEGATION), "manual" as
the work a practice replaced (_MANUAL_REPLACED) and idle time said with "nobody" (_NEGATIVE_CONDITION). The clause
says something done; its negation is no denial of a practice. Near misses keep their negation: a review or approval
left out, a chore described as current work, a bad state kept while nobody uses it. Every sentence here was written
for these tests, not taken from an eval set."""

from __future__ import annotations

import pytest

from app.review.concepts import in_lens_words
from app.review.cues import Polarity, polarity, states_bad_practice
from app.review.ended_later import ENDING, RESTORED

DONE = [
    # hands kept off the items
    "Our main KPI is the share of claims paid without a human touching them",
    "Orders flow from the shop into the warehouse system with no human touch at all",
    "The nightly job pulls the files, checks the schema and loads them without anyone touching them",
    "We count the tickets resolved without escalation every week",
    "Refunds under 50 euros are settled without a human, and we report the rate to the COO",
    # what is removed is what nobody needs
    "We pruned the features the model didn't use before the second release",
    "Ingestion drops the columns we don't need, so the bucket only holds what training reads",
    "Once a quarter we delete the datasets nobody has touched in a year",
    # a chore the choice spares
    "Training runs on managed spot jobs so we don't babysit any instances",
    "The endpoints are serverless, so that nobody has to patch anything",
    # manual work as what was replaced
    "Each month we report the hours of manual review the classifier saved",
    "The business case compared the model's running cost with the old manual process",
    "The pipeline replaced the manual hand-off between data and ops teams",
    # idle time said with nobody
    "Studio apps shut down after 45 minutes of nobody typing",
    "The dev cluster scales to zero after an hour of no one using it",
    # crashes counted, a rate measured, a comparison, a search the practice makes
    "New builds go to one region first and we read the crash reports for a week before the rest",
    "The auto-approval rate is compared with the target each month",
    "We timed the agents with and without the suggestions for two weeks",
    "Each week someone reads the invocation logs looking for unusual callers",
    # access closed to the rest, isolation, a decision about what is not needed, a condition of use
    "The export bucket is readable by the reporting role and nothing wider",
    "Only the pipeline role can read the raw data; none of us engineers can open it",
    "The scoring job has its own role and no person or other service can trigger it",
    "Compliance agreed that a ranking with no explanation is acceptable for this use",
    "Analysts open the feature tables in Data Wrangler whenever they need to check a column",
]

NOT_DONE = [
    # review or approval left out keeps its negation
    "Models go to production without anyone reviewing them",
    "New versions are promoted without a human signing off",
    "No human is involved between training and deployment",
    # a chore that is the current work
    "We spend hours of manual tagging every week",
    "Features are still copied by hand into the manual template",
    # a bad state kept while nobody uses it
    "The GPU notebooks stay up even when nobody uses them",
    "Nobody reads the drift report",
    # an unneeded thing kept, not removed
    "We never drop a column we don't need",
    "We have never deleted a dataset we don't use",
    # a worry spared may be the practice
    "The model is hosted for us, so we don't worry about drift",
    "Licence terms of the archive and the libraries: nobody has read them",
    # a crash that is a state, a search for a tool, nobody able to do what the practice needs
    "The feature jobs crash every other night",
    "We are looking for a drift tool",
    "None of us can tell which data a model was trained on",
]

# Bad states and not-yet forms added in the same session (app.review.cues and app.review.ended_later), each missed in
# the unseen sets before: written for these tests.
BAD_OR_NOT_YET = [
    "If a release goes wrong there's no way back: the previous model file gets overwritten",
    "The GPU workstation is shared by all twelve of us under one admin login",
    "Each pipeline has a role, and every role is basically sagemaker:* on the account",
    "Whether the labels are right is decided by whoever happens to open the file",
    "Canary releases: backlog, maybe next year",
    "Success metrics will be defined once the pilot is over",
    "The inference spend sits on the shared platform invoice, so it's one big number",
    "it's one lump sum on the bill",
    "now we cant really tell which dataset a model came from",
    "Every data scientist has admin on the production account",
    "The feature tables sit in a bucket the whole analytics org can read and write",
    "The labelled images are open to every contractor we have ever hired",
    "Whatever users type goes straight to the model",
    "Nobody can tell which product the spend is for, it's one big bill",
]
ENDED = [
    "the tracking server broke during the upgrade and nobody restored it",
    "Priya checked a sample of the labels each week, until she went on leave",
]
RESTORED_NOT = [
    ("the feature job broke after the schema change and nobody fixed it", False),
    ("the feature job broke after the schema change, fixed it the same day", True),
]
STANDING = [
    "Models stay in staging until the reviewer moves them",
    "The export bucket is open to the partner's account only",
    "Alerts will be sent when drift passes the threshold",
    "The cost of each model is one number on the dashboard",
    "Billing is broken down by team each month",
    "No model version is ever deleted from the registry",
]


@pytest.mark.parametrize("text", DONE)
def test_a_spared_chore_or_a_removed_unneeded_thing_reads_as_done(text: str) -> None:
    assert polarity(text) is Polarity.POSITIVE
    assert not states_bad_practice(text)


@pytest.mark.parametrize("text", NOT_DONE)
def test_a_left_out_review_or_a_kept_bad_state_still_speaks_against(text: str) -> None:
    assert polarity(text) is Polarity.NEGATIVE


@pytest.mark.parametrize("text", BAD_OR_NOT_YET)
def test_a_bad_state_or_a_later_stage_speaks_against(text: str) -> None:
    assert polarity(text) is Polarity.NEGATIVE


@pytest.mark.parametrize("text", ENDED)
def test_broken_at_a_moment_or_kept_as_it_was_ends_the_claim_before(text: str) -> None:
    assert ENDING.search(text)


@pytest.mark.parametrize("text", STANDING)
def test_a_plan_of_the_system_a_measure_or_a_kept_version_stays_positive(text: str) -> None:
    assert polarity(text) is Polarity.POSITIVE
    assert not ENDING.search(text)


@pytest.mark.parametrize(("text", "restored"), RESTORED_NOT)
def test_a_fix_nobody_made_is_no_restoration(text: str, restored: bool) -> None:
    assert ENDING.search(text)
    assert bool(RESTORED.search(text)) is restored


@pytest.mark.parametrize(
    "text",
    [
        "Nobody on the team reads its answers",
        "Two agents look at what the bot writes every Monday",
        "the linguists review the model's translations before they go out",
    ],
)
def test_people_reading_what_the_model_produces_is_said_in_the_lens_words(text: str) -> None:
    assert "human review of the model's predictions" in in_lens_words(text)


@pytest.mark.parametrize(
    "text", ["We read the logs every morning", "Somebody looks at the dashboard", "We review its code"]
)
def test_reading_something_else_keeps_its_words(text: str) -> None:
    assert in_lens_words(text) == text
