"""Classes of wording the no-LLM mapper misread (issue 11, fifth round): "neither … nor", "no longer", a past state, a
negation and a negative participle that cancel ("no model ships unreviewed"), an inability ("unable to"), a deploy that
replaces the old artefact, an alternative not taken ("instead of X we Y"), a question put back, and a positive clause
closest to a description of not doing the practice. PURE (cues and combining), plus the mapper with the hash embedder.

The sentences are written for these tests, not taken from eval/review.
"""

from __future__ import annotations

import pytest

from app.review.cues import (
    Polarity,
    alternatives,
    core_text,
    denied_heads,
    polarity,
    shares_terms,
    split_clauses,
)
from app.review.mapping import ClauseEvidence, combine
from app.review.models import BPStatus
from app.review.turn import LOW_CONFIDENCE


@pytest.mark.parametrize(
    "clause",
    [
        # neither … nor: both items are denied
        "We have neither lineage tracking nor per-project roles",
        "Neither canaries nor shadow tests are used",
        "neither is who can read the buckets",
        "We use neither Spot nor checkpoints",
        # no longer / any more: a practice that stopped
        "We no longer shut down idle notebooks",
        "Drift monitoring is no longer running",
        "Notebooks are no longer stopped at night since the scheduler broke",
        "The budget alerts don't go anywhere any more",
        "Nobody reviews the samples anymore",
        # a state of the past
        "Human review of predictions was a thing last year",
        "Budgets existed at some point",
        "We had drift alerts, they were removed in the migration",
        "Back in the day we profiled every dataset",
        # an ability that is missing
        "We are unable to roll back to an earlier model",
        "We're unable to trace a model back to its data",
        # the old artefact is replaced, nothing kept
        "each deploy replaces the old artifact",
        "the new model replaces the previous version",
        # all traffic at once
        "We just swap the model in one go",
        # reactive, unowned, planned or approximate
        "Lineage? It's in Dave's head",
        "Access reviews happen when an auditor shows up",
        "Data quality checks are a TODO",
        # an aim, not a fact; a check set so that it never acts
        "Least privilege is a goal rather than a reality",
        "We aspire to least privilege",
        "Auto-shutdown would be great",
        "Spot is something we keep meaning to try",
        "way too high to ever trigger",
        # switched off; makeshift tooling in place of the practice
        "Autoscaling was disabled after it scaled to 40 instances once",
        "PII masking was descoped from the MVP",
        "CI/CD is a bash script on a shared VM",
        "Our MLOps is a wiki page with the commands to run",
        "Libraries come from wherever pip finds them",
        # open without limit, written twice, up all the time, a signal nobody feeds, a fixed scaling range
        "Anyone with the API URL can send as many crafted inputs as they like",
        "The serving side computes the features with its own Java code",
        "the two were written by different teams",
        "The EMR cluster stays up 24/7",
        "the model metrics page has been empty since March",
        "We set min = max = 4",
        # negative adverbs and quantifiers; not done yet; gone with each deploy
        "We rarely look at drift",
        "Hardly anyone reviews the predictions",
        "Barely any resources are tagged",
        "Drift checks seldom happen",
        "Few of our datasets have lineage",
        "Little of the data is encrypted",
        "Access control is anything but least privilege",
        "Encryption is the exception rather than the rule",
        "We failed to set up a pipeline",
        "The pipeline has yet to be built",
        "Canaries remain to be set up",
        "Drift monitoring is still pending",
        "Drift monitoring is blocked on budget",
        "Drift monitoring is waiting for the platform team",
        "Drift monitoring is in the backlog",
        "We keep one version and pray",
        "Old versions are gone after each deploy",
        # shared credentials said with the quantifier first; unmanaged places; data straight into training
        "All nine analysts use the same admin credentials for the warehouse",
        "Releases are pushed from Tomasz's laptop",
        "Scraped pages go straight into the training set",
        "Anyone can edit the source wiki we scrape",
        "Staging runs an older container than prod",
        "The endpoints sit idle all day",
        "The other feeds are still on whatever we picked at launch",
        "The metric is whatever the data scientist felt like that week",
        "Our data lake is really just a bucket of random files",
        "The CI pipeline skips the model tests",
        "Model tests exist but are commented out",
        # idioms of doing without
        "Testing strategy wise, we just yolo it to prod",
        "Budgets are a foreign concept here",
        "Tagging is a free-for-all",
        "Data changes are a wild west",
        "Lineage is a black box",
        "Data provenance is a mystery",
        "Model observability is zero",
        "The whole company can read the training bucket",
        "Cost per activity is in Cost Explorer, if anyone looked",
        "The endpoint only ever has the latest artifact",
        # noticing a lack is not denying it
        "Nobody noticed the bucket was unencrypted",
        "No one checked whether the images were unscanned",
    ],
)
def test_speaks_against_the_practice(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        # a negation and a participle of a missing check cancel
        "Not a single dataset leaves the bucket unencrypted",
        "No model ships unreviewed",
        "Nothing goes to production untested",
        "No dataset goes into training unprofiled",
        "We never leave an endpoint unmonitored",
        "Not one model is deployed unapproved",
        "Nothing is left untagged",
        # what ended was a bad state
        "No more CSV exports by email",
        "Passwords are no longer kept in plain text",
        "We no longer keep only the latest version",
        # a replacement that keeps the old one
        "The new version replaces the old one, which stays in the registry",
        # stopping things on a routine is the practice; a condition of no activity is not a negation
        "Idle resources are turned off every evening by a scheduled Lambda",
        "Idle endpoints are deleted automatically after a week without traffic",
        # a limit nothing exceeds; a harm made impossible; a bad state that ended
        "Nothing is kept longer than its retention period",
        "Staging and production come from the same stacks, so they can't drift",
        "We no longer leave GPU instances running over the weekend",
        "No one uses shared credentials any more",
        # what is switched off is a risk; a stop on a routine
        "Public access is disabled on every bucket",
        "Root login is turned off",
        "Idle notebooks are switched off every night",
        "A profiling job stops the run if something is off",
        "The endpoint scales between 2 and 10 instances",
        "Model Monitor runs 24/7 on the endpoint",
        "Each team has its own account with guardrails",
        "A few models are retrained weekly",
        "We check drift every few hours",
        "Few people can access the bucket",
        "If the job fails to finish, the on-call is paged",
        "The job pages the on-call when a step fails to finish",
        "The model is pending approval until sign-off",
        "The release is blocked until the checks pass",
        # double negatives: a denial inside a relative clause, before a check, older than a limit; harms avoided
        "There's not one feature served that isn't read from the shared feature definitions",
        "There is no table we use that is not registered in the catalog",
        "No dataset is used before legal has reviewed the licence",
        "Nothing older than 90 days stays in the hot tier",
        "Not one notebook or dev endpoint is left running overnight",
        "Not a single model version is ever deleted from the registry",
        "We can update the model without touching the rest of the app",
        "We have swapped the model four times and no client had to change",
        "Updates go through the pipeline, no hand edits",
        "Nobody gets the whole lake",
        "The job skips the retrain when nothing changed",
        "Errors in the last quarter are zero",
        "We trained the whole team on SageMaker",
        "PII is dropped before training",
        "Names and emails are dropped at ingestion",
        "We alert if anyone looks at the raw table",
        "The registry serves the latest approved version",
        # a change of quantity or a limit is not an end
        "No more than three trials run at a time",
    ],
)
def test_does_not_speak_against_the_practice(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    ["PII is masked for the main churn dataset only", "So far only the preprocessing step runs there"],
)
def test_a_scope_said_after_it_is_partial(clause: str) -> None:
    assert polarity(clause) is Polarity.PARTIAL


def test_a_reason_said_with_only_is_not_a_scope() -> None:
    assert polarity("The Region was picked for latency only") is not Polarity.PARTIAL


def test_a_negation_far_before_a_manner_denies_the_work_not_the_manner() -> None:
    # "by hand" is a manner: six words after the negation, the negation is about the people looking, not the manner
    assert polarity("We don't have anyone looking at individual predictions by hand") is Polarity.NEGATIVE


def test_a_neither_nor_list_is_one_clause_per_item() -> None:
    clauses = split_clauses("Neither canaries nor shadow tests are used.")
    assert [c.focus for c in clauses] == ["canaries", "shadow tests are used"]
    assert all(polarity(c.text) is Polarity.NEGATIVE for c in clauses)


@pytest.mark.parametrize(
    ("text", "topic", "alternative"),
    [
        ("Instead of canary deployments we just swap the model", "we just swap the model", "canary deployments"),
        ("Rather than Spot we use on-demand for everything", "we use on-demand for everything", "Spot"),
        (
            "Instead of per-project roles, everyone uses the data science role",
            "everyone uses the data science role",
            "per-project roles",
        ),
        ("We run our own cluster rather than a managed service", "We run our own cluster", "a managed service"),
    ],
)
def test_the_alternative_not_taken_ends_at_the_subject_of_what_was_done(
    text: str, topic: str, alternative: str
) -> None:
    assert core_text(text) == topic
    assert alternatives(text) == [alternative]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Canary deployments, is that really necessary for us?", [True]),
        ("Drift detection. Do we need that?", [False, True]),
        ("We track lineage.", [False]),
        ("Do we check for tampering? Yes, with hashes.", [False, False]),
    ],
)
def test_a_clause_ending_in_a_question_mark_is_marked_as_a_question(text: str, question: list[bool]) -> None:
    assert [c.question for c in split_clauses(text)] == question


def test_denied_heads_are_the_first_words_a_negation_denies() -> None:
    heads = denied_heads(
        "When a long training job is interrupted we lose everything, because nothing was checkpointed."
    )
    assert "checkpoint" in heads
    assert "lose" not in heads
    assert denied_heads("We have no automatic shutdown of any kind.") == {"automatic", "shutdown"}
    assert denied_heads("Models are served as trained, without compilation or quantisation.") == {
        "compilation",
        "quantisation",
    }


def test_crude_stems_meet_when_one_begins_the_other() -> None:
    assert shares_terms(frozenset({"checkpointing"}), frozenset({"checkpoint"}))
    assert shares_terms(frozenset({"compil"}), frozenset({"compilation"}))
    assert not shares_terms(frozenset({"run"}), frozenset({"running"}))  # too short to be sure
    assert not shares_terms(frozenset({"lineage"}), frozenset({"checkpoint"}))


def _clause(text: str, position: int = 0) -> ClauseEvidence:
    (clause,) = split_clauses(text)
    return ClauseEvidence(clause, BPStatus.NOT_IMPLEMENTED, 0.9, tentative=True)


def test_not_implemented_by_resemblance_alone_is_asked_about() -> None:
    answer = combine([_clause("Lineage is recorded for all of them")])
    assert answer.status is BPStatus.NOT_IMPLEMENTED
    assert answer.confidence < LOW_CONFIDENCE  # the review asks a follow-up


def test_a_clause_in_the_users_own_words_keeps_its_confidence() -> None:
    (clause,) = split_clauses("Lineage is not tracked")
    answer = combine(
        [_clause("Lineage is recorded for all of them"), ClauseEvidence(clause, BPStatus.NOT_IMPLEMENTED, 0.9)]
    )
    assert answer.status is BPStatus.NOT_IMPLEMENTED
    assert answer.confidence >= LOW_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "exception"),
    [
        ("All images build from our base, except in the research account, where people install anything.", True),
        ("Everything is encrypted apart from the logs.", True),
        ("Everything is encrypted, but the logs are not.", False),
    ],
)
def test_an_exception_clause_is_marked(text: str, exception: bool) -> None:
    assert split_clauses(text)[-1].exception is exception


def test_approximate_wording_is_not_firm_evidence() -> None:
    from app.review.cues import reports_fact

    assert not reports_fact("Business KPIs are tracked in a slide deck updated quarterly-ish")
    assert not reports_fact("We test in production, basically")
    assert reports_fact("Business KPIs are tracked in a dashboard updated weekly")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Nobody reviews the predictions, checks for drift or retrains the model.",
            ["reviews the predictions", "checks for drift", "retrains the model"],
        ),
        (
            "We don't review predictions, monitor drift, or retrain automatically.",
            ["review predictions", "monitor drift", "retrain automatically"],
        ),
        (
            "We lack clear owners, a lineage tracker and any fairness review.",
            ["clear owners", "a lineage tracker", "any fairness review"],
        ),
        ("We don't track lineage.", [""]),
        ("We track lineage, drift and costs.", [""]),
    ],
)
def test_a_negation_before_a_list_of_items_covers_each_item(text: str, items: list[str]) -> None:
    clauses = split_clauses(text)
    assert [c.focus for c in clauses] == items
    if items != [""] or "don't" in text:
        assert all(polarity(c.text) is Polarity.NEGATIVE for c in clauses)


def test_nor_starts_a_negative_clause_of_its_own() -> None:
    clauses = split_clauses("Roles aren't defined, nor is lineage tracked.")
    assert [c.text for c in clauses] == ["Roles aren't defined", "nor is lineage tracked"]
    assert all(polarity(c.text) is Polarity.NEGATIVE for c in clauses)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("We only call a managed translation API.", "managed_model"),
        ("The model is a managed OCR service.", "managed_model"),
        ("There is no model development on our side.", "no_training"),
        ("Training is a single small instance.", "single_node"),
    ],
)
def test_workload_facts_in_more_words(text: str, fact: str) -> None:
    from app.review.facts import stated_facts

    assert fact in {f.value for f in stated_facts(text)}


@pytest.mark.parametrize(
    "text", ["We use the managed training service with Spot.", "We don't do model training on Spot."]
)
def test_a_way_of_training_is_not_a_workload_fact(text: str) -> None:
    from app.review.facts import stated_facts

    assert not stated_facts(text)


def test_long_repetitive_answers_are_read_in_bounded_time() -> None:
    # The cancelling patterns are searched from the participle backwards over a bounded span, not from every negation
    # forwards: a 4,000-character answer of negations stays linear. (A timing is not asserted; the span is.)
    from app.review.cues import LACK_SPAN, _cancel_negated_lack

    text = "no " * 1300 + "model ships unreviewed"
    assert "unreviewed" not in _cancel_negated_lack(text)
    assert len(text) - len(_cancel_negated_lack(text)) <= LACK_SPAN + len("unreviewed")


@pytest.mark.parametrize(
    "text",
    ["We don't, however, track lineage.", "Tracking lineage, though, is not something we do."],
)
def test_a_contrast_word_set_off_by_commas_does_not_cut_a_negation_from_its_verb(text: str) -> None:
    (clause,) = split_clauses(text)
    assert polarity(clause.text) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause", ["Canary deployments, sure, when pigs fly", "Lineage: we wish", "We track lineage, in our dreams"]
)
def test_irony_that_denies_is_negative(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE
