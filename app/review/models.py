"""Review state: workload profile, scope, per-question answers and the Review itself. PURE: no I/O.

A Review is immutable; every transition (app.review.machine) returns a new one with `version` + 1.
Confirmed answers live in `answers`; unconfirmed proposals live in `drafts` so navigation never loses them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import Field

from app.frozen import Frozen as _Frozen
from app.lens.models import Lens, Phase, PillarId, Question

MAX_ANSWER_CHARS = 4000
MAX_NOTE_CHARS = 2000


class BPStatus(StrEnum):
    IMPLEMENTED = "implemented"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_APPLICABLE = "not_applicable"
    CANNOT_DETERMINE = "cannot_determine"

    @property
    def is_gap(self) -> bool:
        """Not fully in place, so it counts towards risk (an undetermined one too, like an unticked WA Tool choice)."""
        return self in (BPStatus.PARTIALLY_IMPLEMENTED, BPStatus.NOT_IMPLEMENTED, BPStatus.CANNOT_DETERMINE)


class Provenance(StrEnum):
    USER_SELECTED = "user_selected"  # ticked or edited by the user: authoritative
    USER_STATED = "user_stated"  # read from the user's own words
    INFERRED = "inferred"  # proposed from the profile or weak evidence


class NAReason(StrEnum):
    """The WA Tool's reasons for marking a question not applicable."""

    OUT_OF_SCOPE = "OUT_OF_SCOPE"
    BUSINESS_PRIORITIES = "BUSINESS_PRIORITIES"
    ARCHITECTURE_CONSTRAINTS = "ARCHITECTURE_CONSTRAINTS"
    OTHER = "OTHER"


class InferenceMode(StrEnum):
    REAL_TIME = "real_time"
    BATCH = "batch"
    BOTH = "both"


class DataSensitivity(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    REGULATED = "regulated"


class ReviewOrder(StrEnum):
    PHASE_FIRST = "phase_first"  # lifecycle phase, then pillar (the default)
    PILLAR_FIRST = "pillar_first"


class ReviewStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # every question in scope confirmed or marked not applicable


class WorkloadProfile(_Frozen):
    """What the user said about the workload. A field left out is null ("not stated"), never a guessed default: reports
    show it as not stated and no not-applicable proposal is derived from it."""

    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=MAX_NOTE_CHARS)
    ml_use_case: str = Field("", max_length=500)
    managed_ai_only: bool | None = Field(
        None, description="only calls managed AI services (no custom training); null: not stated"
    )
    data_sensitivity: DataSensitivity | None = Field(None, description="null: not stated")
    inference_mode: InferenceMode | None = Field(None, description="null: not stated")
    environment: str = Field("", max_length=200, description="e.g. production on AWS, pilot, on-premises")


class ReviewScope(_Frozen):
    """Pillars and/or lifecycle phases; empty means all. A question is in scope if it matches both."""

    pillars: tuple[PillarId, ...] = ()
    phases: tuple[Phase, ...] = ()

    def admits(self, question: Question) -> bool:
        return (not self.pillars or question.pillar in self.pillars) and (
            not self.phases or question.phase in self.phases
        )


class BPAnswer(_Frozen):
    status: BPStatus = BPStatus.CANNOT_DETERMINE
    provenance: Provenance = Provenance.INFERRED
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    quote: str = Field("", max_length=MAX_ANSWER_CHARS, description="the user's own words that support the status")
    na_reason: NAReason | None = None
    note: str = Field("", max_length=MAX_NOTE_CHARS)

    @property
    def is_determined(self) -> bool:
        return self.status is not BPStatus.CANNOT_DETERMINE


UNDETERMINED = BPAnswer()


class QuestionAnswer(_Frozen):
    question_id: str
    practices: dict[str, BPAnswer]  # one entry per BP of the question, in lens order
    not_applicable: bool = False
    na_reason: NAReason | None = None
    notes: str = Field("", max_length=MAX_NOTE_CHARS)
    text: str = Field("", max_length=4 * MAX_ANSWER_CHARS, description="everything the user wrote for this question")
    confirmed: bool = False

    @property
    def has_proposal(self) -> bool:
        return self.not_applicable or any(a.is_determined for a in self.practices.values())

    @classmethod
    def empty(cls, question: Question) -> QuestionAnswer:
        return cls(question_id=question.id, practices={bp.id: UNDETERMINED for bp in question.best_practices})


class Review(_Frozen):
    """Who owns a review is not part of it: the store keeps each review with its principal (app.principal)."""

    id: str
    profile: WorkloadProfile
    scope: ReviewScope = ReviewScope()
    order: ReviewOrder = ReviewOrder.PHASE_FIRST
    status: ReviewStatus = ReviewStatus.IN_PROGRESS
    version: int = 1
    lens_version: str
    corpus_hash: str
    question_ids: tuple[str, ...]  # the questions in scope, in the order asked
    cursor: str | None  # the question being asked; None once completed
    answers: dict[str, QuestionAnswer] = {}  # confirmed only
    drafts: dict[str, QuestionAnswer] = {}  # unconfirmed proposals, kept across navigation
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    def answer_for(self, question_id: str) -> QuestionAnswer | None:
        """The draft if there is one, else the confirmed answer."""
        return self.drafts.get(question_id) or self.answers.get(question_id)

    def is_confirmed(self, question_id: str) -> bool:
        return question_id in self.answers


def ordered_questions(lens: Lens, scope: ReviewScope, order: ReviewOrder) -> tuple[str, ...]:
    """Question IDs in scope, phase-first (business goal … monitoring, pillars in lens order) or pillar-first."""
    pillar_rank = {p.id: n for n, p in enumerate(lens.pillars)}
    questions = [q for q in lens.questions if scope.admits(q)]
    if order is ReviewOrder.PHASE_FIRST:
        questions.sort(key=lambda q: (q.phase.order, pillar_rank[q.pillar], q.id))
    else:
        questions.sort(key=lambda q: (pillar_rank[q.pillar], q.phase.order, q.id))
    return tuple(q.id for q in questions)
