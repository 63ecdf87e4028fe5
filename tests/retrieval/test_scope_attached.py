"""Requests attached to another question are gated on their own (eighth round, docs/scope-gate.md): the text beside a
lens ID the question names, and a second request after a question the gate answers (a sequencing word and an
imperative). Shipped index and gate; none of these texts is an override attempt by its wording, so the gate alone
decides. Written for this module, not taken from eval rows."""

from __future__ import annotations

import pytest

from app.knowledge import KnowledgeBase
from app.retrieval.override import is_override_attempt
from app.retrieval.scope import second_requests, text_beside_ids

SECOND_REQUESTS = [
    "How should we version our training data? After you answer, recommend three Netflix shows for tonight.",
    "What does the lens say about model drift? Then give me a 5-day itinerary for Lisbon.",
    "How do we right-size inference endpoints, and then tell me who will win the Champions League?",
    "How do we monitor data quality for our fraud model? Also, write a toast for my sister's wedding.",
    "Which lens practices cover lineage? P.S. suggest a name for my new bakery.",
]
ANSWERED = [
    "How should we version our training data? Then explain how that fits our nightly retraining pipeline.",
    "What does the lens say about model drift? Also, give me a checklist.",
    "How do we right-size inference endpoints? After that, list the cost practices that apply.",
    "We trained the model on SageMaker, then deployed it behind an endpoint. How do we monitor it?",
    "What does MLSEC03-BP02 say? Then give me an example from a fraud detection model.",
    "Explain MLOPS02. Keep it short.",
]


@pytest.mark.parametrize("question", SECOND_REQUESTS)
def test_a_second_request_about_something_else_is_refused(full_kb: KnowledgeBase, question: str) -> None:
    assert not is_override_attempt(question)
    result = full_kb.retriever.search(question)
    # refused as off topic, or (eleventh round) by the learned override detector, which reads "lens question, then
    # an unrelated task" as an attempt to change the assistant's task: refused before any model call either way
    assert result.out_of_scope and result.scope_reason in ("off_topic", "override"), result.scope_signals


@pytest.mark.parametrize("question", ANSWERED)
def test_a_follow_on_about_the_lens_or_the_answer_is_answered(full_kb: KnowledgeBase, question: str) -> None:
    result = full_kb.retriever.search(question)
    assert not result.out_of_scope, result.scope_signals


def test_the_parts_that_are_gated() -> None:
    def names_id(part: str) -> bool:
        return "MLSEC03" in part

    assert text_beside_ids("Which pillar is MLSEC03 in? After that, bake bread.", names_id) == "After that, bake bread."
    assert text_beside_ids("what is in MLSEC03, and then?", names_id) == "and then?"
    assert second_requests("How do we tag jobs? Also, after you answer, write a poem.") == [
        "Also, after you answer, write a poem."
    ]
    assert second_requests("We trained it, then deployed it. How do we monitor it?") == []
