"""HTTP request and response shapes (*Request / *Response) and their mapping from domain objects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator, model_validator

from app.lens.models import ATTRIBUTION, BestPractice, Lens, Phase, PillarId, Question, Risk, Section
from app.qa.models import Answer, Citation, RefusalKind, Topic
from app.retrieval.base import HitMatch, SearchFilters, SearchResult
from app.text_faults import faulty_text

PILLAR_VALUES = ", ".join(p.value for p in PillarId)
PHASE_VALUES = ", ".join(p.slug for p in Phase)
RISK_VALUES = ", ".join(r.value for r in Risk)
T = TypeVar("T")
# Every integer in a request is bounded: IDs and versions are 32-bit in the PostgreSQL schema (and SQLite raises
# OverflowError past 64 bits), so a larger value is a 422 here rather than a database error.
MAX_INT = 2**31 - 1


class _Request(BaseModel):
    """Base of every request body: unknown fields are rejected, and so is text that is not valid Unicode or that
    holds a NUL character. Numbers and booleans are strict (StrictInt, StrictBool): "5" is not 5 and "yes" or 1 is
    not true."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        # JSON can spell an unpaired UTF-16 surrogate ("\ud800"); Python accepts it into a str that then fails in
        # the tokenizer, the database or the JSON encoder. JSON can spell NUL too ("\u0000"), which SQLite stores and
        # PostgreSQL refuses (a 500 on one backend, stored on the other). Refuse both at the edge, naming where.
        problem = faulty_text(data)  # "profile.name contains a NUL character (U+0000)", as MCP and the services say
        if problem is not None:
            raise ValueError(problem)
        return data


class PillarsAndPhases(_Request):
    """Base of requests narrowed by pillars and phases: values are parsed to IDs, or rejected with the valid ones."""

    pillars: list[str] = Field(default_factory=list, description=f"any of: {PILLAR_VALUES}")
    phases: list[str] = Field(default_factory=list, description=f"any of: {PHASE_VALUES}")

    @field_validator("pillars")
    @classmethod
    def _pillars(cls, values: list[str]) -> list[str]:
        return [parse_choice(v, PillarId.parse, "pillar", PILLAR_VALUES).value for v in values]

    @field_validator("phases")
    @classmethod
    def _phases(cls, values: list[str]) -> list[str]:
        return [parse_choice(v, Phase.parse, "phase", PHASE_VALUES).value for v in values]


class Filters(PillarsAndPhases):
    """Restrict retrieval. Unknown values are rejected with the list of valid ones."""

    question_ids: list[str] = Field(default_factory=list, description="lens question IDs, e.g. MLSEC03")
    risks: list[str] = Field(default_factory=list, description=f"any of: {RISK_VALUES}")

    @field_validator("risks")
    @classmethod
    def _risks(cls, values: list[str]) -> list[str]:
        return [parse_choice(v, lambda t: Risk(t.strip().capitalize()), "risk", RISK_VALUES).value for v in values]

    @field_validator("question_ids")
    @classmethod
    def _question_ids(cls, values: list[str]) -> list[str]:
        return [v.strip().upper() for v in values]

    def to_domain(self) -> SearchFilters:
        return SearchFilters(
            pillars=tuple(PillarId(p) for p in self.pillars),
            phases=tuple(Phase(p) for p in self.phases),
            question_ids=tuple(self.question_ids),
            risks=tuple(Risk(r) for r in self.risks),
        )


def parse_choice(value: str, parse: Callable[[str], T], kind: str, valid: str) -> T:
    try:
        return parse(value)
    except ValueError:
        raise ValueError(f"unknown {kind} {value!r}; valid: {valid}") from None


class AskRequest(_Request):
    question: str = Field(
        description="the question, 1 to MLLENS_MAX_QUESTION_CHARS (4000) characters",
        examples=["How should we version data?"],
    )
    conversation_id: str | None = Field(None, max_length=64, description="continue a conversation (follow-ups)")
    filters: Filters | None = None


REFUSAL_KIND = (
    "why the question was refused (null when answered): `override` (an attempt to override the assistant's "
    "instructions), `off_topic` (not about the ML Lens), `not_english` (not written in English: the lens, its search "
    "and the assistant read English only, and the answer asks for the question in English); nothing of the question "
    "is repeated"
)


class AskResponse(BaseModel):
    answer: str
    citations: list[Citation]
    refused: bool
    mode: Literal["none", "llm"]
    conversation_id: str
    turn_id: int | None
    model: str | None = None
    notice: str | None = None
    citations_removed: list[str] = []
    nearest_topics: list[Topic] = []
    resolved_question: str
    prompt_hash: str | None = None
    flagged: bool = Field(False, description="true when citations to practices that were not retrieved were removed")
    refusal: RefusalKind | None = Field(None, description=REFUSAL_KIND)
    attribution: str = ATTRIBUTION

    @classmethod
    def of(cls, answer: Answer) -> AskResponse:
        return cls.model_validate({**answer.model_dump(), "flagged": answer.is_flagged})


class SearchRequest(_Request):
    query: str
    k: StrictInt = Field(5, ge=1, le=50)
    filters: Filters | None = None
    passages: StrictBool = Field(
        True, description="include each result's best passages; false for a compact reply (IDs, titles, URLs, scores)"
    )


class PassageOut(BaseModel):
    id: str
    section: Section
    text: str
    score: float
    cosine: float


class SearchHitOut(BaseModel):
    bp_id: str
    title: str
    risk: Risk | None
    pillar: PillarId | None
    phase: Phase | None
    question_id: str | None
    url: str
    score: float
    relevance: float
    match: HitMatch = Field(
        description="`id`: the query names it; `same_question`: another practice of the named practice's question; "
        "`ranked`: found by the dense + BM25 ranking"
    )
    passages: list[PassageOut]


class SearchResponse(BaseModel):
    query: str
    route: str
    out_of_scope: bool
    scope_reason: Literal["override", "off_topic"] | None = Field(
        None, description="why the query is out of scope: an instruction-override attempt, or not about the lens"
    )
    scope_probability: float = Field(description="the scope gate's estimate that the query is about the lens")
    threshold: float = Field(description="hits at or above this relevance are quoted in answers (the best one always)")
    results: list[SearchHitOut]
    attribution: str = ATTRIBUTION

    @classmethod
    def of(cls, result: SearchResult, *, passages: bool = True) -> SearchResponse:
        hits = [
            SearchHitOut(
                bp_id=h.bp_id,
                title=h.title,
                risk=h.risk,
                pillar=h.pillar,
                phase=h.phase,
                question_id=h.question_id,
                url=h.url,
                score=h.score,
                relevance=h.relevance,
                match=h.match,
                passages=[
                    PassageOut(
                        id=p.passage.id, section=p.passage.section, text=p.passage.text, score=p.score, cosine=p.cosine
                    )
                    for p in (h.passages if passages else ())
                ],
            )
            for h in result.hits
        ]
        return cls(
            query=result.query,
            route=result.route,
            out_of_scope=result.out_of_scope,
            scope_reason=result.scope_reason,
            scope_probability=result.scope_probability,
            threshold=result.threshold,
            results=hits,
        )


class FeedbackRequest(_Request):
    """On an answer (`turn_id`) or on a review's drafted finding (`review_id` + `finding_id`, the finding's practice
    ID). Rating the same thing again replaces the earlier rating and reason."""

    turn_id: StrictInt | None = Field(None, ge=1, le=MAX_INT, description="the answer's `turn_id`")
    review_id: str | None = Field(None, max_length=64)
    finding_id: str | None = Field(None, max_length=40, examples=["MLSEC03-BP02"])
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000, description="an optional reason")

    @model_validator(mode="after")
    def _one_target(self) -> FeedbackRequest:
        on_finding = self.review_id is not None or self.finding_id is not None
        if (self.turn_id is None) == (not on_finding) or (on_finding and not (self.review_id and self.finding_id)):
            raise ValueError("feedback is on an answer (turn_id) or on a finding (review_id and finding_id)")
        return self


class FeedbackResponse(BaseModel):
    id: int


class BestPracticeSummary(BaseModel):
    id: str
    title: str
    risk: Risk
    url: str
    legacy_id: str | None


class QuestionResponse(BaseModel):
    id: str
    title: str
    pillar: PillarId
    phase: Phase
    url: str
    best_practices: list[BestPracticeSummary]
    attribution: str = ATTRIBUTION

    @classmethod
    def of(cls, q: Question) -> QuestionResponse:
        bps = [
            BestPracticeSummary(id=b.id, title=b.title, risk=b.risk, url=b.url, legacy_id=b.legacy_id)
            for b in q.best_practices
        ]
        return cls(id=q.id, title=q.title, pillar=q.pillar, phase=q.phase, url=q.url, best_practices=bps)


class PillarOut(BaseModel):
    id: PillarId
    name: str
    questions: list[QuestionResponse]


class LensResponse(BaseModel):
    version: str
    pillars: list[PillarOut]
    attribution: str = ATTRIBUTION

    @classmethod
    def of(cls, lens: Lens) -> LensResponse:
        pillars = [
            PillarOut(id=p.id, name=p.name, questions=[QuestionResponse.of(q) for q in p.questions])
            for p in lens.pillars
        ]
        return cls(version=lens.version, pillars=pillars)


class BestPracticeResponse(BaseModel):
    best_practice: BestPractice
    attribution: str = ATTRIBUTION


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class LinkRequest(_Request):
    code: str = Field(min_length=4, max_length=40, description="the one-time code `/mllens link` showed in Slack")


class LinkedIdentity(BaseModel):
    tenant: str = Field(description="the linked identity's tenant, e.g. slack:T0123")
    subject: str = Field(description="the person within it, e.g. a Slack user ID")
    created_at: datetime


class LinkResponse(BaseModel):
    linked: LinkedIdentity
    moved_reviews: int = Field(description="reviews the Slack user had that now belong to you")
    moved_conversations: int


class LinksResponse(BaseModel):
    links: list[LinkedIdentity]
