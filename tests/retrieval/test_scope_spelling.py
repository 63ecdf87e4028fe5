"""Misspelt ML words in a question (fifteenth round): the gate reads the question with them spelt right, so a typo'd
practitioner question is judged as its right spelling is, and a misspelt everyday word is left as it is. The questions
here were written for this module, not taken from eval rows or the unseen sets."""

from __future__ import annotations

import pytest

from app.knowledge import KnowledgeBase
from app.retrieval.scope import spelt_right


def test_misspelt_ml_words_are_spelt_right_and_other_words_left_alone() -> None:
    assert spelt_right("Who can change the trainig data?") == "Who can change the training data?"
    assert spelt_right("Embeding drift on the endpiont") == "embedding drift on the endpoint"
    assert spelt_right("versioning ml modles and datsets") == "versioning ml models and datasets"
    # a changed letter makes another real word, and so does a dropped or added one in a five-letter word ("mode",
    # "modal"); a swap in a five-letter ML word makes none ("modle", session 14: test_scope_five_letter_typos.py)
    assert spelt_right("our banking app in dark mode, modal dialog, modle") == (
        "our banking app in dark mode, modal dialog, model"
    )
    assert spelt_right("How do we monitor model drift?") == "How do we monitor model drift?"
    # a word the caller knows (the retriever: a word of the lens) is spelt right, whatever ML word it is near
    assert spelt_right("my sister is turning 30", lambda word: False) == "my sister is tuning 30"
    assert spelt_right("my sister is turning 30", lambda word: word == "turning") == "my sister is turning 30"


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        (
            "who can read the trainig data and how do we limit it",
            "who can read the training data and how do we limit it",
        ),
        (
            "our clasifier scores drop every month, when to retrian",
            "our classifier scores drop every month, when to retrain",
        ),
        ("how shoud we version the embeding index we serve", "how shoud we version the embedding index we serve"),
    ],
)
def test_a_typod_question_is_gated_as_its_right_spelling(full_kb: KnowledgeBase, typed: str, right: str) -> None:
    assert spelt_right(typed) == right
    typo_result, right_result = full_kb.retriever.search(typed), full_kb.retriever.search(right)
    # every signal, `exemplar` too since session 25 (it read the question as asked before), and the ranking
    assert dict(typo_result.scope_signals) == dict(right_result.scope_signals)
    assert [h.bp_id for h in typo_result.hits] == [h.bp_id for h in right_result.hits]
    assert not typo_result.out_of_scope


@pytest.mark.parametrize(
    "question",
    [
        "how do i close a modal dialog in angular",
        "best trail shoes for a rainy marathon",
        "my modem drops wifi at night",
    ],
)
def test_everyday_words_near_ml_words_stay_refused(full_kb: KnowledgeBase, question: str) -> None:
    assert spelt_right(question) == question
    assert full_kb.retriever.search(question).out_of_scope
