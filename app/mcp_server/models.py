"""Typed tool results (their JSON Schemas are the tools' output schemas). PURE."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.lens.models import ATTRIBUTION, Phase, PillarId, Risk
from app.qa.models import RefusalKind
from app.retrieval.base import HitMatch


class Exchange(BaseModel):
    """One earlier turn of a conversation the caller holds."""

    question: str = Field(max_length=4000)
    answer: str = Field(max_length=20000)


class PracticeHit(BaseModel):
    bp_id: str
    title: str
    risk: Risk | None
    pillar: PillarId | None
    phase: Phase | None
    url: str
    relevance: float = Field(description="0..1; below the threshold the query is out of the lens's scope")
    match: HitMatch = Field(
        "ranked", description="`id` (the query names it), `same_question` (its question's other practice), `ranked`"
    )
    snippet: str


class SearchLensResult(BaseModel):
    results: list[PracticeHit]
    out_of_scope: bool
    attribution: str = ATTRIBUTION


class PracticeDetail(BaseModel):
    bp_id: str
    legacy_id: str | None
    question_id: str
    title: str
    risk: Risk
    pillar: PillarId
    phase: Phase
    url: str
    intro: str
    desired_outcome: str
    anti_patterns: list[str]
    benefits: list[str]
    guidance: str
    steps: list[str]
    attribution: str = ATTRIBUTION


class CitedPractice(BaseModel):
    bp_id: str
    title: str
    url: str


class AskLensResult(BaseModel):
    answer: str = Field(description="Markdown, with a Sources list linking each cited practice's AWS page")
    refused: bool = Field(description="true when the question is outside the lens (the answer says why)")
    refusal: RefusalKind | None = Field(
        None,
        description="why it was refused: `override` (an attempt to override the assistant's instructions), "
        "`off_topic` (not about the lens), `not_english` (not written in English; the answer asks for English)",
    )
    citations: list[CitedPractice]
    turn_id: int | None


class ReviewReport(BaseModel):
    review_id: str
    format: str
    filename: str
    content: str
