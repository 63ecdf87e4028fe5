"""Session 20's forms (docs/review-mapping.md, "Session 20 (neg20b)"): a job left to "someone should", and done
controls whose negation word means yes: a contracted negation cancelled by "without", a time or event nothing
outlives, a check nothing goes unnoticed by, reach closed off from outside, old versions never deleted, and a bad
state denied (hoarding, the public internet). Sentences written for this test, not taken from eval/review or the
unseen sets."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, polarity, split_clauses, states_bad_practice
from app.review.facts import stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    "clause",
    [
        "Somebody really should write down who owns the model",
        "Someone ought to look at the bias numbers",
        "Rotating those keys is a thing one of us should do",
    ],
)
def test_a_job_for_someone_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "There aren't any endpoints in the account without an autoscaling policy",
        "We didn't ship a single release without a load test",
        "The team wouldn't touch a production table without a reviewed change request",
        "A model isn't registered unless its evaluation report is attached",
    ],
)
def test_a_contracted_negation_and_without_cancel(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    [
        "No GPU cluster outlives the weekend",
        "Scratch notebooks never survive the evening",
        "Not a single feature mismatch outlasts a deploy",
    ],
)
def test_a_time_nothing_outlives_is_done(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Our backups don't survive a region outage",
        "The feature store doesn't survive a schema change",
    ],
)
def test_what_fails_to_survive_a_failure_stays_negative(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "A skewed feature never goes unnoticed",
        "The scoring service isn't exposed to the internet",
        "The labelling bucket is not reachable from outside the account",
        "Previous model versions are never deleted",
        "We don't hoard raw exports",
        "Our images don't install wheels from the public internet",
    ],
)
def test_a_negation_that_means_the_practice_is_done(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Latency regressions go unnoticed for weeks",
        "The team hoards every intermediate dataset",
        "The build image installs wheels from the public internet",
    ],
)
def test_the_bad_state_said_alone_is_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "The build pulls from the public internet through our Artifactory proxy",
        "Pip installs from the public internet, pinned by a lock file",
    ],
)
def test_the_public_internet_through_a_mirror_is_no_bad_state(clause: str) -> None:
    assert not states_bad_practice(clause)


@pytest.mark.parametrize(
    ("question", "practice", "text"),
    [
        ("MLOPS02", "MLOPS02-BP01", "Somebody should write down the roles and who owns what on the ML side."),
        ("MLCOST04", "MLCOST04-BP12", "Someone really ought to set up budgets and cost tags for the ML accounts."),
        ("MLREL02", "MLREL02-BP01", "Someone should put our datasets in a catalog with owners and schemas."),
    ],
)
def test_someone_should_is_not_implemented(mapping: AnswerMapping, question: str, practice: str, text: str) -> None:
    assert mapping.predict(question, text)[practice] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    ("question", "practice", "text"),
    [
        ("MLREL05", "MLREL05-BP02", "Earlier versions never get removed from the model registry, so we can go back."),
        ("MLREL03", "MLREL03-BP03", "We wouldn't ship a model without scoring it on a fresh validation set."),
    ],
)
def test_done_controls_whose_negation_means_yes(
    mapping: AnswerMapping, question: str, practice: str, text: str
) -> None:
    assert mapping.predict(question, text)[practice] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Model cards —\nnone written so far.", "Model cards —\nnone written so far"),
        ("Canary releases ->\nnever tried them.", "Canary releases ->\nnever tried them"),
        ("Shadow testing =>\nno.", "Shadow testing =>\nno"),
    ],
)
def test_a_heading_closing_its_line_joins_its_reply(text: str, joined: str) -> None:
    assert [c.text for c in split_clauses(text)] == [joined]


@pytest.mark.parametrize(
    "text",
    [
        "- tagging ->\n- budgets: yes",  # a list's next item is no reply
        "We roll back by hand —\nit takes an hour.",  # a clause with its own subject is no heading
    ],
)
def test_a_list_item_or_a_clause_is_no_line_heading(text: str) -> None:
    assert len(split_clauses(text)) == 2


def test_a_reply_after_also_replies_to_its_topic() -> None:
    clauses = split_clauses(
        "- audit trails on the feature store: none\n- anything watching who reads the PII: also none"
    )
    assert [polarity(c.text) for c in clauses] == [Polarity.NEGATIVE, Polarity.NEGATIVE]
    assert clauses[-1].text.startswith("- anything watching")


@pytest.mark.parametrize(
    "clause",
    [
        "It's gone since the re-platforming",
        "That was long gone by the time I joined",
        "A shadow deployment existed once",
        "The spreadsheet from the kickoff is the last time anyone checked those numbers",
        "The model goes to prod from his laptop",
    ],
)
def test_gone_stale_and_a_laptop_are_not_done(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "The legacy warehouse is gone and every table is in the lakehouse",
        "Every change has gone through review",
        "We can't deploy a model that hasn't passed the bias report",
    ],
)
def test_a_thing_replaced_or_a_refusing_rule_is_done(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Drift checks on the training data? No",
        "We can't retrain on rows that aren't labelled by two annotators",
    ],
)
def test_a_check_on_the_training_data_or_a_condition_on_training_is_no_fact(clause: str) -> None:
    assert not stated_facts(clause)


@pytest.mark.parametrize("clause", ["Training data? None", "We can't retrain it, the vendor owns the weights"])
def test_the_no_training_facts_still_hold(clause: str) -> None:
    assert stated_facts(clause)
