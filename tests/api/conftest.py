"""API fixtures: the app over the tiny knowledge base, in `none` mode or with a scripted chat model."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
import pytest
from fastapi.testclient import TestClient
from support.live_server import serve_services

from app.knowledge import KnowledgeBase
from app.llm.fake import ScriptedChatModel
from app.main import create_app
from app.persistence.db import Database
from app.services import build_services
from app.settings import Settings

REPO_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
IN_SCOPE = "least privilege access to training data"
OUT_OF_SCOPE = "how do I bake sourdough bread"


@pytest.fixture
def app_on(database: Database, tiny_settings: Settings, tiny_kb: KnowledgeBase) -> Iterator[TestClient]:
    """The app on the `database` fixture (SQLite, and PostgreSQL when MLLENS_TEST_POSTGRES_URL is set), with server
    exceptions answered as the server would (a 500, not raised)."""
    services = build_services(tiny_settings, kb=tiny_kb, db=database)
    with TestClient(create_app(tiny_settings, services), raise_server_exceptions=False) as client:
        yield client
    services.close()


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the calls handed to the thread pool (anyio.to_thread.run_sync) from now on, in order."""
    handed: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counting(func: Callable[..., object], *args: object, **kwargs: Any) -> object:
        # starlette's run_in_threadpool hands over a partial; FastAPI's sync endpoint comes wrapped as `function=`.
        keywords = getattr(func, "keywords", {})
        handed.append(getattr(keywords.get("function", getattr(func, "func", func)), "__name__", "?"))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    return handed


@pytest.fixture
def chat() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
def llm_settings(tiny_settings: Settings) -> Settings:
    return tiny_settings.model_copy(update={"prompts_dir": REPO_PROMPTS, "llm_provider": "fake"})


@pytest.fixture
def llm_client(llm_settings: Settings, tiny_kb: KnowledgeBase, chat: ScriptedChatModel) -> Iterator[TestClient]:
    built = build_services(llm_settings, kb=tiny_kb, chat_model=chat)
    with TestClient(create_app(llm_settings, built)) as test_client:
        yield test_client
    built.close()


@pytest.fixture(scope="module")
def shipped_live(full_kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A real server (uvicorn on a free loopback port, httpx as the client) on the shipped index and scope gate, in
    no-LLM mode; one per test module."""
    data = tmp_path_factory.mktemp("shipped-none")
    settings = Settings(_env_file=None, embedder="minilm", database_url=f"sqlite:///{data / 'mllens.db'}")  # type: ignore[call-arg]
    with serve_services(settings, full_kb) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def ask_json(http: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/ask with the JSON `body`; the answer, after checking the request succeeded."""
    response = http.post("/v1/ask", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.fixture(scope="module")
def shipped_llm_live(
    full_kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, ScriptedChatModel]]:
    """A real server (uvicorn on a free loopback port, httpx as the client) on the shipped index and scope gate, in LLM
    mode with a scripted chat model; one per test module."""
    data = tmp_path_factory.mktemp("shipped-llm")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        embedder="minilm",
        prompts_dir=REPO_PROMPTS,
        database_url=f"sqlite:///{data / 'mllens.db'}",
        llm_provider="fake",
    )
    chat = ScriptedChatModel()
    with serve_services(settings, full_kb, chat) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http, chat


def refused_before_any_model_call(live: tuple[httpx.Client, ScriptedChatModel], question: str) -> str:
    """The refusal's text, after checking that POST /v1/ask refused `question` with nothing cited or resolved and that
    no model call was made."""
    http, chat = live
    before = len(chat.calls)
    response = http.post("/v1/ask", json={"question": question})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["refused"] is True and answer["citations"] == []
    assert answer["resolved_question"] == ""
    assert len(chat.calls) == before  # no model saw it
    return str(answer["answer"])


def answered_with_citations(live: tuple[httpx.Client, ScriptedChatModel], question: str) -> str:
    """The answer's text, after checking that POST /v1/ask answered `question` (not refused) with citations."""
    http, _ = live
    response = http.post("/v1/ask", json={"question": question})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["refused"] is False and answer["citations"], answer
    return str(answer["answer"])


def parse_sse(body: str) -> list[dict[str, Any]]:
    """SSE frames as {"id", "event", "data"} (comments and the retry hint are returned as {"comment": …})."""
    frames = []
    for block in body.split("\n\n"):
        if not block.strip():
            continue
        frame: dict[str, Any] = {}
        for line in block.split("\n"):
            key, _, value = line.partition(": ") if ": " in line else line.partition(":")
            if line.startswith(":"):
                frame["comment"] = line[1:].strip()
            elif key == "data":
                frame["data"] = json.loads(value)
            else:
                frame[key] = value
        frames.append(frame)
    return frames
