"""The QA service: question -> (follow-up resolution) -> retrieve -> relevance gate -> compose -> store.

One code path for JSON and streaming: `stream` yields events; `ask` consumes them. Out-of-scope questions are refused
before any model call; attempts to override the assistant's instructions are refused before anything else (no rewrite,
no search), their refusal never repeats them, and they never reach a model as conversation history. A question not
written in English (app/retrieval/language.py) is answered, right after that check and before any search, with a reply
asking for English (`not_english`): the lens, its search and the gate read English only.
PURE core: talks to the retriever, store, chat model and metrics only through their ports.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from app.errors import InvalidInput, LLMOutputInvalid, LLMUnavailable
from app.lens.models import Lens
from app.llm.base import ChatModel, PromptTemplate
from app.principal import Principal
from app.qa import compose
from app.qa.citations import AnswerFilter, repeats_secret
from app.qa.extractive import compose_extractive, sources_paragraph
from app.qa.followup import Rewrite, carry_over, looks_like_follow_up, render_history, repeated_focus, weigh_focus
from app.qa.models import (
    Answer,
    AskEvent,
    Citation,
    CitationEvent,
    DeltaEvent,
    DoneEvent,
    PastTurn,
    RefusalKind,
    RetrievalEvent,
)
from app.qa.ports import ConversationStore, NullMetrics, QAMetrics, Retriever
from app.retrieval.base import BPHit, Embedder, SearchFilters, SearchResult
from app.retrieval.language import in_another_language
from app.retrieval.override import is_override_attempt
from app.retrieval.persona import without_lane_persona
from app.text_faults import text_fault, visible

logger = logging.getLogger(__name__)
HISTORY_TURNS = 6


@lru_cache(maxsize=256)
def _past_turn_is_override(question: str) -> bool:
    """An earlier turn's question is re-read on every ask of its conversation (stored turns, or the whole message list
    an OpenAI-style caller sends again each time), so its verdict is remembered. (A new question is checked once, in
    `stream`, and the verdict is handed to the retriever.)"""
    return is_override_attempt(question)


def _answered(history: Sequence[PastTurn]) -> list[PastTurn]:
    """The turns a follow-up may lean on: refused turns (off topic or override attempts) and override attempts that
    were not refused as such (a caller-held history can claim any answer) are left out, so their words reach neither
    the carry-over, nor the LLM rewriter, nor `resolved_question`."""
    return [turn for turn in history if not turn.refused and not _past_turn_is_override(turn.question)]


@dataclass(frozen=True)
class PreparedAsk:
    question: str
    conversation_id: str
    principal: Principal
    filters: SearchFilters
    history: list[PastTurn]


@dataclass
class _Draft:
    """What has been composed so far for one answer."""

    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    mode: str = "none"


class QAService:
    def __init__(
        self,
        lens: Lens,
        retriever: Retriever,
        store: ConversationStore,
        *,
        llm: ChatModel | None = None,
        answer_prompt: PromptTemplate | None = None,
        rewrite_prompt: PromptTemplate | None = None,
        k: int = 5,
        max_question_chars: int = 4000,
        metrics: QAMetrics | None = None,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        sentence_embedder: Embedder | None = None,
    ) -> None:
        if llm is not None and (answer_prompt is None or rewrite_prompt is None):
            raise ValueError("an LLM needs the answer and rewrite prompts")
        self.lens = lens
        self.llm = llm
        self._retriever = retriever
        self._store = store
        self._answer_prompt = answer_prompt
        self._rewrite_prompt = rewrite_prompt
        self._k = k
        self._max_chars = max_question_chars
        self._metrics = metrics or NullMetrics()
        self._new_id = new_id
        self._sentence_embedder = sentence_embedder  # ranks and de-duplicates extractive sentences

    def search(self, query: str, *, k: int | None = None, filters: SearchFilters | None = None) -> SearchResult:
        query = self._check_question(query, "query")
        self._check_filters(filters)
        started = time.perf_counter()
        result = self._retriever.search(query, k=k or self._k, filters=filters)
        self._metrics.observe_retrieval(time.perf_counter() - started)
        return result

    async def search_async(
        self, query: str, *, k: int | None = None, filters: SearchFilters | None = None
    ) -> SearchResult:
        """`search` for the event loop: the same checks, then the retriever's async search (no worker thread)."""
        query = self._check_question(query, "query")
        self._check_filters(filters)
        started = time.perf_counter()
        result = await self._retriever.search_async(query, k=k or self._k, filters=filters)
        self._metrics.observe_retrieval(time.perf_counter() - started)
        return result

    def prepare(
        self,
        question: str,
        *,
        principal: Principal,
        conversation_id: str | None = None,
        filters: SearchFilters | None = None,
    ) -> PreparedAsk:
        """Validate and load the conversation; raises InvalidInput or ConversationNotFound before anything streams."""
        question = self._check_question(question)
        filters = filters or SearchFilters()
        self._check_filters(filters)
        history = _answered(self._store.history(conversation_id, principal, HISTORY_TURNS)) if conversation_id else []
        return PreparedAsk(question, conversation_id or self._new_id(), principal, filters, history)

    def prepare_with_history(self, question: str, history: Sequence[PastTurn], *, principal: Principal) -> PreparedAsk:
        """A question whose earlier turns the caller holds (an OpenAI-style message list): validated like `prepare`,
        answered in a new conversation of `principal` with those turns as its history."""
        question = self._check_question(question)
        return PreparedAsk(question, self._new_id(), principal, SearchFilters(), _answered(history)[-HISTORY_TURNS:])

    def ask(
        self,
        question: str,
        *,
        principal: Principal,
        conversation_id: str | None = None,
        filters: SearchFilters | None = None,
    ) -> Answer:
        return self.answer(
            self.prepare(question, principal=principal, conversation_id=conversation_id, filters=filters)
        )

    def answer(self, prepared: PreparedAsk) -> Answer:
        """Run a prepared question to the end (the non-streaming form of `stream`)."""
        for event in self.stream(prepared):
            if isinstance(event, DoneEvent):
                return event.answer
        raise AssertionError("stream ended without a done event")

    def stream(self, p: PreparedAsk) -> Iterator[AskEvent]:
        if is_override_attempt(p.question):
            yield from self._refuse_unread(p, "override")
            return
        if in_another_language(p.question):  # the lens and its search read English: ask for English
            yield from self._refuse_unread(p, "not_english")
            return
        resolved, query, result, focus = self._resolve_and_search(p)
        if result.scope_reason == "override":  # a rewritten follow-up can turn into one too
            yield from self._refuse_unread(p, "override")
            return
        refused = result.out_of_scope or not result.hits
        if refused:  # a refusal repeats nothing of what it refused (nor of the turns it was read with)
            resolved = ""
        yield RetrievalEvent(
            conversation_id=p.conversation_id,
            resolved_question=resolved,
            route=result.route,
            out_of_scope=result.out_of_scope,
            hits=compose.nearest_topics(result, self._k),
        )
        if refused:
            self._metrics.refusal("out_of_scope")
            draft = _Draft(text=compose.refusal_text(result))
            yield DeltaEvent(text=draft.text)
        else:
            draft = _Draft()
            yield from self._compose(query, result, draft, focus)
        answer = Answer(
            answer=draft.text,
            citations=tuple(draft.citations),
            refused=refused,
            mode="llm" if draft.mode == "llm" else "none",
            conversation_id=p.conversation_id,
            model=self.llm.name if draft.mode == "llm" and self.llm else None,
            notice=" ".join(draft.notices) or None,
            citations_removed=tuple(draft.removed),
            nearest_topics=compose.nearest_topics(result) if refused else (),
            resolved_question=resolved,
            prompt_hash=self._answer_prompt.sha256 if draft.mode == "llm" and self._answer_prompt else None,
            refusal="off_topic" if refused else None,
        )
        self._metrics.answered(answer.mode)
        turn_id = self._store.save_turn(p.principal, p.question, answer)  # committed before the reply is complete
        yield DoneEvent(answer=answer.model_copy(update={"turn_id": turn_id}))

    def _refuse_unread(self, p: PreparedAsk, kind: RefusalKind) -> Iterator[AskEvent]:
        """Refuse an instruction-override attempt (`override`) or a question not in English (`not_english`) without
        reading it further: nothing searched, no model called, nothing of it repeated."""
        self._metrics.refusal(kind)
        yield RetrievalEvent(
            conversation_id=p.conversation_id, resolved_question="", route="refused", out_of_scope=True, hits=()
        )
        text = compose.OVERRIDE_REFUSAL if kind == "override" else compose.NOT_ENGLISH_REPLY
        yield DeltaEvent(text=text)
        answer = Answer(
            answer=text,
            citations=(),
            refused=True,
            mode="none",
            conversation_id=p.conversation_id,
            resolved_question="",
            refusal=kind,
        )
        self._metrics.answered(answer.mode)
        turn_id = self._store.save_turn(p.principal, p.question, answer)
        yield DoneEvent(answer=answer.model_copy(update={"turn_id": turn_id}))

    def _compose(
        self, question: str, result: SearchResult, draft: _Draft, focus: list[str] | None = None
    ) -> Iterator[AskEvent]:
        """`focus`: the follow-up's new focus words `question` names again (the extractive composer weighs them)."""
        if self.llm is not None:
            try:
                yield from self._compose_llm(self.llm, question, result, draft)
                return
            except (LLMUnavailable, LLMOutputInvalid) as exc:
                kind = "llm_unavailable" if isinstance(exc, LLMUnavailable) else "llm_output_invalid"
                logger.warning("answer falls back to extractive: %s", exc.message)
                self._metrics.llm_error(kind)
                self._metrics.fallback(kind)
                draft.mode, draft.citations, draft.removed = "none", [], []
                draft.notices.append(compose.NOTICES[kind])
                yield from self._emit(draft, compose.notice_paragraph(compose.NOTICES[kind]))
        composed = compose_extractive(question, result, self.lens, self._sentence_embedder, focus or ())
        for paragraph in composed.paragraphs:
            yield from self._emit(draft, paragraph)
        for citation in composed.citations:
            draft.citations.append(citation)
            yield CitationEvent(citation=citation)

    def _compose_llm(
        self, llm: ChatModel, question: str, result: SearchResult, draft: _Draft
    ) -> Generator[AskEvent, None, None]:
        assert self._answer_prompt is not None
        hits = {h.bp_id: h for h in compose.in_scope_hits(result)}
        messages = self._answer_prompt.render(context=compose.render_context(list(hits.values())), question=question)
        guard = AnswerFilter(hits, secret=messages[0].content, public=messages[1].content)
        draft.mode = "llm"
        started = time.perf_counter()
        try:
            for chunk in llm.stream(messages):
                yield from self._emit_model_text(draft, guard, hits, guard.feed(chunk))
            yield from self._emit_model_text(draft, guard, hits, guard.finish())
        finally:
            self._metrics.observe_llm(time.perf_counter() - started, "answer")
        if not draft.text.strip():
            raise LLMOutputInvalid("the model returned an empty answer")
        draft.removed = list(guard.removed)
        if guard.removed:
            self._metrics.citations_removed(len(guard.removed))
            draft.notices.append(compose.NOTICES["citations_removed"])
        if not draft.citations:
            draft.notices.append(compose.NOTICES["uncited"])
            for hit in hits.values():
                draft.citations.append(compose.citation_for(hit))
                yield CitationEvent(citation=draft.citations[-1])
        yield from self._emit(draft, sources_paragraph(draft.citations))
        if draft.notices:
            yield from self._emit(draft, compose.notice_paragraph(" ".join(draft.notices)))

    def _emit_model_text(
        self, draft: _Draft, guard: AnswerFilter, hits: dict[str, BPHit], text: str
    ) -> Iterator[AskEvent]:
        if text:
            draft.text += text
            yield DeltaEvent(text=text)
        for bp_id in guard.cited[len(draft.citations) :]:
            draft.citations.append(compose.citation_for(hits[bp_id]))
            yield CitationEvent(citation=draft.citations[-1])

    @staticmethod
    def _emit(draft: _Draft, paragraph: str) -> Iterator[AskEvent]:
        piece = f"\n\n{paragraph}" if draft.text else paragraph
        draft.text += piece
        yield DeltaEvent(text=piece)

    def _search(self, question: str, filters: SearchFilters, *, override: bool | None = None) -> SearchResult:
        started = time.perf_counter()
        result = self._retriever.search(question, k=self._k, filters=filters, override=override)
        self._metrics.observe_retrieval(time.perf_counter() - started)
        return result

    def _rank(self, question: str, filters: SearchFilters) -> SearchResult:
        started = time.perf_counter()
        result = self._retriever.rank(question, k=self._k, filters=filters)
        self._metrics.observe_retrieval(time.perf_counter() - started)
        return result

    def _resolve_and_search(self, p: PreparedAsk) -> tuple[str, str, SearchResult, list[str]]:
        """The standalone question (shown back), the text searched and composed with, its search result, and the focus
        words that text names again (`repeated_focus`; none unless it is the weighted text). A
        follow-up is first read without a model (the previous topic carried over) and gated: only when that reading is
        on topic does the LLM, if any, rewrite it, and the rewrite is gated again. So the scope gate decides on the
        user's own words before any model sees them: a follow-up that leaves the lens (or an override attempt the
        patterns miss, which the gate refuses as off topic) never reaches the rewriter. Without a rewrite (no model,
        or it failed), the on-topic carry-over is ranked again with the follow-up's new focus words named again
        (`weigh_focus`), so that "and in notebooks?" ranks the practice about notebooks, not only the earlier
        topic's. That is a ranking only (`Retriever.rank`): the gate has judged the carry-over, and the weighted text
        adds only the follow-up's own words, checked for an override attempt as the question was (a weighted text that
        reads as one, which the words' repetition could bring, is gated in full, so it is refused as before)."""
        if not p.history or not looks_like_follow_up(p.question):
            # `stream` has checked this very text for an override attempt: the gate is handed the verdict. A reviewer
            # persona in the assistant's lane opening it is not its topic: searched and composed without it
            # (app/retrieval/persona.py)
            asked = without_lane_persona(p.question) or p.question
            return p.question, asked, self._search(asked, p.filters, override=False), []
        carried = carry_over(p.question, p.history)
        result = self._search(carried, p.filters)
        if result.out_of_scope:
            return carried, carried, result, []
        if self.llm is not None and self._rewrite_prompt is not None:
            rewritten = self._rewrite(self.llm, self._rewrite_prompt, p)
            if rewritten is not None and rewritten != carried:
                return rewritten, rewritten, self._search(rewritten, p.filters), []
        focus = repeated_focus(p.question, p.history)
        if not focus:
            return carried, carried, result, []
        weighted = weigh_focus(carried, focus)
        if is_override_attempt(weighted):
            return carried, weighted, self._search(weighted, p.filters), focus
        focused = self._rank(weighted, p.filters)
        return (carried, weighted, focused, focus) if focused.hits else (carried, carried, result, [])

    def _rewrite(self, llm: ChatModel, prompt: PromptTemplate, p: PreparedAsk) -> str | None:
        """The LLM's standalone form of a follow-up, or None when the model fails (the carry-over stands)."""
        messages = prompt.render(history=render_history(p.history), question=p.question)
        started = time.perf_counter()
        try:
            parsed = llm.complete(messages, schema=Rewrite).parsed
            # The rewrite is shown back (resolved_question), so it gets the same leak check as answers.
            if isinstance(parsed, Rewrite) and repeats_secret(parsed.question, *[m.content for m in messages]):
                raise LLMOutputInvalid("the rewrite repeated its instructions")
            if isinstance(parsed, Rewrite):
                return parsed.question.strip()
        except (LLMUnavailable, LLMOutputInvalid) as exc:
            logger.warning("follow-up rewrite falls back to carry-over: %s", exc.message)
            self._metrics.llm_error("llm_unavailable" if isinstance(exc, LLMUnavailable) else "llm_output_invalid")
            self._metrics.fallback("rewrite")
        finally:
            self._metrics.observe_llm(time.perf_counter() - started, "rewrite")
        return None

    def _check_question(self, question: str, field: str = "question") -> str:
        question = visible(question)
        if not question:
            raise InvalidInput(f"{field} is empty: ask about the ML Lens, e.g. 'how should we version training data?'")
        if len(question) > self._max_chars:
            raise InvalidInput(f"{field} is too long: {len(question)} characters, the limit is {self._max_chars}")
        fault = text_fault(question)  # every edge's question passes here (REST, OpenAI, MCP, Slack, CLI)
        if fault is not None:  # before the tokenizer sees it and the database stores it
            raise InvalidInput(f"{field} contains {fault}")
        return question

    def _check_filters(self, filters: SearchFilters | None) -> None:
        unknown = [q for q in (filters.question_ids if filters else ()) if self.lens.question(q) is None]
        if unknown:
            valid = ", ".join(q.id for q in self.lens.questions)
            raise InvalidInput(f"unknown question ID(s) {', '.join(unknown)} in filters; valid: {valid}")
