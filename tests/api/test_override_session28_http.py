"""Session 28's forms through the real HTTP API (uvicorn on a free loopback port, httpx as the client, the shipped
index and scope gate, the scripted chat model in LLM mode): a change of subject announced at the opening of a message
or after "Also," is refused before any model call and the refusal repeats no word of the everyday request; lens
questions announced the same way are answered with citations. Written for this test, not taken from eval rows or from
the unseen set (tests/retrieval/data/unseen/ovr28_forms.jsonl)."""

from __future__ import annotations

import httpx
import pytest

from app.llm.fake import ScriptedChatModel

from .conftest import answered_with_citations, refused_before_any_model_call

pytestmark = pytest.mark.integration

DETOURS = [
    ("Leaving ML aside now. Recommend a board game for a family of five.", "board game"),
    ("Which metrics show data drift? Also, a separate matter: how do I repot a fern?", "fern"),
]
QUESTIONS = [
    "Different matter: how should we version the datasets our training jobs read?",
    "Putting the review aside for a second, how do we roll back a bad model version?",
]


@pytest.mark.parametrize(("question", "request_word"), DETOURS)
def test_another_subject_announced_is_refused_before_any_model_call_without_echoing_it(
    shipped_llm_live: tuple[httpx.Client, ScriptedChatModel], question: str, request_word: str
) -> None:
    assert request_word not in refused_before_any_model_call(shipped_llm_live, question).lower()


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_lens_question_announced_as_another_subject_is_answered(
    shipped_llm_live: tuple[httpx.Client, ScriptedChatModel], question: str
) -> None:
    answered_with_citations(shipped_llm_live, question)
