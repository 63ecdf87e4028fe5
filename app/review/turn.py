"""TurnResult: everything a UI (widget, Slack, terminal) needs to render one review turn, as typed data. PURE.

No pre-rendered text beyond the project's own question wording and the user's quotes; each edge lays it out.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.frozen import Frozen as _Frozen
from app.lens.models import ATTRIBUTION, Phase, PillarId, Risk
from app.review.actions import ActionType
from app.review.findings import Finding
from app.review.models import BPStatus, NAReason, Provenance, ReviewStatus
from app.review.risk import QuestionRisk


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @classmethod
    def of(cls, value: float) -> Confidence:
        return cls.HIGH if value >= 0.75 else cls.MEDIUM if value >= 0.5 else cls.LOW


LOW_CONFIDENCE = 0.5  # below this a proposal gets a follow-up question


class QuestionView(_Frozen):
    id: str
    pillar: PillarId
    pillar_name: str
    phase: Phase
    title: str  # the project's short title for the question
    text: str  # the project's plain-language opening question
    position: int  # 1-based position in this review's order
    total: int
    high_risk_practices: int
    medium_risk_practices: int
    url: str


class BPChoice(_Frozen):
    id: str
    label: str  # the project's one-line description
    title: str  # the lens's BP title
    risk: Risk
    url: str


class BPProposal(_Frozen):
    bp_id: str
    status: BPStatus
    provenance: Provenance
    confidence: float
    confidence_level: Confidence
    quote: str = ""  # the user's own words (empty when nothing supports it)
    na_reason: NAReason | None = None


class FollowUp(_Frozen):
    text: str
    bp_id: str | None = None  # the practice it tries to settle; None for a question-level probe


class Count(_Frozen):
    done: int
    total: int


class Progress(_Frozen):
    overall: Count
    by_pillar: dict[PillarId, Count]
    by_phase: dict[Phase, Count]


class RiskView(_Frozen):
    question_id: str
    risk: QuestionRisk
    high_risk_gaps: tuple[str, ...] = ()
    medium_risk_gaps: tuple[str, ...] = ()


class NoticeCode(StrEnum):
    SAVED = "saved"
    PROFILE_SUGGESTS_NOT_APPLICABLE = "profile_suggests_not_applicable"
    ANSWER_SUGGESTS_NOT_APPLICABLE = "answer_suggests_not_applicable"  # what the answer states makes the question moot
    NO_NEW_INFORMATION = "no_new_information"
    REVIEW_COMPLETED = "review_completed"
    MAPPING_DEGRADED = "mapping_degraded"  # the LLM mapper failed; the embedding mapper answered instead
    DRAFTING_DEGRADED = "drafting_degraded"  # the LLM could not draft some findings; they are the lens text
    CITATIONS_REMOVED = "citations_removed"  # an LLM-drafted finding cited IDs it was not given; they were removed
    NOTHING_ELSE_OPEN = "nothing_else_open"
    SIDE_QUESTION_UNAVAILABLE = "side_question_unavailable"
    NOT_ENGLISH = "not_english"  # the answer is not in English: nothing recorded, the review is as it was


class Notice(_Frozen):
    code: NoticeCode
    message: str
    question_id: str | None = None
    bp_ids: tuple[str, ...] = ()


class SideCitation(_Frozen):
    bp_id: str
    title: str = ""
    url: str = ""
    section: str = ""


class SideAnswer(_Frozen):
    """The ask service's answer to a question asked mid-review; the review keeps its place."""

    question: str
    text: str
    citations: tuple[SideCitation, ...] = ()


class TurnResult(_Frozen):
    review_id: str
    version: int
    status: ReviewStatus
    question: QuestionView | None  # None once the review is completed
    choices: tuple[BPChoice, ...] = ()
    proposal: tuple[BPProposal, ...] = ()  # empty until the user has said something (or the profile suggests)
    question_not_applicable: bool = False
    question_na_reason: NAReason | None = None
    is_confirmed: bool = False  # the question under the cursor already has a saved answer
    follow_up: FollowUp | None = None
    allowed_actions: tuple[ActionType, ...]
    progress: Progress
    risk: RiskView | None = None  # of the question under the cursor, once confirmed
    saved: RiskView | None = None  # the answer this turn saved, with its risk
    notices: tuple[Notice, ...] = ()
    side_answer: SideAnswer | None = None
    findings: tuple[Finding, ...] = Field((), description="drafted findings for `saved` (filled by the service)")
    attribution: str = Field(ATTRIBUTION, description="the AWS attribution of the lens text this turn shows")
