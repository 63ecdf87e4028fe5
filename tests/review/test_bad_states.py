"""Bad states said without a negation word, by class (app.review.cues.BAD_STATE_CLASSES), and statements of the
practice itself, in similar words, that must not read as a bad state. Every sentence here was written for these tests,
not taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, bad_state_classes, polarity, reports_fact, split_clauses
from app.review.facts import Fact, stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping

BAD_STATES = [
    # makeshift tooling in place of the practice
    ("makeshift", "Production quality is tracked with print statements in the job output"),
    ("makeshift", "We grep the logs when a prediction looks odd"),
    ("makeshift", "Evaluation metrics are chosen by gut feel"),
    ("makeshift", "The threshold was picked at random"),
    ("makeshift", "The sign-off is a rubber stamp"),
    ("makeshift", "We have a feature store, if you count a folder of parquet files"),
    ("makeshift", "The so-called catalogue is a wiki page"),
    # knowledge or work with one person, or nobody in particular
    ("unowned", "Only Marta knows how the feature job is wired"),
    ("unowned", "How the pipeline fits together lives in one person's head"),
    ("unowned", "Old checkpoints are cleaned up whenever someone gets round to it"),
    ("unowned", "Bias checks are best effort"),
    # one identity or secret for many people or things
    ("shared_secret", "The analysts log in with shared credentials"),
    ("shared_secret", "There is one IAM role for everything we run"),
    ("shared_secret", "The API key for the endpoint sits in the team wiki"),
    ("shared_secret", "Jobs run with the root account"),
    # the only copy on a person's machine or an unmanaged drive
    ("unmanaged_place", "The labelled data lives on Tom's laptop"),
    ("unmanaged_place", "Model artefacts are kept on a USB stick"),
    ("unmanaged_place", "Feature files are exported to a shared drive each night"),
    # replaced in place: nothing to go back to
    ("overwritten", "Each release overwrites the previous model file"),
    ("overwritten", "We keep only the latest version of each dataset"),
    ("overwritten", "Endpoint settings are changed by clicking around in the console"),
    ("overwritten", "Fixes are pushed straight to production"),
    # runs or fires with nobody acting on it
    ("blind", "The model is retrained every Sunday regardless"),
    ("blind", "The drift alerts are muted in the channel"),
    ("blind", "The retraining job is fire and forget"),
    ("blind", "The cluster stays up even when no jobs are queued"),
    ("overwritten", "Instance counts are changed by hand in the SageMaker console"),
    # not revisited, or decided before anyone checked; idle
    ("stale", "The data catalogue is badly out of date"),
    ("stale", "We went with a neural net before anyone checked whether a rule would do"),
    ("stale", "The fleet runs at 4% utilisation"),
    ("stale", "The endpoint uses that instance type because that's what the first release used"),
    ("stale", "The notebooks sit idle most of the day"),
    # checked by nobody: on trust, or found out from the damage
    ("unchecked", "We trust the labels the vendor sends"),
    ("unchecked", "We find out about bad models when the support queue fills up"),
    ("unchecked", "Vendor benchmarks are taken at face value"),
    # open to anyone on the network
    ("exposed", "The security group is wide open"),
    ("exposed", "Scored files land in a public bucket"),
    ("unchecked", "The model is validated on the training set"),
    ("unchecked", "New versions go straight to 100% of traffic"),
    ("exposed", "The notebook role has AmazonS3FullAccess"),
    ("exposed", "The policy grants s3:* on the data account"),
    ("exposed", "The scoring API is unauthenticated"),
    ("exposed", "Real customer data is copied into dev for debugging"),
    ("shared_secret", "The batch job uses long-lived access keys"),
    ("stale", "We run on the largest GPU instances to be on the safe side"),
    ("stale", "The endpoint fleet is pinned at six instances"),
    ("stale", "Scaling policy on the endpoint: minimum 2, maximum 2"),
    ("stale", "Autoscaling is on, with a maximum capacity of one instance"),
    ("stale", "The project exists because the CEO wanted an AI feature"),
    ("stale", "Test endpoints are left running over the weekend"),
    ("unowned", "Idle notebooks get stopped when somebody happens to notice"),
    ("duplicated", "Each squad recomputes the churn features in its own notebook"),
    ("duplicated", "There are four slightly different definitions of the same revenue feature"),
    ("coupled", "The dashboard reads scores straight out of the training database"),
    ("fragile", "Every schema change upstream breaks the feature job"),
    ("fragile", "The nightly scoring falls over about once a week"),
    ("overwritten", "Going back to last month's model would mean retraining it"),
    ("blind", "Drift alerts go to a Slack channel that was archived last year"),
    ("coupled", "Every service loads the model file itself at start-up"),
    ("coupled", "Each new model means redeploying the three mobile apps"),
    # consumers wired straight to the model
    ("coupled", "Scoring, features and training are one big monolith"),
    ("coupled", "The checkout service queries the model container directly"),
    ("coupled", "The model URL is hard-wired into the mobile client"),
]


@pytest.mark.parametrize(("kind", "clause"), BAD_STATES)
def test_a_bad_state_without_a_negation_word_speaks_against_the_practice(kind: str, clause: str) -> None:
    assert kind in bad_state_classes(clause)
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        # the practice, in words close to a bad state
        "Inputs that are oversized are rejected by the validator",
        "Secrets live in Secrets Manager and are rotated monthly",
        "Everyone has their own login",
        "We try new ideas on a laptop with a small sample before a cloud job",
        "Small experiments run in local mode before moving to training jobs",
        "Inference runs on the user's laptop inside the desktop app",
        "Analysts copy-paste flagged predictions into the weekly review sheet",  # people checking is the practice
        "The retraining pipeline runs every night",
        "Every release is kept in the registry",
        "The endpoint instance type was chosen from a load test last month",
        "Applications call the model through a versioned API",
        "Each training job must assume a role scoped to its project",
        "Everything comes from one Terraform module",
        "Tuning is automated for the two biggest models",
        "Each team has its own role and its own bucket",
        "The container image is rebuilt every night from the lockfile",
        "The retraining job checks for drift first and skips the run when nothing changed",
        "Alerts page whoever is on call",
        "Old training artefacts are archived to Glacier after a month",
        "The app calls the model through the versioned inference API",
        "The feature pipeline recomputes aggregates incrementally each hour",
        "The model is rolled back automatically if the canary breaks",
        "Cost is broken down by project tag every month",
        "We break the monthly bill down by team and model",  # to break a thing down is to itemise it
        "Alarms catch a crashing endpoint within a minute",
        "Each model is validated on a held-out set drawn after the training window",
        "New versions get 5% of traffic for an hour, then the rest",
        "Only authenticated callers with a signed request reach the endpoint",
        "The endpoint scales between min 2 and max 10 instances",
        "Each request gets at most one retry",
    ],
)
def test_the_practice_in_similar_words_is_no_bad_state(clause: str) -> None:
    assert not bad_state_classes(clause)
    assert polarity(clause) in (Polarity.POSITIVE, Polarity.NOT_APPLICABLE)


def test_not_breaking_a_bill_down_is_not_a_denied_bad_state() -> None:
    """Found in session 14's blind dev batch (revd-2617): "don't break … down" read as a denied "breaks", so the
    clause read as done and was proposed as implemented."""
    clause = "We don't break that bill down by feature or by team at all, it's one number"
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Nothing sits idle overnight",
        "No client has broken since the API went in",
        "There are no shared passwords",
        "Models are never copy-pasted between accounts",
        "Nobody pushes straight to production",
        "No data lives on a laptop",
    ],
)
def test_a_negation_shortly_before_a_bad_state_denies_it(clause: str) -> None:
    assert not bad_state_classes(clause)
    assert polarity(clause) is Polarity.POSITIVE


@pytest.mark.parametrize(
    "clause",
    ["Labels are typed into Excel by the interns", "The images are labelled one image at a time"],
)
def test_spreadsheets_by_name_and_one_at_a_time_are_manual_work(clause: str) -> None:
    assert polarity(clause) is Polarity.NEGATIVE


def test_a_negation_far_from_the_bad_state_does_not_cancel_it() -> None:
    assert polarity("We do not check anything, the job retrains blindly") is Polarity.NEGATIVE
    assert polarity("Nobody reviews the predictions by hand") is Polarity.NEGATIVE  # people checking is the practice


@pytest.mark.parametrize(
    "clause",
    [
        "We have a deployment pipeline of sorts",
        "Explainability was more or less agreed with the business",
        "I think the buckets are encrypted",
        "Monitoring is informal",
        "Every model is supposed to be reviewed before launch",
        "Models should be checked for bias before launch",
        "Access reviews happen in name only",
    ],
)
def test_approximation_or_a_norm_is_not_a_fact_of_doing(clause: str) -> None:
    assert not reports_fact(clause)


def test_files_kept_on_a_laptop_are_not_a_model_on_the_device() -> None:
    assert Fact.ON_DEVICE not in stated_facts("The training datasets live on a data scientist's laptop")
    assert Fact.ON_DEVICE in stated_facts("The model runs on the user's laptop")
    assert Fact.ON_DEVICE in stated_facts("We ship a TFLite file with the firmware")


def test_clauses_know_whether_a_contrast_word_introduced_them() -> None:
    clauses = split_clauses("Alarms exist for every endpoint, but they email the old team, and the old team is gone.")
    assert [c.contrast for c in clauses] == [False, True, False]


# --- with the shipped model and interview content --------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLPERF06", "Model quality in production is tracked with print statements we grep out of the logs.", "-BP04"),
        ("MLPERF02", "Evaluation metrics for each model are chosen by gut feel.", "-BP01"),
        ("MLOPS02", "Who owns which model lives in one person's head.", "-BP01"),
        ("MLSEC03", "The whole data team reads the training bucket with shared credentials.", "-BP01"),
        ("MLSEC06", "Callers authenticate with an API key that sits in the team wiki.", "-BP01"),
        ("MLOPS03", "The training datasets live on a data scientist's laptop.", "-BP02"),
        ("MLREL05", "Each release overwrites the previous endpoint config.", "-BP02"),
        ("MLREL04", "Endpoint updates are made by clicking through the SageMaker console.", "-BP01"),
        ("MLSUS06", "The model is retrained every Sunday regardless.", "-BP02"),
        ("MLCOST06", "The endpoint fleet runs at 4% utilisation.", "-BP03"),
        ("MLCOST02", "We went with deep learning before anyone checked whether a simple rule would do.", "-BP01"),
        ("MLREL01", "The checkout service queries the model container directly.", "-BP01"),
        ("MLREL04", "We have an endpoint deployment pipeline of sorts.", "-BP01"),
        # a fact's negation cut out leaves words that read as doing: not firm unless they name the tool
        ("MLOPS03", "It is all Bedrock via the API, so there's no training data here to profile.", "-BP01"),
        # a contrast that qualifies what came before, in words no cue reads: asked about, never implemented
        (
            "MLOPS05",
            "Latency dashboards exist for every endpoint, but the on-call rota was disbanded last spring.",
            "-BP01",
        ),
        ("MLOPS05", "We have alarms on every endpoint, but they go to the old team's inbox.", "-BP01"),
    ],
)
def test_bad_states_are_never_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[question_id + bp] is not BPStatus.IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLSEC03", "Each analyst's role only reaches their project's data; there are no shared passwords.", "-BP01"),
        ("MLREL05", "Every endpoint config is versioned, nothing is overwritten.", "-BP02"),
        ("MLREL01", "Applications call the models through a versioned API, never the endpoint directly.", "-BP01"),
    ],
)
def test_good_states_in_similar_words_stay_implemented(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    assert mapping.predict(question_id, text)[question_id + bp] is BPStatus.IMPLEMENTED


LOCAL_MODE = "Experiments start in local mode on our laptops and move to training jobs once they work."


@pytest.mark.integration
def test_local_mode_on_laptops_is_not_read_as_a_bad_state(mapping: AnswerMapping) -> None:
    """Small experiments on a laptop are the practice (MLCOST04-BP03), not an unmanaged place: no cue speaks against
    it. The reader of the sentence is unsure of it (0.45, below `FIRM_READING`), so since the fourteenth polarity round
    it is asked about rather than proposed as implemented: the price of "implemented" only on firm evidence."""
    assert polarity(LOCAL_MODE) is Polarity.POSITIVE
    assert mapping.predict("MLCOST04", LOCAL_MODE)["MLCOST04-BP03"] is BPStatus.CANNOT_DETERMINE
