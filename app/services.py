"""Composition root: every edge (HTTP API, CLI, and the widget, Slack and other front ends) gets its services from the
builders here, so the same settings give the same behaviour everywhere. Heavy loading (index, embedding model,
migrations) happens here, once per process.

- build_services(settings): everything (`mllens serve`, `mllens ask`, the terminal `mllens review`).
- build_report_service(settings): stored reviews' reports, exports and milestones, without the model or the index
  (`mllens export`); it never maps answers.
- key_store(settings): API keys outside the server (`mllens keys`).
- build_answer_mapping(settings, llm=…): lens, interview content and the answer mapper without the index or a
  database (`mllens review map`, `mllens eval review`).
- build_qa_service(settings, kb, store, llm): the QA service alone, in either mode (`mllens eval ask --llm`).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from app.errors import NotReady
from app.findings.llm_drafting import LLMFindingDrafter
from app.knowledge import (
    KnowledgeBase,
    load_knowledge_base,
    load_reference_embedder,
)
from app.lens.interview import Interview, QuestionContent, load_interview
from app.lens.loader import load_lens
from app.lens.models import Lens, Question
from app.llm.base import ChatModel
from app.llm.fake import ScriptedChatModel
from app.llm.prompts import load_prompt
from app.memory import trim_heap
from app.metrics import Metrics
from app.persistence.conversations import SqlConversationStore, SqlFeedbackStore
from app.persistence.db import Database
from app.persistence.identity import IdentityLinkStore
from app.persistence.keys import ApiKeyStore
from app.persistence.migrate import upgrade
from app.persistence.rate_limits import RateLimiter, Rule
from app.persistence.reviews import SqlReviewStore
from app.persistence.slack_state import SlackStateStore
from app.persistence.streams import SqlStreamStore
from app.persistence.widget_keys import WidgetKeyStore
from app.qa.ports import ConversationStore, QAMetrics
from app.qa.service import QAService
from app.review.embedding_mapper import EmbeddingMapper
from app.review.llm_mapper import LLMAnswerMapper
from app.review.mapping import AnswerMapper, MappingResult, predict_statuses
from app.review.models import BPStatus, ReviewOrder, ReviewScope, ordered_questions
from app.reviewing.service import AskFn, FindingDrafter, ReviewService, lens_drafter
from app.reviewing.side_questions import qa_side_questions
from app.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    kb: KnowledgeBase
    db: Database
    qa: QAService
    keys: ApiKeyStore
    feedback: SqlFeedbackStore
    metrics: Metrics
    review: ReviewService
    mapping: EmbeddingMapper  # the no-LLM answer mapper (the LLM mapper's fallback); warmed by the server
    identity: IdentityLinkStore  # Slack user -> widget identity links (one-time codes, audited)
    slack_state: SlackStateStore  # Slack event dedupe and thread bindings, in the database (all instances)
    llm: ChatModel | None = None
    review_warm: threading.Event = field(default_factory=threading.Event)
    limits: RateLimiter | None = None  # per-principal quotas shared through the database (None: no limits)

    @cached_property
    def widget_keys(self) -> WidgetKeyStore:
        """Publishable keys of the web widget, with their allowed origins and user-token secrets."""
        return WidgetKeyStore(self.db, cache_s=self.settings.api_key_cache_s)

    @cached_property
    def streams(self) -> SqlStreamStore:
        """Streamed answers kept for replay (a reload or a dropped connection picks up where it was)."""
        return SqlStreamStore(self.db)

    def warm_up_review(self) -> None:
        """Embed every question's reference sentences for answer mapping now, not on each question's first answer
        (about 11 s on one CPU thread for the full lens with MiniLM; the server runs it in the background)."""
        lens, interview = self.review.lens, self.review.interview
        # In the default review order, so a review started meanwhile mostly finds its next question warm.
        ordered = [lens.question(q) for q in ordered_questions(lens, ReviewScope(), ReviewOrder.PHASE_FIRST)]
        try:
            self.mapping.warm_up([(q, interview.content(q)) for q in ordered if q is not None])
        except Exception:  # a background thread is its own outermost edge; turns still map, computing on demand
            logger.exception("warming the review answer mapper failed")
        finally:
            self.review_warm.set()
            trim_heap()  # the warm-up's temporary arrays

    def close(self) -> None:
        self.db.dispose()


def build_chat_model(settings: Settings) -> ChatModel | None:
    """None for the embedded `none` mode; the scripted demo model for `fake`; else a LangChain provider."""
    if settings.llm_provider == "none":
        return None
    if settings.llm_provider == "fake":
        return ScriptedChatModel()
    from app.llm.langchain_model import build_chat_model as build_langchain  # imports LangChain only when used

    return build_langchain(settings)


def limit_torch_threads(threads: int) -> None:
    """One query embedding per request thread: torch's default (all cores per call) oversubscribes the CPU under
    concurrent requests and spins when the machine is busy (measured: 82 ms vs 16 ms p50 per embedding)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)


def limit_blas_threads() -> None:
    """One BLAS thread: a numpy matrix product on the request path (late interaction's, app/retrieval/
    sentence_tokens.py) otherwise wakes OpenBLAS's pool of one thread per core, whose threads spin against the model's
    and FAISS's on a shared machine (docs/extractive-answers.md, "Late interaction")."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def build_database(settings: Settings) -> Database:
    db = Database(
        settings.database_url, timeout_s=settings.db_timeout_s, sqlite_synchronous=settings.sqlite_synchronous
    )
    upgrade(db)
    return db


def build_rate_limiter(settings: Settings, db: Database, clock: Callable[[], float] = time.time) -> RateLimiter:
    return RateLimiter(
        db,
        {
            "requests": Rule(settings.rate_requests_per_minute, 60),
            "widget_anonymous": Rule(
                settings.rate_widget_anonymous_per_minute, 60, what="requests from anonymous users of this widget key"
            ),
            "widget_visitor": Rule(
                settings.rate_widget_visitor_per_minute,
                60,
                what="requests from this visitor's address to this widget key (anonymous users)",
            ),
            "reviews": Rule(settings.rate_reviews_per_hour, 3600, exact=True, what="reviews created"),
            "feedback": Rule(settings.rate_feedback_per_answer, 86400, exact=True, what="ratings of this answer"),
        },
        clock=clock,
    )


@contextmanager
def key_store(settings: Settings) -> Iterator[ApiKeyStore]:
    """API keys over the configured database outside the server (`mllens keys`, the bind check before loading), the
    same store the server builds; the database is released on exit."""
    db = build_database(settings)
    try:
        yield _keys(settings, db)
    finally:
        db.dispose()


def _keys(settings: Settings, db: Database) -> ApiKeyStore:
    return ApiKeyStore(db, unknown_cache_s=settings.unknown_key_cache_s)


def build_answer_mapper(settings: Settings, embedding: EmbeddingMapper, chat: ChatModel | None) -> AnswerMapper:
    """No-LLM mode: the embedding mapper. With a chat model: the LLM mapper (validated structured output; a status
    stands only if its quote is about that practice), falling back to the embedding mapper when the provider fails
    or answers badly."""
    if chat is None:
        return embedding
    prompt = load_prompt(settings.prompts_dir, "review_map")
    return LLMAnswerMapper(chat, prompt, embedding, relevance=embedding.relevance)


def build_finding_drafter(settings: Settings, chat: ChatModel | None) -> FindingDrafter:
    """No-LLM mode: findings composed from the lens text. With a chat model: the same findings with each
    recommendation drafted by the model and citation-checked, falling back to the lens text per finding."""
    if chat is None:
        return lens_drafter
    return LLMFindingDrafter(chat, load_prompt(settings.prompts_dir, "draft_finding"))


def build_review_service(
    settings: Settings,
    lens: Lens,
    db: Database,
    mapper: AnswerMapper,
    *,
    ask: AskFn | None = None,
    interview: Interview | None = None,
    chat: ChatModel | None = None,
) -> ReviewService:
    """The review service over the SQL store on `db`: the one construction `mllens serve` and `mllens review` share.
    With `chat`, findings are drafted by the model (see build_finding_drafter)."""
    interview = interview or load_interview(settings.prompts_dir / "interview", lens)
    drafter = build_finding_drafter(settings, chat)
    return ReviewService(lens, interview, mapper, SqlReviewStore(db, lens), ask=ask, drafter=drafter)


class UnavailableMapper:
    """The answer mapper of a service that only reads stored reviews (reports, exports, milestones)."""

    name = "unavailable"

    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult:
        raise NotReady("answer mapping is not loaded in this command")


def build_report_service(settings: Settings) -> ReviewService:
    """Reports, exports and milestones of stored reviews over the configured database, without loading the embedding
    model or the index (answers are never mapped here)."""
    lens = load_lens(settings.corpus_dir)
    return build_review_service(settings, lens, build_database(settings), UnavailableMapper())


@dataclass(frozen=True)
class AnswerMapping:
    """Lens, interview content and the answer mapper, without the index or a database: what batch mapping
    (`mllens review map`) and the mapping eval need. `predict` proposes exactly as a live review turn does."""

    lens: Lens
    interview: Interview
    embedding: EmbeddingMapper
    mapper: AnswerMapper
    mode: str  # "none", or "llm (<provider>:<model>)"

    def predict(self, question_id: str, text: str, picks: dict[str, str] | None = None) -> dict[str, BPStatus]:
        return predict_statuses(self.lens, self.interview, self.mapper, question_id, text, picks)


def build_answer_mapping(settings: Settings, *, llm: bool = False) -> AnswerMapping:
    """The no-LLM mapper, or with `llm` the configured provider's mapper (MLLENS_LLM_PROVIDER) over the same fallback:
    the same construction as the review service's (build_answer_mapper)."""
    lens = load_lens(settings.corpus_dir)
    interview = load_interview(settings.prompts_dir / "interview", lens)
    embedding = EmbeddingMapper(
        load_reference_embedder(settings), elsewhere=[(q, interview.content(q)) for q in lens.questions]
    )
    chat = build_chat_model(settings) if llm else None
    mode = f"llm ({settings.llm_provider}:{settings.llm_model or 'default'})" if chat else "none"
    return AnswerMapping(lens, interview, embedding, build_answer_mapper(settings, embedding, chat), mode)


def build_qa_service(
    settings: Settings,
    kb: KnowledgeBase,
    store: ConversationStore,
    llm: ChatModel | None,
    *,
    metrics: QAMetrics | None = None,
) -> QAService:
    """The QA service every edge answers with (no-LLM mode when `llm` is None); `mllens eval ask --llm` builds both
    modes with it."""
    return QAService(
        kb.lens,
        kb.retriever,
        store,
        llm=llm,
        answer_prompt=load_prompt(settings.prompts_dir, "answer") if llm else None,
        rewrite_prompt=load_prompt(settings.prompts_dir, "rewrite") if llm else None,
        k=settings.search_k,
        max_question_chars=settings.max_question_chars,
        metrics=metrics,
        sentence_embedder=kb.reference_embedder,
    )


def build_services(
    settings: Settings,
    *,
    kb: KnowledgeBase | None = None,
    chat_model: ChatModel | None = None,
    db: Database | None = None,
) -> Services:
    """Build every service from settings; tests pass a prebuilt `kb`, `db` or a scripted `chat_model`."""
    # Concurrent requests' query embeddings are batched (about half the cost per query under load).
    if kb is None:
        kb = load_knowledge_base(settings, batching=True)
    limit_torch_threads(settings.torch_threads)
    limit_blas_threads()
    db = db or build_database(settings)
    metrics = Metrics()
    llm = chat_model if chat_model is not None else build_chat_model(settings)
    qa = build_qa_service(settings, kb, SqlConversationStore(db), llm, metrics=metrics)
    keys = _keys(settings, db)
    interview = load_interview(settings.prompts_dir / "interview", kb.lens)
    mapping = EmbeddingMapper(kb.reference_embedder, elsewhere=[(q, interview.content(q)) for q in kb.lens.questions])
    # Side questions mid-review go to the QA service (a cited lens answer); the review keeps its place.
    review = build_review_service(
        settings,
        kb.lens,
        db,
        build_answer_mapper(settings, mapping, llm),
        ask=qa_side_questions(qa),
        chat=llm,
        interview=interview,
    )
    logger.info("services ready: %d passages, LLM %s", kb.retriever.passage_count, llm.name if llm else "none")
    identity = IdentityLinkStore(db, ttl_s=settings.slack_link_code_ttl_s)
    return Services(
        settings,
        kb,
        db,
        qa,
        keys,
        SqlFeedbackStore(db),
        metrics,
        review,
        mapping,
        identity,
        SlackStateStore(db),
        llm,
        limits=build_rate_limiter(settings, db),
    )
