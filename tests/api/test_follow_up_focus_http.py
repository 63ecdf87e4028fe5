"""A short follow-up that adds a new focus ("and in notebooks?") is answered about that focus and the earlier topic,
through the real HTTP API (uvicorn on a free loopback port, httpx as the client, the shipped index, no LLM): the
example docs/slack.md gives, over `/v1/ask` with a conversation and over the OpenAI-compatible endpoint with the
earlier turn in the message list."""

from __future__ import annotations

import httpx

from .conftest import ask_json

FIRST = "How should we protect sensitive training data?"
FOLLOW_UP = "and in notebooks?"
ENVIRONMENT = "MLSEC03-BP02"  # Secure data and modeling environment: notebooks are that environment


def _cited(answer: dict[str, object]) -> list[str]:
    citations = answer["citations"]
    assert isinstance(citations, list)
    return [c["bp_id"] for c in citations]


def test_the_follow_up_answers_about_notebooks_and_keeps_the_topic(shipped_live: httpx.Client) -> None:
    first = ask_json(shipped_live, {"question": FIRST})
    assert first["refused"] is False and ENVIRONMENT not in _cited(first)[:1]
    answer = ask_json(shipped_live, {"question": FOLLOW_UP, "conversation_id": first["conversation_id"]})
    assert answer["refused"] is False
    assert ENVIRONMENT in _cited(answer)  # the new focus weighs ...
    assert _cited(first)[0] in _cited(answer)  # ... and the earlier topic stays
    assert answer["resolved_question"] == f"{FIRST} {FOLLOW_UP}"  # shown back as the user wrote it


def _quoted_lines(text: str) -> list[str]:
    """The answer's quoted lens lines ("- <label>: <sentence> [BP]"), not its headings nor its sources."""
    return [line for line in text.split("\n\nSources:", 1)[0].splitlines() if line.startswith("- ")]


def test_the_follow_up_answer_quotes_what_the_lens_says_of_notebooks(shipped_live: httpx.Client) -> None:
    """Not only cited: the composer weighs the new focus as the ranking does, so a quoted sentence names notebooks
    (and it is quoted under the practice that says it, in the answer's text and in a citation's quote)."""
    first = ask_json(shipped_live, {"question": FIRST})
    answer = ask_json(shipped_live, {"question": FOLLOW_UP, "conversation_id": first["conversation_id"]})
    text = answer["answer"]
    assert isinstance(text, str) and isinstance(answer["citations"], list)
    naming = [line for line in _quoted_lines(text) if "notebook" in line.lower()]
    assert naming and all(line.endswith(f"[{ENVIRONMENT}]") for line in naming)
    assert any("notebook" in c["quote"].lower() and c["bp_id"] == ENVIRONMENT for c in answer["citations"])
    assert len(_quoted_lines(text)) <= 7  # still at most MAX_LINES quoted lines
    assert not any("notebook" in line.lower() for line in _quoted_lines(str(first["answer"])))  # the first: none


def test_the_same_over_the_openai_endpoint(shipped_live: httpx.Client) -> None:
    first = shipped_live.post(
        "/v1/chat/completions", json={"model": "ml-lens", "messages": [{"role": "user", "content": FIRST}]}
    )
    assert first.status_code == 200, first.text
    earlier = first.json()["choices"][0]["message"]["content"]
    messages = [
        {"role": "user", "content": FIRST},
        {"role": "assistant", "content": earlier},
        {"role": "user", "content": FOLLOW_UP},
    ]
    response = shipped_live.post("/v1/chat/completions", json={"model": "ml-lens", "messages": messages})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ml_lens"]["refused"] is False and ENVIRONMENT in body["ml_lens"]["cited"]
    content = body["choices"][0]["message"]["content"]
    assert ENVIRONMENT in content
    assert any("notebook" in line.lower() for line in _quoted_lines(content))
