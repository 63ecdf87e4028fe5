"""Seventh round (issue 11): structural safeguards for "implemented", judged by eval/polarity_ablation.py rather than by
phrase rules. A copular clause that only *names* a practice as its subject and says something else of it ("Feature drift
alerts are pie in the sky") is asked about, not proposed as implemented; a clause answered by "in reality …" (and that
answer) can only be asked about. The sentences here are written for these tests; none is an eval row, and none is in
tests/review/data/unseen/wordings.jsonl (that file measures, it does not tune)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from app.review import cues
from app.review.cues import contradicted, reports_fact, said_of_subject, split_clauses
from app.review.models import BPStatus
from app.services import AnswerMapping

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("clause", "said"),
    [
        ("Bias reviews are a sore subject around here", "a sore subject around here"),
        ("The retraining schedule is wishful thinking, to be honest", "wishful thinking"),
        ("Model cards are a nice idea that marketing likes", "a nice idea that marketing likes"),
        ("Cost allocation? Sure, it's all in Kevin's imagination", "all in Kevin's imagination"),
        ("Drift thresholds were a coin toss", "a coin toss"),
    ],
)
def test_what_a_copular_clause_says_of_its_subject(clause: str, said: str) -> None:
    assert said_of_subject(clause) == said


@pytest.mark.parametrize(
    "clause",
    [
        "We encrypt every bucket with KMS",  # a person does it: the verb is the practice
        "It is encrypted at rest",  # a pronoun subject
        "Autoscaling is on for every endpoint",  # it exists or runs
        "Drift alerts are wired to PagerDuty",
        "The feature definitions are versioned",  # a short passive: what was done to it
        "Old checkpoints are deleted after a month",
        "Using Bedrock means no GPUs to run, which was the point",  # "means … which": no subject of its own
        "Jobs run with their own role",  # no copula
    ],
)
def test_clauses_with_nothing_else_said_of_their_subject(clause: str) -> None:
    assert said_of_subject(clause) is None


def test_in_reality_takes_back_the_clause_before_and_is_itself_only_asked_about() -> None:
    clauses = split_clauses("The handbook says every model gets a review; in reality whoever is around glances at it.")
    assert contradicted(clauses) == frozenset({0, 1})
    assert contradicted(split_clauses("Every model gets a review. The reviewer signs off in Jira.")) == frozenset()


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("There may be a lineage tool somewhere", False),
        ("Perhaps the buckets are encrypted", False),
        ("Only the billing service's role may call the endpoint", True),  # permission, not uncertainty
    ],
)
def test_uncertainty_is_not_a_fact(text: str, firm: bool) -> None:
    assert reports_fact(text) is firm


@pytest.mark.parametrize(
    "text",
    ["we dont version the features", "the data isnt checked for bias", "we have been postponing the access review"],
)
def test_negations_typed_in_a_hurry_and_putting_off(text: str) -> None:
    assert cues.polarity(text) is cues.Polarity.NEGATIVE


def _ablation() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polarity_ablation", ROOT / "eval" / "polarity_ablation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ablation_switches_a_group_off_and_restores_it() -> None:
    ablation = _ablation()
    groups = ablation.groups()
    assert set(cues.NEGATION_CUES) <= {g.split(":", 1)[1] for g in groups if g.startswith("negation:")}
    assert {f"class:{name}" for name in cues.BAD_STATE_CLASSES} <= set(groups)
    text = "We keep only the latest model version."
    assert cues.polarity(text) is cues.Polarity.NEGATIVE
    negative, overwritten = cues._NEGATIVE, cues.BAD_STATE_CLASSES["overwritten"]
    with ablation.switched_off(groups["class:overwritten"]):
        assert cues.polarity(text) is not cues.Polarity.NEGATIVE  # read as if no rule knew the wording
    assert cues.BAD_STATE_CLASSES["overwritten"] is overwritten
    with pytest.raises(RuntimeError), ablation.switched_off(groups["negation:plans_and_aims"]):
        assert cues._NEGATIVE is not negative
        raise RuntimeError("restored even on error")
    assert cues._NEGATIVE is negative and cues.polarity(text) is cues.Polarity.NEGATIVE


@pytest.mark.integration
class TestWithTheShippedModel:
    @pytest.mark.parametrize(
        ("question_id", "text", "bp"),
        [
            ("MLPERF06", "Explanations for individual predictions are a sore subject around here.", "MLPERF06-BP02"),
            ("MLCOST04", "Our tagging scheme is a fairy tale the finance team tells itself.", "MLCOST04-BP12"),
            (
                "MLSEC06",
                "The rule says only the app may call the endpoint; in reality any laptop on the VPN can.",
                "MLSEC06-BP01",
            ),
            ("MLOPS02", "Bias reviews for the models are something we keep postponing.", "MLOPS02-BP06"),
            ("MLOPS03", "we dont version the datasets or the processing code", "MLOPS03-BP02"),
        ],
    )
    def test_never_implemented(self, mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
        assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED

    @pytest.mark.parametrize(
        ("question_id", "text", "bp"),
        [
            (
                "MLCOST04",
                "Hyperparameters are tuned by SageMaker automatic model tuning with Bayesian search.",
                "MLCOST04-BP11",
            ),
            (
                "MLREL02",
                "Every dataset is registered in the Glue Data Catalog with an owner and a schema.",
                "MLREL02-BP01",
            ),
            (
                "MLCOST04",
                "Idle notebooks are shut down automatically by a lifecycle configuration after an hour.",
                "MLCOST04-BP08",
            ),
        ],
    )
    def test_still_implemented(self, mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
        assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED
