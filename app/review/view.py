"""Builds the TurnResult for a review's current state: question, choices, proposal, follow-up, actions, progress.
PURE: no I/O.
"""

from __future__ import annotations

from app.lens.interview import Interview, QuestionContent
from app.lens.models import Lens, Phase, PillarId, Question, Risk
from app.review.actions import ActionType
from app.review.models import BPStatus, Provenance, QuestionAnswer, Review
from app.review.risk import question_risk
from app.review.turn import (
    LOW_CONFIDENCE,
    BPChoice,
    BPProposal,
    Confidence,
    Count,
    FollowUp,
    Notice,
    Progress,
    QuestionView,
    RiskView,
    TurnResult,
)


def render_turn(
    lens: Lens,
    interview: Interview,
    review: Review,
    *,
    saved: str | None = None,
    notices: tuple[Notice, ...] = (),
) -> TurnResult:
    """The turn as typed data; `saved` names a question whose answer this turn saved (its risk is included)."""
    saved_risk = _risk_view(lens, review, saved) if saved else None
    common = {
        "review_id": review.id,
        "version": review.version,
        "status": review.status,
        "progress": progress(lens, review),
        "saved": saved_risk,
        "notices": notices,
        "allowed_actions": allowed_actions(review),
    }
    if review.cursor is None:
        return TurnResult(question=None, **common)
    question = lens.question(review.cursor)
    assert question is not None
    content = interview.content(question)
    answer = review.answer_for(question.id)
    return TurnResult(
        question=_question_view(question, content, review),
        choices=tuple(_choice(question, content, bp_id) for bp_id in (bp.id for bp in question.best_practices)),
        proposal=_proposal(answer),
        question_not_applicable=bool(answer and answer.not_applicable),
        question_na_reason=answer.na_reason if answer else None,
        is_confirmed=review.is_confirmed(question.id),
        follow_up=_follow_up(review, question, content, answer),
        risk=_risk_view(lens, review, question.id) if review.is_confirmed(question.id) else None,
        **common,
    )


def allowed_actions(review: Review) -> tuple[ActionType, ...]:
    if review.cursor is None:
        return (ActionType.GOTO, ActionType.EDIT, ActionType.BACK) if review.answers else (ActionType.GOTO,)
    actions = [ActionType.ANSWER]
    draft = review.drafts.get(review.cursor)
    if draft is not None and draft.has_proposal:
        actions.append(ActionType.CONFIRM)
    if review.answer_for(review.cursor) is not None or review.answers:
        actions.append(ActionType.EDIT)
    actions += [ActionType.SKIP]
    if review.question_ids.index(review.cursor) > 0:
        actions.append(ActionType.BACK)
    actions += [ActionType.GOTO, ActionType.QUESTION_NOT_APPLICABLE, ActionType.PRACTICE_NOT_APPLICABLE]
    return tuple(actions)


def progress(lens: Lens, review: Review) -> Progress:
    """Confirmed (or marked not applicable) questions per pillar, per phase and overall, over the review's scope."""
    by_pillar: dict[PillarId, Count] = {}
    by_phase: dict[Phase, Count] = {}
    for question_id in review.question_ids:
        question = lens.question(question_id)
        assert question is not None
        done = int(review.is_confirmed(question_id))
        by_pillar[question.pillar] = _bump(by_pillar.get(question.pillar), done)
        by_phase[question.phase] = _bump(by_phase.get(question.phase), done)
    overall = Count(done=sum(c.done for c in by_pillar.values()), total=len(review.question_ids))
    return Progress(
        overall=overall,
        by_pillar=by_pillar,
        by_phase=dict(sorted(by_phase.items(), key=lambda kv: kv[0].order)),
    )


def _bump(count: Count | None, done: int) -> Count:
    return Count(done=(count.done if count else 0) + done, total=(count.total if count else 0) + 1)


def _question_view(question: Question, content: QuestionContent, review: Review) -> QuestionView:
    return QuestionView(
        id=question.id,
        pillar=question.pillar,
        pillar_name=question.pillar.title,
        phase=question.phase,
        title=content.title,
        text=content.opening,
        position=review.question_ids.index(question.id) + 1,
        total=len(review.question_ids),
        high_risk_practices=sum(1 for bp in question.best_practices if bp.risk is Risk.HIGH),
        medium_risk_practices=sum(1 for bp in question.best_practices if bp.risk is Risk.MEDIUM),
        url=question.url,
    )


def _choice(question: Question, content: QuestionContent, bp_id: str) -> BPChoice:
    bp = next(b for b in question.best_practices if b.id == bp_id)
    practice = content.practices.get(bp_id)
    return BPChoice(id=bp.id, label=practice.label if practice else bp.title, title=bp.title, risk=bp.risk, url=bp.url)


def _proposal(answer: QuestionAnswer | None) -> tuple[BPProposal, ...]:
    if answer is None or not answer.has_proposal:
        return ()
    return tuple(
        BPProposal(
            bp_id=bp_id,
            status=a.status,
            provenance=a.provenance,
            confidence=a.confidence,
            confidence_level=Confidence.of(a.confidence),
            quote=a.quote,
            na_reason=a.na_reason,
        )
        for bp_id, a in answer.practices.items()
    )


def _follow_up(
    review: Review, question: Question, content: QuestionContent, answer: QuestionAnswer | None
) -> FollowUp | None:
    """One follow-up: the first undetermined practice, else the least certain non-ticked one; none once saved."""
    bp_id = follow_up_practice(review, question.id)
    return _practice_follow_up(content, bp_id) if bp_id else None


def follow_up_practice(review: Review, question_id: str) -> str | None:
    """The practice the pending follow-up asks about (None when there is no follow-up)."""
    draft = review.drafts.get(question_id)
    if draft is None or draft.not_applicable:
        return None
    practices = draft.practices
    if not draft.text and not any(a.provenance is Provenance.USER_SELECTED for a in practices.values()):
        return None  # nothing said yet: the opening question is the prompt
    undetermined = [bp_id for bp_id, a in practices.items() if a.status is BPStatus.CANNOT_DETERMINE]
    if undetermined:
        return undetermined[0]
    unsure = [
        (a.confidence, bp_id)
        for bp_id, a in practices.items()
        if a.provenance is not Provenance.USER_SELECTED and a.confidence < LOW_CONFIDENCE
    ]
    return min(unsure)[1] if unsure else None


def _practice_follow_up(content: QuestionContent, bp_id: str) -> FollowUp:
    practice = content.practices.get(bp_id)
    if practice is None:
        return FollowUp(text=content.follow_ups[0] if content.follow_ups else content.opening)
    return FollowUp(text=practice.follow_up, bp_id=bp_id)


def _risk_view(lens: Lens, review: Review, question_id: str) -> RiskView | None:
    question = lens.question(question_id)
    if question is None:
        return None
    result = question_risk(question, review.answers.get(question_id))
    return RiskView(
        question_id=question_id,
        risk=result.risk,
        high_risk_gaps=result.high_risk_gaps,
        medium_risk_gaps=result.medium_risk_gaps,
    )
