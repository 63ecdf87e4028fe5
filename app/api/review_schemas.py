"""HTTP shapes for reviews (*Request / *Response). A turn, the risk summary and a milestone diff are the review core's
own typed data (TurnResult, RiskSummary, MilestoneDiff), returned as they are: they are built for UIs already."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, StrictInt, field_validator, model_validator

from app.api.schemas import MAX_INT, PILLAR_VALUES, ErrorBody, PillarsAndPhases, _Request
from app.findings.milestones import Milestone
from app.lens.models import Phase, PillarId
from app.review.actions import Action, Answer
from app.review.models import (
    MAX_ANSWER_CHARS,
    BPStatus,
    NAReason,
    Review,
    ReviewOrder,
    ReviewScope,
    ReviewStatus,
    WorkloadProfile,
)
from app.review.risk import QuestionRisk
from app.review.turn import TurnResult
from app.reviewing.service import MAX_SIDE_QUESTION_CHARS

MAX_MILESTONE_NAME = 100


class ScopeRequest(PillarsAndPhases):
    """Which questions the review covers: a question is in scope if it matches both lists; empty lists mean all."""

    pillars: list[str] = Field(default_factory=list, description=f"any of: {PILLAR_VALUES} (or names, e.g. Security)")

    def to_domain(self) -> ReviewScope:
        return ReviewScope(
            pillars=tuple(PillarId(p) for p in self.pillars), phases=tuple(Phase(p) for p in self.phases)
        )


class CreateReviewRequest(_Request):
    profile: WorkloadProfile
    scope: ScopeRequest = Field(default_factory=ScopeRequest, description="default: all 35 questions")
    order: ReviewOrder = Field(
        ReviewOrder.PHASE_FIRST, description="phase_first (lifecycle phase, then pillar) or pillar_first"
    )

    @field_validator("profile", mode="before")
    @classmethod
    def _stated_as_a_boolean(cls, profile: Any) -> Any:
        # the profile is the review core's own model (lax: "yes" or 1 would pass as true); a request states it strictly
        if isinstance(profile, dict) and not isinstance(profile.get("managed_ai_only"), bool | None):
            raise ValueError("managed_ai_only must be true, false or null (not a string or a number)")
        return profile


class TurnRequest(_Request):
    """One turn is one thing: an answer (`text` and/or `picks`), an `action`, or a side question (`ask`)."""

    expected_version: StrictInt | None = Field(
        None,
        ge=1,
        le=MAX_INT,
        description="the `version` of the turn you are responding to; required for everything but a side question. "
        "If the review has moved on, the reply is 409 `stale_review` with the current turn in `error.current`.",
    )
    text: str = Field(
        "",
        max_length=MAX_ANSWER_CHARS,
        description="a free-text answer to the current question; mapped to a proposal per practice, saved only on "
        "confirm",
    )
    picks: dict[str, BPStatus] = Field(
        default_factory=dict,
        description="explicit statuses by practice ID of the current question (authoritative over the text)",
        examples=[{"MLSEC03-BP01": "implemented", "MLSEC03-BP03": "not_implemented"}],
    )
    action: Action | None = Field(
        None,
        description="confirm, edit, skip, back, goto, question_not_applicable, practice_not_applicable (or answer)",
        examples=[{"type": "confirm"}, {"type": "question_not_applicable", "reason": "OUT_OF_SCOPE", "note": "…"}],
    )
    ask: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_SIDE_QUESTION_CHARS,
        description="a side question (e.g. 'what does BP02 mean?'), answered from the lens with citations in "
        "`side_answer`; the review does not move",
    )

    @model_validator(mode="after")
    def _one_thing(self) -> TurnRequest:
        given = [
            name
            for name, present in (
                ("text/picks", bool(self.text or self.picks)),
                ("action", self.action is not None),
                ("ask", self.ask is not None),
            )
            if present
        ]
        if len(given) != 1:
            got = f"got {' and '.join(given)}" if given else "got none"
            raise ValueError(
                f"a turn is one thing: an answer (text and/or picks), an action, or a side question (ask); {got}"
            )
        if self.ask is None and self.expected_version is None:
            raise ValueError("expected_version is required: send the `version` of the turn you are responding to")
        return self

    def to_action(self) -> Action | None:
        """The action to apply, or None for a side question."""
        if self.action is not None:
            return self.action
        return None if self.ask is not None else Answer(text=self.text, picks=self.picks)


class ReviewSummary(BaseModel):
    id: str
    name: str
    status: ReviewStatus
    version: int
    answered: int = Field(description="questions saved (confirmed or not applicable)")
    total: int = Field(description="questions in scope")
    current_question: str | None
    scope: ReviewScope
    order: ReviewOrder
    lens_version: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, review: Review) -> ReviewSummary:
        return cls(
            id=review.id,
            name=review.profile.name,
            status=review.status,
            version=review.version,
            answered=len(review.answers),
            total=len(review.question_ids),
            current_question=review.cursor,
            scope=review.scope,
            order=review.order,
            lens_version=review.lens_version,
            created_at=review.created_at,
            updated_at=review.updated_at,
        )


class ReviewListResponse(BaseModel):
    reviews: list[ReviewSummary] = Field(description="newest first")
    next_cursor: str | None = Field(
        None, description="send as `cursor` for the next page; null on the last page (opaque: do not parse it)"
    )

    @classmethod
    def of(cls, reviews: list[Review], *, next_cursor: str | None = None) -> ReviewListResponse:
        return cls(reviews=[ReviewSummary.of(r) for r in reviews], next_cursor=next_cursor)


class MilestoneRequest(_Request):
    name: str = Field(min_length=1, max_length=MAX_MILESTONE_NAME, examples=["before-launch"])


class MilestoneResponse(BaseModel):
    name: str
    review_id: str
    review_version: int
    created_at: datetime
    lens_version: str
    corpus_hash: str
    risks: dict[str, QuestionRisk] = Field(description="risk per question in scope, as frozen")
    findings: list[str] = Field(description="IDs (the practice IDs) of the findings frozen with it")

    @classmethod
    def of(cls, milestone: Milestone) -> MilestoneResponse:
        return cls(
            name=milestone.name,
            review_id=milestone.review_id,
            review_version=milestone.review_version,
            created_at=milestone.created_at,
            lens_version=milestone.lens_version,
            corpus_hash=milestone.corpus_hash,
            risks=milestone.risks,
            findings=[f.id for f in milestone.findings],
        )


class MilestoneListResponse(BaseModel):
    milestones: list[MilestoneResponse]

    @classmethod
    def of(cls, milestones: list[Milestone]) -> MilestoneListResponse:
        return cls(milestones=[MilestoneResponse.of(m) for m in milestones])


class StaleErrorBody(ErrorBody):
    current: TurnResult | None = Field(None, description="only for `stale_review`: the review's current turn")


class ConflictResponse(BaseModel):
    error: StaleErrorBody


class WAChoiceUpdate(BaseModel):
    Status: Literal["SELECTED", "NOT_APPLICABLE", "UNSELECTED"]
    Reason: NAReason | None = Field(None, description="only for NOT_APPLICABLE")
    Notes: str = Field("", max_length=250)


class WAUpdateAnswer(BaseModel):
    """Keyword arguments of boto3 `wellarchitected.update_answer`, without WorkloadId and LensAlias."""

    QuestionId: str
    SelectedChoices: list[str] | None = Field(None, description="choice IDs in place, or the question's `_no`")
    ChoiceUpdates: dict[str, WAChoiceUpdate] | None = None
    Notes: str = Field(max_length=2084)
    IsApplicable: bool
    Reason: NAReason | None = Field(None, description="only when IsApplicable is false")


class WAToolAnswersResponse(BaseModel):
    review_id: str
    milestone: str | None = None
    lens_version: str
    answers: list[WAUpdateAnswer] = Field(description="one per answered question, in review order")
