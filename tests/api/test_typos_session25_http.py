"""Session 25's respelling through the real HTTP API (uvicorn on a free loopback port, httpx as the client, the
shipped index and scope gate, no-LLM mode): a question typed with typos of lens words is answered with what its right
spelling's answer quotes and cites, and shown back as typed (app/retrieval/typos.py). Written for this test, not taken
from eval rows or the unseen sets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.live_server import serve_services

from app.knowledge import KnowledgeBase
from app.settings import Settings

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


@pytest.fixture(scope="module")
def shipped_live(full_kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    data = tmp_path_factory.mktemp("shipped-none")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, embedder="minilm", database_url=f"sqlite:///{data / 'mllens.db'}"
    )
    with serve_services(settings, full_kb) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def _ask(http: httpx.Client, question: str) -> dict[str, Any]:
    response = http.post("/v1/ask", json={"question": question})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.mark.parametrize(("typed", "right"), PAIRS)
def test_a_typod_question_is_answered_like_its_right_spelling(
    shipped_live: httpx.Client, typed: str, right: str
) -> None:
    asked, plain = _ask(shipped_live, typed), _ask(shipped_live, right)
    assert asked["refused"] is False and asked["mode"] == "none"
    assert asked["citations"] and asked["citations"] == plain["citations"]
    assert asked["answer"] == plain["answer"]
    assert asked["resolved_question"] == typed  # shown back as typed
