"""Issue 11, sixth round: wording that says a practice is wanted, planned or talked about (not done), a sentence that
takes back the one before, users' words for a lens concept ("roll back"), and a scope that stops short ("never …
beyond"). The sentences are written for these tests, not taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.concepts import terms
from app.review.cues import Polarity, polarity, reports_fact
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    "clause",
    [
        # wanted or ideal
        "Honestly lineage is something we'd love to have",
        "We would love a proper feature store",
        "Ideally every dataset would be versioned",
        "In an ideal world each team has its own account",
        "A canary stage is on the wish list",
        "We're hoping to get Spot training going",
        "Encryption at rest is what we're aiming for",
        "We've been meaning to tag the training jobs",
        # a to-do, an open item, promises
        "TODO: version the datasets",
        "Tagging is on the list of things to do",
        "Budget alerts are still an open ticket",
        "We keep saying we'll set up budgets",
        "Nobody has gotten around to it",
        # talked about, proposed, intended
        "Drift detection is something we talked about setting up",
        "The team has been talking about canaries for a year",
        "Shadow testing was proposed in the last retro",
        "Per-project roles were requested by security",
        "Least privilege was the intention",
        "The plan is to move to Graviton",
        # waiting for time or money
        "If we had the time we would profile the data",
        "When we get budget we'll look at Inferentia",
        # a retraction of what came before
        "Kidding, we overwrite them every night",
        "Just joking",
        "Canary deployments are standard here, yeah right",
        "I wish",
        # sarcasm and "so far, no"
        "Yeah, right: nobody has opened the dashboard in months",
        "Model cards? Only in our dreams",
        "We had not thought about poisoning until now",
        "Nobody looked at bias until this review",
        # the old one is gone
        "Once the new weights land the previous version is simply gone",
        # a counterfactual
        "The registry would let us restore an old version, if we used it",
        "Budgets would warn us if we ever set them",
        # a practice judged unnecessary is not a recovery never needed
        "Canaries have never been needed",
    ],
)
def test_an_aim_or_a_retraction_speaks_against_the_practice(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        # the same words about a practice that is done
        "We discussed explainability with the business and agreed on SHAP reports",
        "Every alert is raised to the on-call channel",
        "The hyperparameters proposed by the tuning job are reviewed before training",
        "We track vCPU-hours per thousand inferences and aim to lower it each quarter",
        "The idea is simple: every model goes through the registry",
        "Not kidding, every model goes through the registry",
        "Rolling back has never been needed so far",
        "Nothing ships until the checks pass",
        "No model is promoted until the reviewer signs off",
        "Only in the prod account do we allow that role",
        "If we ever see drift, the pipeline retrains",
        "If the tests fail, the release stops",
        # a limit nothing exceeds still cancels its negation
        "No job runs past its budget",
        "No data is kept past the 30 day window",
    ],
)
def test_the_same_words_about_a_done_practice_do_not(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


def test_a_scope_that_stops_short_is_not_a_limit() -> None:
    assert polarity("We never defined success beyond the model working") is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "We'll add canaries after the migration",
        "The team is going to tag the jobs",
        "we are gonna version the data",
        # what could or would be done, and what is only written down
        "The pipeline could block a release on failed tests",
        "Human review of predictions is described in the design doc",
        "Canary stages are on the architecture slides",
        # a sarcastic yes
        "Oh sure, every model gets a bias review",
        # a value, not a practice
        "Fairness is something we care about deeply",
        "Security is our top priority",
        "Cost is very important to us",
    ],
)
def test_what_will_be_done_is_not_a_fact(clause: str) -> None:
    assert not reports_fact(clause)


@pytest.mark.parametrize(
    ("said", "lens"),
    [
        ("We can't roll back a model", "a known-good version can be restored"),
        ("rollbacks take a minute", "reverting to previous versions"),
        ("notebooks are shut down at night", "Stop resources when not in use"),
        ("annotators work in Ground Truth", "Use managed data labeling"),
        ("we re-train weekly", "an automated retraining framework"),
        ("auto-scaling on invocations", "Allow automatic scaling"),
    ],
)
def test_users_words_for_a_lens_concept_meet_the_lens_words(said: str, lens: str) -> None:
    assert terms(said) & terms(lens) - {"model", "version", "previous"}


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        (
            "MLSEC03",
            "Honestly lineage is something we'd love to have but nobody has gotten around to it.",
            "MLSEC03-BP04",
        ),
        ("MLREL05", "We can't roll back a model.", "MLREL05-BP02"),
        ("MLREL05", "Rolling back a model isn't possible for us today.", "MLREL05-BP02"),
        ("MLOPS03", "TODO: version the datasets.", "MLOPS03-BP02"),
        ("MLOPS03", "Ideally we would version every dataset.", "MLOPS03-BP02"),
        ("MLPERF06", "Drift detection is something we talked about setting up.", "MLPERF06-BP03"),
        ("MLPERF06", "Drift monitoring was proposed in the last retro.", "MLPERF06-BP03"),
        ("MLREL04", "Canary releases are something the team has been talking about for a year.", "MLREL04-BP02"),
        ("MLSEC02", "Encrypting the training data is on the list of things to do.", "MLSEC02-BP01"),
        ("MLCOST04", "Budgets per team: we keep saying we'll set them up.", "MLCOST04-BP12"),
    ],
)
def test_an_aim_is_not_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLOPS03", "We version datasets. Kidding, we overwrite them every night.", "MLOPS03-BP02"),
        ("MLREL04", "Canary deployments are standard here. I wish.", "MLREL04-BP02"),
        (
            "MLREL05",
            "Models are in the registry, although honestly nobody could tell you how to get an old one back.",
            "MLREL05-BP02",
        ),
        (
            "MLREL04",
            "Deployments go through a canary stage. Or at least that is what the runbook says, I have never seen it.",
            "MLREL04-BP02",
        ),
    ],
)
def test_a_sentence_taken_back_is_never_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLREL05", "Rolling back takes one click, every endpoint version is in CloudFormation.", "MLREL05-BP02"),
        (
            "MLREL05",
            "We version every model in the registry. Rolling back has never been needed so far.",
            "MLREL05-BP02",
        ),
    ],
)
def test_a_practice_said_to_be_done_stays_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED


@pytest.mark.integration
def test_no_project_gap_given_as_an_answer_is_implemented(mapping: AnswerMapping) -> None:
    """Every gap sentence of prompts/interview (how someone who does not do a practice describes it), given as the
    answer to its question, never proposes that practice as implemented."""
    wrong = []
    for question in mapping.lens.questions:
        for bp_id, practice in mapping.interview.content(question).practices.items():
            wrong += [gap for gap in practice.gaps if mapping.predict(question.id, gap)[bp_id] is BPStatus.IMPLEMENTED]
    assert wrong == []


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        # sarcasm, and a question answered by irony
        (
            "MLPERF06",
            "Oh sure, a person reviews the outputs. Yeah, right: not one has been looked at this year.",
            "MLPERF06-BP01",
        ),
        ("MLPERF06", "Do we compare live inputs with the training distribution? Only in my dreams.", "MLPERF06-BP03"),
        # the only practice of a question, denied in words of a bad state
        ("MLSEC02", "Customer card numbers get emailed around as spreadsheet attachments.", "MLSEC02-BP01"),
        ("MLPERF01", "Which business figure the model should improve was never put on paper.", "MLPERF01-BP01"),
        ("MLSEC04", "We had not thought about poisoning of the training data until now.", "MLSEC04-BP03"),
    ],
)
def test_sarcasm_and_a_denied_only_practice_are_not_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.NOT_IMPLEMENTED


def test_what_holds_in_theory_taken_back_in_practice_is_not_done() -> None:
    from app.review.cues import split_clauses, taken_back

    def back(text: str) -> list[str]:
        clauses = split_clauses(text)
        return [c.text for c in clauses if c.position in taken_back(clauses)]

    assert back("On paper every project has its own role. In reality everyone logs in as admin.") == [
        "On paper every project has its own role"
    ]
    assert back("Officially we review access quarterly; in practice nobody has done it since 2022.") == [
        "Officially we review access quarterly"
    ]
    # in practice it holds too, or nothing is said in theory
    assert back("In theory every model is reviewed. In practice we review every model too.") == []
    assert back("We review access quarterly. In practice nobody has done it since 2022.") == []


@pytest.mark.integration
def test_a_pipeline_in_theory_only_is_not_implemented(mapping: AnswerMapping) -> None:
    text = "In theory deployments run through our pipeline; in reality Sam copies the model over by hand."
    assert mapping.predict("MLOPS04", text)["MLOPS04-BP01"] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    "clause",
    [
        "Our datasets get refreshed in place every night",
        "last week's version is history",
        "Metrics for the endpoint are something we only look at during incidents",
        "Alarms were only added after the big outage",
        "Masking was deemed too much work",
        "Retraining happens when a customer escalates",
        "The drift job has been failing silently for months",
        "nobody breaks it down",
        "The training budget for the team is zero this year",
        "Dataset versions live in a folder called final_final_v3",
        "Our tuning is a for-loop over a grid",
        "The thresholds are ones someone picked two years ago",
        "Swapping the model means every client has to redeploy",
        "The feature store holds raw social security numbers",
    ],
)
def test_more_bad_states_speak_against_the_practice(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "The bill is broken down by team and pipeline step",
        "Each refresh writes a new dataset version next to the old one",
        "We look at the endpoint metrics every morning and during incidents",
        "Plain logging was deemed sufficient by the auditors",
        "The job pages us if a check fails",
        "Errors last quarter were zero",
        "Swapping the model means no client has to redeploy",
        "Social security numbers are tokenised before they reach the feature store",
    ],
)
def test_the_practice_in_similar_words_does_not(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        (
            "MLOPS03",
            "Our datasets get refreshed in place every night, so last week's version is history.",
            "MLOPS03-BP02",
        ),
        ("MLOPS05", "Metrics for the endpoint are something we only look at during incidents.", "MLOPS05-BP01"),
        ("MLSEC03", "PII is in the training data as is, masking was deemed too much work.", "MLSEC03-BP03"),
        ("MLPERF06", "Retraining happens when a customer escalates, not before.", "MLPERF06-BP05"),
        ("MLPERF06", "The drift job has been failing silently for months.", "MLPERF06-BP03"),
        ("MLCOST06", "The bill arrives as one number and nobody breaks it down.", "MLCOST06-BP01"),
        ("MLOPS01", "Training budget for the team is zero this year.", "MLOPS01-BP01"),
        ("MLOPS03", "Version control for data is a folder called final_final_v3.", "MLOPS03-BP02"),
        ("MLSEC02", "The feature store holds raw social security numbers.", "MLSEC02-BP01"),
        ("MLREL01", "Swapping the model means every client has to redeploy.", "MLREL01-BP01"),
        ("MLCOST04", "Our tuning is a for-loop over a grid someone wrote years ago.", "MLCOST04-BP11"),
    ],
)
def test_bad_states_in_new_words_are_never_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    "clause",
    [
        "Nobody can switch that off",
        "No one is allowed to disable the encryption",
        "The approval gate cannot be bypassed, not even by admins",
        "Nobody can skip the approval step",
    ],
)
def test_a_safeguard_nobody_can_remove_is_a_good_state(clause: str) -> None:
    assert polarity(clause) is not Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    ["Nobody can stop the notebooks", "We skip the approval step when in a hurry", "Nobody can tell who changed it"],
)
def test_what_nobody_can_do_is_otherwise_still_a_denial(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.integration
def test_a_guard_nobody_can_switch_off_is_implemented(mapping: AnswerMapping) -> None:
    text = "Idle notebooks stop themselves after an hour, and no one is able to turn that off."
    assert mapping.predict("MLCOST04", text)["MLCOST04-BP08"] is BPStatus.IMPLEMENTED
