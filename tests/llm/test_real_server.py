"""Opt-in: a real OpenAI-compatible server (start one with eval/llm_server.py), checking streaming, structured output
and citation integrity with a real model. Skipped unless MLLENS_TEST_LLM_BASE_URL is set. Asserts shapes, never the
model's exact words."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from app.knowledge import KnowledgeBase
from app.llm.base import Message
from app.llm.langchain_model import LangChainChatModel, build_chat_model
from app.llm.prompts import load_prompt
from app.qa.followup import Rewrite
from app.qa.memory import MemoryConversationStore
from app.qa.models import DeltaEvent, DoneEvent
from app.qa.service import QAService
from app.settings import Settings

pytestmark = pytest.mark.llm
logger = logging.getLogger(__name__)
BASE_URL = os.environ.get("MLLENS_TEST_LLM_BASE_URL", "")
PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


@pytest.fixture(scope="module")
def model() -> LangChainChatModel:
    if not BASE_URL:
        pytest.skip("MLLENS_TEST_LLM_BASE_URL is not set (see eval/llm_server.py)")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        llm_provider="openai",
        llm_model=os.environ.get("MLLENS_TEST_LLM_MODEL", "local"),
        llm_base_url=BASE_URL,
        llm_timeout_s=180,
        llm_max_tokens=400,
    )
    return build_chat_model(settings)


def test_streams_in_several_chunks(model: LangChainChatModel) -> None:
    chunks = list(model.stream([Message("user", "Name three phases of the ML lifecycle, one per line.")]))
    assert len(chunks) > 3 and "".join(chunks).strip()


def test_structured_output_is_parsed(model: LangChainChatModel) -> None:
    prompt = load_prompt(PROMPTS, "rewrite")
    history = "User: How should we version training data?\nAssistant: Use data versioning [MLREL02-BP03]."
    messages = prompt.render(history=history, question="and what about monitoring it?")
    parsed = model.complete(messages, schema=Rewrite).parsed
    assert isinstance(parsed, Rewrite) and len(parsed.question) > 5


def test_answer_cites_only_retrieved_practices(model: LangChainChatModel, tiny_kb: KnowledgeBase) -> None:
    qa = QAService(
        tiny_kb.lens,
        tiny_kb.retriever,
        MemoryConversationStore(),
        llm=model,
        answer_prompt=load_prompt(PROMPTS, "answer"),
        rewrite_prompt=load_prompt(PROMPTS, "rewrite"),
    )
    question = "How do we give data scientists least privilege access to training data?"
    prepared = qa.prepare(question)
    started = time.perf_counter()
    first_delta = None
    for event in qa.stream(prepared):
        if isinstance(event, DeltaEvent) and first_delta is None:
            first_delta = time.perf_counter() - started
        if isinstance(event, DoneEvent):
            answer = event.answer
    total = time.perf_counter() - started
    # Shown with --log-cli-level=INFO; the closing note of issue 4 reports these figures.
    logger.info("real model: first delta %.1f s, whole answer %.1f s, mode %s", first_delta or -1, total, answer.mode)
    retrieved = {h.bp_id for h in tiny_kb.retriever.search(question).hits}
    assert answer.mode in ("llm", "none") and answer.citations
    assert {c.bp_id for c in answer.citations} <= retrieved
    assert not any(bp_id in answer.answer for bp_id in answer.citations_removed)
