"""Fifth-round changes to the scope gate's text signals: a release is what ML teams do with models too, so it is not
an infrastructure object; career and competition words mark an asker who studies ML rather than runs it."""

from __future__ import annotations

import pytest

from app.retrieval.lexical import tokens
from app.retrieval.scope import signals_of


def _signals(query: str) -> dict[str, float | bool]:
    return signals_of(query, tokens(query), dense=0.4, anchor=0.3, best_bm25=2.0, known_tokens=2).as_dict()


@pytest.mark.parametrize("query", ["who approves releases?", "how often do we release?", "release checklist"])
def test_a_release_alone_is_not_an_infrastructure_object(query: str) -> None:
    assert _signals(query)["infra_only"] == 0.0


def test_infrastructure_objects_still_count_next_to_a_release() -> None:
    assert _signals("release a new version of the web app behind the load balancer")["infra_only"] > 0


@pytest.mark.parametrize(
    "query",
    [
        "Which bootcamp should I take first?",
        "Is Kaggle worth my evenings?",
        "Give me a study plan for deep learning",
        "How do I prepare for a job interview as a data scientist?",
        "I want to switch careers into AI",
        "How do I become an ML engineer?",
    ],
)
def test_career_and_competition_words_mark_coursework(query: str) -> None:
    assert _signals(query)["coursework_or_consumer"] == 1.0


@pytest.mark.parametrize(
    "query",
    [
        "How do we interview candidates for our ML platform team?",
        "Who should own the study of model bias before launch?",
    ],
)
def test_practitioner_questions_with_nearby_words_are_not_coursework(query: str) -> None:
    assert _signals(query)["coursework_or_consumer"] == 0.0


@pytest.mark.parametrize(
    "query",
    [
        "In PyTorch how do I move a tensor to the GPU?",
        "how can I merge two dataframes with pandas?",
        "How does LightGBM build its histograms internally?",
        "what's the syntax for a custom loss in TensorFlow?",
    ],
)
def test_writing_code_with_an_ml_library_counts_as_coursework(query: str) -> None:
    assert _signals(query)["coursework_or_consumer"] == 1.0


@pytest.mark.parametrize(
    "query",
    [
        "How do we pin the PyTorch version of our training image so retraining is reproducible?",
        "Our data scientists use pandas in notebooks; how do we move that feature code into the pipeline?",
    ],
)
def test_a_library_named_while_operating_a_workload_is_not_coursework(query: str) -> None:
    assert _signals(query)["coursework_or_consumer"] == 0.0
