from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.knowledge import KnowledgeBase
from app.llm.fake import ScriptedChatModel
from app.llm.prompts import load_prompt
from app.qa.memory import MemoryConversationStore
from app.qa.service import QAService

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


@pytest.fixture
def store() -> MemoryConversationStore:
    return MemoryConversationStore()


@pytest.fixture
def chat() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
def extractive_qa(tiny_kb: KnowledgeBase, store: MemoryConversationStore) -> QAService:
    return QAService(tiny_kb.lens, tiny_kb.retriever, store)


@pytest.fixture
def make_qa(tiny_kb: KnowledgeBase, store: MemoryConversationStore) -> Callable[[ScriptedChatModel], QAService]:
    def make(chat: ScriptedChatModel) -> QAService:
        return QAService(
            tiny_kb.lens,
            tiny_kb.retriever,
            store,
            llm=chat,
            answer_prompt=load_prompt(PROMPTS, "answer"),
            rewrite_prompt=load_prompt(PROMPTS, "rewrite"),
        )

    return make


@pytest.fixture
def llm_qa(make_qa: Callable[[ScriptedChatModel], QAService], chat: ScriptedChatModel) -> QAService:
    return make_qa(chat)
