"""A follow-up answered without an LLM is gated once and ranked once: the carry-over (the previous topic and the
follow-up as written) goes through the full search with the scope gate; the focus-weighted text only through the
retriever's ranking (`rank`), which returns the same hits as a search of that text without the gate's signals."""

from __future__ import annotations

import json
from typing import Any

import pytest

import app.qa.service as service_module
from app.knowledge import KnowledgeBase
from app.principal import Principal
from app.qa.followup import search_query
from app.qa.memory import MemoryConversationStore
from app.qa.models import PastTurn
from app.qa.service import QAService
from app.retrieval.override import is_override_attempt
from app.settings import ROOT

ME = Principal.local()
FIRST = "least privilege access to training data"
FOLLOW_UP = "and for the labels?"


class _Recording:
    """The real retriever, with every full search and every ranking recorded (text only)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.searched: list[str] = []
        self.ranked: list[str] = []

    def search(self, query: str, **kwargs: Any) -> Any:
        self.searched.append(query)
        return self.inner.search(query, **kwargs)

    def rank(self, query: str, **kwargs: Any) -> Any:
        self.ranked.append(query)
        return self.inner.rank(query, **kwargs)

    async def search_async(self, query: str, **kwargs: Any) -> Any:
        self.searched.append(query)
        return await self.inner.search_async(query, **kwargs)


@pytest.fixture
def recorded(tiny_kb: KnowledgeBase) -> tuple[QAService, _Recording]:
    retriever = _Recording(tiny_kb.retriever)
    return QAService(tiny_kb.lens, retriever, MemoryConversationStore()), retriever


def test_a_follow_up_is_searched_with_the_gate_once_and_ranked_once(recorded: tuple[QAService, _Recording]) -> None:
    qa, retriever = recorded
    first = qa.ask(FIRST, principal=ME)
    retriever.searched.clear()
    answer = qa.ask(FOLLOW_UP, principal=ME, conversation_id=first.conversation_id)
    carried = f"{FIRST} {FOLLOW_UP}"
    weighted = f"{carried} labels labels"
    assert retriever.searched == [carried] and retriever.ranked == [weighted]
    assert not answer.refused and answer.resolved_question == carried
    # the answer is built on the weighted ranking, the same one a full search of that text gives
    gated = qa._retriever.inner.search(weighted, k=5)  # type: ignore[attr-defined]
    assert not gated.out_of_scope
    assert [c.bp_id for c in answer.citations][0] == gated.hits[0].bp_id


def test_a_follow_up_that_adds_no_new_word_is_searched_once(recorded: tuple[QAService, _Recording]) -> None:
    qa, retriever = recorded
    first = qa.ask(FIRST, principal=ME)
    retriever.searched.clear()
    qa.ask("and how?", principal=ME, conversation_id=first.conversation_id)
    assert retriever.searched == [f"{FIRST} and how?"] and retriever.ranked == []


def test_a_follow_up_whose_carry_over_is_off_topic_is_refused_and_never_ranked(
    recorded: tuple[QAService, _Recording],
) -> None:
    """A caller-held history (the OpenAI-compatible endpoint's messages) can carry an off-topic question over."""
    qa, retriever = recorded
    earlier = PastTurn(question="how do I bake sourdough bread", resolved_question="", answer="", cited_bp_ids=())
    answer = qa.answer(qa.prepare_with_history(FOLLOW_UP, [earlier], principal=ME))
    assert retriever.searched == [f"how do I bake sourdough bread {FOLLOW_UP}"]
    assert answer.refused and retriever.ranked == []


def test_a_weighted_text_that_reads_as_an_override_is_gated_in_full_and_refused(
    recorded: tuple[QAService, _Recording], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Naming the focus words again could put an override phrase together that neither the follow-up nor the
    carry-over has: such a text gets the full search, whose gate refuses it, as before the ranking-only path."""
    qa, retriever = recorded
    first = qa.ask(FIRST, principal=ME)
    weighted = f"{FIRST} {FOLLOW_UP} labels labels"
    flagged = lambda text: text == weighted or is_override_attempt(text)  # noqa: E731
    monkeypatch.setattr(service_module, "is_override_attempt", flagged)
    search = retriever.inner.search
    monkeypatch.setattr(
        retriever.inner,
        "search",
        lambda query, **kw: search(query, **{**kw, "override": True if query == weighted else kw.get("override")}),
    )
    answer = qa.ask(FOLLOW_UP, principal=ME, conversation_id=first.conversation_id)
    assert answer.refused and answer.resolved_question == "" and "labels" not in answer.answer
    assert retriever.ranked == [] and retriever.searched[-1] == weighted


def test_rank_gives_the_hits_of_search_without_a_scope_verdict(tiny_kb: KnowledgeBase) -> None:
    retriever = tiny_kb.retriever
    for text in [
        "least privilege access to training data and for the labels? labels labels",
        "MLSEC03-BP01 and how do we monitor it? monitor monitor",  # names a lens ID: the ID route
        "what is the best pizza in Naples?",  # off topic: search refuses it, rank still ranks
    ]:
        searched, ranked = retriever.search(text, k=5), retriever.rank(text, k=5)
        assert [h.model_dump() for h in ranked.hits] == [h.model_dump() for h in searched.hits]
        assert ranked.route == searched.route and ranked.out_of_scope is False and ranked.scope_reason is None
        assert ranked.scope_signals == {}


def _follow_ups() -> list[dict[str, str]]:
    lines = (ROOT / "eval" / "probes" / "followups.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.integration
def test_rank_gives_the_hits_of_search_on_the_shipped_index(full_kb: KnowledgeBase) -> None:
    """The probe follow-ups' weighted texts, on the real model and index: the same hits, passages and scores."""
    for row in _follow_ups():
        history = [PastTurn(question=row["first"], resolved_question=row["first"], answer="", cited_bp_ids=())]
        weighted = search_query(row["follow_up"], history)
        searched, ranked = full_kb.retriever.search(weighted, k=5), full_kb.retriever.rank(weighted, k=5)
        assert [h.model_dump() for h in ranked.hits] == [h.model_dump() for h in searched.hits], weighted
