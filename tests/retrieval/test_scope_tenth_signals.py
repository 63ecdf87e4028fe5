"""Tenth-round changes to the scope gate's vocabularies (app/retrieval/scope.py): the asker as a learner is coursework,
"buy" in "build or buy" is a sourcing decision rather than shopping, "training" an animal or for a race is no ML word,
and more ML systems are named by their task ("the recommendation API"). Each with near misses the change must leave
alone. Written for this module, not taken from eval rows."""

from __future__ import annotations

import pytest

from app.retrieval.lexical import tokens
from app.retrieval.scope import ScopeSignals, signals_of


def _signals(question: str) -> ScopeSignals:
    return signals_of(question, tokens(question), dense=0.3, anchor=0.3, best_bm25=1.0, known_tokens=1)


@pytest.mark.parametrize(
    "question",
    [
        "As a beginner, is TensorFlow or PyTorch easier?",
        "I'm a student, which ML framework gets me a research job?",
        "Should I learn scikit-learn before deep learning?",
        "Is a PhD worth it for an applied ML career?",
        "Should we buy a GPU for gaming and training models at home?",
    ],
)
def test_the_asker_as_a_learner_or_shopper_is_coursework_or_consumer(question: str) -> None:
    assert _signals(question).coursework_or_consumer == 1.0


@pytest.mark.parametrize(
    "question",
    [
        "build or buy the model?",
        "Buy vs build for our fraud model: what does the lens weigh?",
        "make or buy decision for the labelling workforce",
        "We train a model on student records; how do we protect them?",
        "How should new data scientists learn our deployment process?",
    ],
)
def test_sourcing_decisions_and_practitioners_are_not(question: str) -> None:
    assert _signals(question).coursework_or_consumer == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "tips for training a puppy to walk on a lead",
        "training our two dogs to stop barking",
        "training for a marathon in spring",
    ],
)
def test_training_an_animal_or_for_a_race_is_no_ml_word_and_not_terse(question: str) -> None:
    signals = _signals(question)
    assert signals.ml_terms == 0.0
    assert signals.ml_object == 0.0
    assert not signals.telegraphic


@pytest.mark.parametrize(
    "question",
    [
        "training our staff on SageMaker notebooks",
        "training data for our dog breed classifier",
        "how often should we retrain the pet food recommendation model?",
    ],
)
def test_ml_training_keeps_its_ml_words(question: str) -> None:
    assert _signals(question).ml_terms > 0.0


@pytest.mark.parametrize(
    "question",
    [
        "on-call runbook for the recommendation API",
        "who restarts the forecasting job when it fails?",
        "latency of the sentiment service",
    ],
)
def test_ml_systems_named_by_their_task_are_ml_objects(question: str) -> None:
    assert _signals(question).ml_object > 0.0


@pytest.mark.parametrize(
    "question",
    [
        "Terraform plan keeps showing drift on the IAM roles",
        "how do we fix stack drift in CloudFormation?",
        "configuration drift between our Ansible-managed servers",
    ],
)
def test_drift_of_infrastructure_as_code_is_no_ml_word(question: str) -> None:
    signals = _signals(question)
    assert signals.ml_terms == 0.0
    assert signals.ml_object == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "how do we detect data drift on the churn model?",
        "our Terraform-deployed SageMaker endpoint shows model drift",
        "concept drift alerts for the fraud model",
    ],
)
def test_data_and_model_drift_stay_ml(question: str) -> None:
    assert _signals(question).ml_terms > 0.0
