"""Deterministic risk from the lens's BP risk levels and the confirmed statuses (WA Tool semantics). PURE: no I/O.

Per question: NOT_APPLICABLE if marked so; UNANSWERED if not confirmed; HIGH if any High-risk BP is not fully
implemented (not-applicable BPs do not count; an undetermined BP does, as an unticked WA Tool choice would);
else MEDIUM if any Medium-risk BP is not; else NONE. Nothing here reads LLM output.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from app.lens.models import Lens, Phase, PillarId, Question, Risk
from app.review.models import QuestionAnswer, Review


class QuestionRisk(StrEnum):
    """The WA Tool's risk values."""

    UNANSWERED = "UNANSWERED"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    NONE = "NONE"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class QuestionRiskResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    question_id: str
    risk: QuestionRisk
    high_risk_gaps: tuple[str, ...] = ()  # High-risk BPs not fully implemented
    medium_risk_gaps: tuple[str, ...] = ()


class RiskCounts(BaseModel):
    """Questions per risk value (the WA Tool's HRI/MRI counts) and BPs not fully in place per BP risk."""

    model_config = ConfigDict(frozen=True)

    high: int = 0
    medium: int = 0
    none: int = 0
    not_applicable: int = 0
    unanswered: int = 0
    high_risk_practices: int = 0
    medium_risk_practices: int = 0

    def add(self, result: QuestionRiskResult) -> RiskCounts:
        field = result.risk.value.lower()
        return self.model_copy(
            update={
                field: getattr(self, field) + 1,
                "high_risk_practices": self.high_risk_practices + len(result.high_risk_gaps),
                "medium_risk_practices": self.medium_risk_practices + len(result.medium_risk_gaps),
            }
        )


class RiskSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    questions: tuple[QuestionRiskResult, ...]
    overall: RiskCounts
    by_pillar: dict[PillarId, RiskCounts]
    by_phase: dict[Phase, RiskCounts]


def question_risk(question: Question, answer: QuestionAnswer | None) -> QuestionRiskResult:
    """Risk of one question from its confirmed answer (None or unconfirmed → UNANSWERED)."""
    if answer is None or not answer.confirmed:
        return QuestionRiskResult(question_id=question.id, risk=QuestionRisk.UNANSWERED)
    if answer.not_applicable:
        return QuestionRiskResult(question_id=question.id, risk=QuestionRisk.NOT_APPLICABLE)
    gaps = [bp for bp in question.best_practices if bp.id in answer.practices and answer.practices[bp.id].status.is_gap]
    gaps += [bp for bp in question.best_practices if bp.id not in answer.practices]
    high = tuple(bp.id for bp in question.best_practices if bp in gaps and bp.risk is Risk.HIGH)
    medium = tuple(bp.id for bp in question.best_practices if bp in gaps and bp.risk is Risk.MEDIUM)
    risk = QuestionRisk.HIGH if high else QuestionRisk.MEDIUM if medium else QuestionRisk.NONE
    return QuestionRiskResult(question_id=question.id, risk=risk, high_risk_gaps=high, medium_risk_gaps=medium)


def summarise_risk(lens: Lens, review: Review) -> RiskSummary:
    """Risk per question in scope (in review order), with counts per pillar, phase and overall."""
    results = []
    for question_id in review.question_ids:
        question = lens.question(question_id)
        if question is not None:
            results.append(question_risk(question, review.answers.get(question_id)))
    return summarise_results(lens, results)


def summarise_results(lens: Lens, results: Iterable[QuestionRiskResult]) -> RiskSummary:
    items = tuple(results)
    overall = RiskCounts()
    by_pillar: dict[PillarId, RiskCounts] = {}
    by_phase: dict[Phase, RiskCounts] = {}
    for result in items:
        question = lens.question(result.question_id)
        assert question is not None
        overall = overall.add(result)
        by_pillar[question.pillar] = by_pillar.get(question.pillar, RiskCounts()).add(result)
        by_phase[question.phase] = by_phase.get(question.phase, RiskCounts()).add(result)
    # Lens order, not review order.
    by_pillar = {pillar: by_pillar[pillar] for pillar in PillarId if pillar in by_pillar}
    by_phase = {phase: by_phase[phase] for phase in Phase if phase in by_phase}
    return RiskSummary(questions=items, overall=overall, by_pillar=by_pillar, by_phase=by_phase)
