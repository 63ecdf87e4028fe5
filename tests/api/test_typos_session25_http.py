"""Session 25's respelling through the real HTTP API (uvicorn on a free loopback port, httpx as the client, the
shipped index and scope gate, no-LLM mode): a question typed with typos of lens words is answered with what its right
spelling's answer quotes and cites, and shown back as typed (app/retrieval/typos.py). Written for this test, not taken
from eval rows or the unseen sets."""

from __future__ import annotations

import httpx
import pytest

from .conftest import ask_json

pytestmark = pytest.mark.integration

PAIRS = [
    (
        "how do we cut cold start latancy on a serverless inferance endpoint?",
        "how do we cut cold start latency on a serverless inference endpoint?",
    ),
    (
        "whats our rollbak plan when a new modle releaase goes bad?",
        "whats our rollback plan when a new model release goes bad?",
    ),
]


@pytest.mark.parametrize(("typed", "right"), PAIRS)
def test_a_typod_question_is_answered_like_its_right_spelling(
    shipped_live: httpx.Client, typed: str, right: str
) -> None:
    asked, plain = ask_json(shipped_live, {"question": typed}), ask_json(shipped_live, {"question": right})
    assert asked["refused"] is False and asked["mode"] == "none"
    assert asked["citations"] and asked["citations"] == plain["citations"]
    assert asked["answer"] == plain["answer"]
    assert asked["resolved_question"] == typed  # shown back as typed
