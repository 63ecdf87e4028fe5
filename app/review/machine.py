"""The review state machine: (review, action) → new review + TurnResult. PURE: no I/O, no clock.

A turn has one effect, and it runs before the transition, not inside it: `propose_answer` sends an Answer's text
through the AnswerMapper port (the embedding mapper, or in LLM mode a model call) and returns the proposal;
`transition` then applies the action with that proposal and does nothing else. Callers (app.reviewing.service) run
the two in that order.

Invariants: `answers` holds confirmed answers only; `drafts` holds unconfirmed proposals (nothing is saved before
confirm, and navigating away never loses a draft); `version` grows by one per transition; risk is never set here,
only computed (app.review.risk). Invalid input raises InvalidAction (422) naming the valid IDs; an action that makes
no sense in the current state raises ActionNotAllowed (409) saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.lens.interview import Interview
from app.lens.models import Lens, Question
from app.review.actions import (
    Action,
    Answer,
    Back,
    Confirm,
    Edit,
    Goto,
    PracticeNotApplicable,
    QuestionNotApplicable,
    Skip,
)
from app.review.cues import short_reply_status
from app.review.errors import ActionNotAllowed, InvalidAction
from app.review.mapping import AnswerMapper, MappingResult, apply_picks, merge_proposals, propose
from app.review.models import (
    MAX_ANSWER_CHARS,
    BPAnswer,
    BPStatus,
    NAReason,
    Provenance,
    QuestionAnswer,
    Review,
    ReviewOrder,
    ReviewScope,
    ReviewStatus,
    WorkloadProfile,
    ordered_questions,
)
from app.review.profile import suggest_not_applicable
from app.review.turn import Notice, NoticeCode, TurnResult
from app.review.view import follow_up_practice, render_turn
from app.text_faults import visible


@dataclass(frozen=True)
class ReviewContext:
    lens: Lens
    interview: Interview
    mapper: AnswerMapper  # the port `propose_answer` calls; `transition` never does


@dataclass(frozen=True)
class Step:
    review: Review
    result: TurnResult


def start_review(
    ctx: ReviewContext,
    *,
    review_id: str,
    profile: WorkloadProfile,
    scope: ReviewScope | None = None,
    order: ReviewOrder = ReviewOrder.PHASE_FIRST,
) -> Step:
    """A new review positioned on its first question (with any profile-based proposals as its draft)."""
    scope = scope or ReviewScope()
    question_ids = ordered_questions(ctx.lens, scope, order)
    if not question_ids:
        raise InvalidAction("the scope selects no questions: choose at least one pillar or phase that has questions")
    review = Review(
        id=review_id,
        profile=profile,
        scope=scope,
        order=order,
        lens_version=ctx.lens.version,
        corpus_hash=ctx.lens.corpus_hash,
        question_ids=question_ids,
        cursor=None,
    )
    review, notices = _enter(ctx, review, question_ids[0])
    return Step(review, render_turn(ctx.lens, ctx.interview, review, notices=notices))


def propose_answer(ctx: ReviewContext, review: Review, action: Action) -> MappingResult | None:
    """The turn's effect, run before `transition`: an Answer's proposal from the mapper (None for other actions).
    The answer is checked first (current question, known practice IDs, not empty), so bad input never reaches the
    mapper or a model."""
    if not isinstance(action, Answer):
        return None
    question = _checked_answer(ctx, review, action)
    return propose(ctx.mapper, question, ctx.interview.content(question), action.text, action.picks)


def transition(ctx: ReviewContext, review: Review, action: Action, proposal: MappingResult | None = None) -> Step:
    """Apply one user action; an Answer needs the `proposal` that `propose_answer` computed for it. Raises
    InvalidAction / ActionNotAllowed; never returns a half-applied review."""
    if isinstance(action, Answer):
        if proposal is None:
            raise ValueError("an answer needs its proposal: call propose_answer first")
        new, saved, notices = _answer(ctx, review, action, proposal)
    else:
        new, saved, notices = _HANDLERS[type(action)](ctx, review, action)
    new = new.model_copy(update={"version": review.version + 1, "status": _status(new)})
    return Step(new, render_turn(ctx.lens, ctx.interview, new, saved=saved, notices=notices))


# --- handlers: (ctx, review, action) -> (review, saved question ID or None, notices) -------------------------------

_Out = tuple[Review, str | None, tuple[Notice, ...]]


def _checked_answer(ctx: ReviewContext, review: Review, action: Answer) -> Question:
    question = _current(ctx, review, "answer")
    _check_bp_ids(question, action.picks)
    if not visible(action.text) and not action.picks:
        raise InvalidAction("the answer is empty: describe what your team does, or tick practices")
    return question


def _answer(ctx: ReviewContext, review: Review, action: Answer, mapped_answer: MappingResult) -> _Out:
    question = _checked_answer(ctx, review, action)
    if set(mapped_answer.practices) != {bp.id for bp in question.best_practices}:
        raise ValueError(f"the proposal is not for {question.id}: call propose_answer on this review")
    base = _working_answer(ctx, review, question)
    result = _as_follow_up_reply(review, question, action, mapped_answer)
    # Picks override the earlier draft too; statements only replace what they determine.
    mapped = {bp: a for bp, a in result.practices.items() if bp not in action.picks}
    proposal = apply_picks(question, merge_proposals(question, base.practices, mapped), action.picks)
    notices: list[Notice] = []
    if result.degraded:
        notices.append(Notice(code=NoticeCode.MAPPING_DEGRADED, message=result.degraded, question_id=question.id))
    if action.text.strip() and not action.picks and not any(a.is_determined for a in result.practices.values()):
        notices.append(
            Notice(
                code=NoticeCode.NO_NEW_INFORMATION,
                message="Nothing in that answer settled a practice; the follow-up may help.",
                question_id=question.id,
            )
        )
    moot = _whole_question_moot(question, result, proposal)
    if moot is not None and not action.picks:
        notices.append(moot)
    text = "\n".join(t for t in (base.text, action.text.strip()) if t)
    draft = base.model_copy(
        update={"practices": proposal, "text": text[-4 * MAX_ANSWER_CHARS :], "not_applicable": False}
    )
    return _with_draft(review, draft), None, tuple(notices)


def _whole_question_moot(question: Question, result: MappingResult, proposal: dict[str, BPAnswer]) -> Notice | None:
    """Every practice proposed as not applicable from this answer: say so, so the user can confirm it as a whole."""
    reason = _every_practice_not_applicable(proposal)
    if reason is None or not any(a.status is BPStatus.NOT_APPLICABLE for a in result.practices.values()):
        return None
    return Notice(
        code=NoticeCode.ANSWER_SUGGESTS_NOT_APPLICABLE,
        message=(
            f"From your answer, this whole question looks not applicable ({reason.value.replace('_', ' ').lower()}); "
            "confirm, or change any practice that does apply."
        ),
        question_id=question.id,
        bp_ids=tuple(proposal),
    )


def _every_practice_not_applicable(practices: dict[str, BPAnswer]) -> NAReason | None:
    """The reason to give the whole question when every one of its practices is not applicable, else None."""
    answers = list(practices.values())
    if not answers or any(a.status is not BPStatus.NOT_APPLICABLE for a in answers):
        return None
    return next((a.na_reason for a in answers if a.na_reason), NAReason.OUT_OF_SCOPE)


def _confirm(ctx: ReviewContext, review: Review, action: Confirm) -> _Out:
    question = _current(ctx, review, "confirm")
    draft = review.drafts.get(question.id)
    if draft is None or not draft.has_proposal:
        why = (
            "this answer is already saved; answer or edit to change it"
            if review.is_confirmed(question.id)
            else "nothing is proposed yet: answer in your own words, tick practices, skip, or mark it not applicable"
        )
        raise ActionNotAllowed(f"cannot confirm {question.id}: {why}")
    saved_answer = draft.model_copy(update={"confirmed": True})
    reason = _every_practice_not_applicable(draft.practices)
    if reason is not None and not draft.not_applicable:
        # Every practice confirmed not applicable is the whole question not applicable (WA Tool: not applicable,
        # not "no risk"), with the practices' reason; the practices keep their statuses and reasons.
        saved_answer = saved_answer.model_copy(update={"not_applicable": True, "na_reason": reason})
    answers = {**review.answers, question.id: saved_answer}
    drafts = {k: v for k, v in review.drafts.items() if k != question.id}
    saved = review.model_copy(update={"answers": answers, "drafts": drafts})
    moved, notices = _advance(ctx, saved, question.id)
    return moved, question.id, (Notice(code=NoticeCode.SAVED, message="Saved.", question_id=question.id), *notices)


def _edit(ctx: ReviewContext, review: Review, action: Edit) -> _Out:
    question = _question_in_scope(ctx, review, action.question_id or review.cursor)
    _check_bp_ids(question, action.statuses)
    existing = review.answer_for(question.id)
    if existing is None and not action.statuses:
        raise ActionNotAllowed(f"nothing to edit for {question.id}: it has no answer yet; answer it instead")
    base = (existing or QuestionAnswer.empty(question)).model_copy(update={"confirmed": False})
    draft = base.model_copy(update={"practices": apply_picks(question, base.practices, action.statuses)})
    if action.statuses:
        draft = draft.model_copy(update={"not_applicable": False, "na_reason": None})
    moved = _with_draft(review, draft).model_copy(update={"cursor": question.id})
    return moved, None, ()


def _skip(ctx: ReviewContext, review: Review, action: Skip) -> _Out:
    question = _current(ctx, review, "skip")
    nxt = _next_open(review, question.id)
    if nxt is None:
        if all(review.is_confirmed(q) for q in review.question_ids):
            return review.model_copy(update={"cursor": None}), None, ()
        notice = Notice(
            code=NoticeCode.NOTHING_ELSE_OPEN,
            message="This is the only question left open; answer it or mark it not applicable.",
            question_id=question.id,
        )
        return review, None, (notice,)
    moved, notices = _enter(ctx, review, nxt)
    return moved, None, notices


def _back(ctx: ReviewContext, review: Review, action: Back) -> _Out:
    if review.cursor is None:
        moved, notices = _enter(ctx, review, review.question_ids[-1])
        return moved, None, notices
    position = review.question_ids.index(review.cursor)
    if position == 0:
        raise ActionNotAllowed(f"{review.cursor} is the first question of this review; there is nothing before it")
    moved, notices = _enter(ctx, review, review.question_ids[position - 1])
    return moved, None, notices


def _goto(ctx: ReviewContext, review: Review, action: Goto) -> _Out:
    question = _question_in_scope(ctx, review, action.question_id)
    moved, notices = _enter(ctx, review, question.id)
    return moved, None, notices


def _question_na(ctx: ReviewContext, review: Review, action: QuestionNotApplicable) -> _Out:
    question = _question_in_scope(ctx, review, action.question_id or review.cursor)
    base = review.answer_for(question.id) or QuestionAnswer.empty(question)
    answer = base.model_copy(
        update={"not_applicable": True, "na_reason": action.reason, "notes": action.note, "confirmed": True}
    )
    answers = {**review.answers, question.id: answer}
    drafts = {k: v for k, v in review.drafts.items() if k != question.id}
    saved = review.model_copy(update={"answers": answers, "drafts": drafts})
    notices: tuple[Notice, ...] = (Notice(code=NoticeCode.SAVED, message="Saved.", question_id=question.id),)
    if question.id == review.cursor:
        saved, more = _advance(ctx, saved, question.id)
        notices += more
    return saved, question.id, notices


def _practice_na(ctx: ReviewContext, review: Review, action: PracticeNotApplicable) -> _Out:
    question = _current(ctx, review, "mark a practice not applicable")
    _check_bp_ids(question, {action.bp_id: BPStatus.NOT_APPLICABLE})
    base = _working_answer(ctx, review, question)
    marked = BPAnswer(
        status=BPStatus.NOT_APPLICABLE,
        provenance=Provenance.USER_SELECTED,
        confidence=1.0,
        quote=base.practices[action.bp_id].quote,
        na_reason=action.reason,
        note=action.note,
    )
    draft = base.model_copy(update={"practices": {**base.practices, action.bp_id: marked}})
    return _with_draft(review, draft), None, ()


def _as_follow_up_reply(review: Review, question: Question, action: Answer, result: MappingResult) -> MappingResult:
    """ "Not yet." right after "could you trace which snapshot trained the model?" answers that practice; "We don't."
    to a question with a single practice answers that one."""
    if action.picks or any(a.is_determined for a in result.practices.values()):
        return result
    sole = question.best_practices[0].id if len(question.best_practices) == 1 else None
    bp_id = follow_up_practice(review, question.id) or sole
    status = short_reply_status(action.text) if bp_id else None
    if bp_id is None or status is None:
        return result
    reply = BPAnswer(status=status, provenance=Provenance.USER_STATED, confidence=0.6, quote=action.text.strip())
    return MappingResult(practices={**result.practices, bp_id: reply}, mapper=result.mapper, degraded=result.degraded)


_HANDLERS: dict[type, Callable[[ReviewContext, Review, Any], _Out]] = {
    Confirm: _confirm,
    Edit: _edit,
    Skip: _skip,
    Back: _back,
    Goto: _goto,
    QuestionNotApplicable: _question_na,
    PracticeNotApplicable: _practice_na,
}


# --- helpers ------------------------------------------------------------------------------------------------------


def _current(ctx: ReviewContext, review: Review, verb: str) -> Question:
    if review.cursor is None:
        raise ActionNotAllowed(f"cannot {verb}: the review is complete; go to a question (goto or edit) to change it")
    question = ctx.lens.question(review.cursor)
    assert question is not None, review.cursor
    return question


def _question_in_scope(ctx: ReviewContext, review: Review, question_id: str | None) -> Question:
    if question_id is None:
        raise ActionNotAllowed("no question is open: name one (question_id)")
    question = ctx.lens.question(question_id.strip().upper())
    if question is None or question.id not in review.question_ids:
        where = "is not a lens question" if question is None else "is not in this review's scope"
        raise InvalidAction(f"{question_id!r} {where}; valid questions: {', '.join(review.question_ids)}")
    return question


def _check_bp_ids(question: Question, statuses: dict[str, BPStatus]) -> None:
    valid = [bp.id for bp in question.best_practices]
    unknown = [bp_id for bp_id in statuses if bp_id not in valid]
    if unknown:
        raise InvalidAction(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a practice of {question.id}; "
            f"valid practices: {', '.join(valid)}"
        )


def _working_answer(ctx: ReviewContext, review: Review, question: Question) -> QuestionAnswer:
    """The draft to change: the current draft, else a copy of the saved answer, else profile proposals."""
    existing = review.answer_for(question.id)
    if existing is not None:
        return existing.model_copy(update={"confirmed": False})
    return _initial_draft(ctx, review, question) or QuestionAnswer.empty(question)


def _initial_draft(ctx: ReviewContext, review: Review, question: Question) -> QuestionAnswer | None:
    suggested = suggest_not_applicable(review.profile, question)
    if not suggested:
        return None
    empty = QuestionAnswer.empty(question)
    return empty.model_copy(update={"practices": {**empty.practices, **suggested}})


def _with_draft(review: Review, draft: QuestionAnswer) -> Review:
    return review.model_copy(update={"drafts": {**review.drafts, draft.question_id: draft}})


def _enter(ctx: ReviewContext, review: Review, question_id: str) -> tuple[Review, tuple[Notice, ...]]:
    """Move the cursor; a fresh question gets the profile's not-applicable proposals as its draft."""
    moved = review.model_copy(update={"cursor": question_id})
    if review.answer_for(question_id) is not None:
        return moved, ()
    question = ctx.lens.question(question_id)
    assert question is not None
    draft = _initial_draft(ctx, review, question)
    if draft is None:
        return moved, ()
    suggested = tuple(bp_id for bp_id, a in draft.practices.items() if a.status is BPStatus.NOT_APPLICABLE)
    notice = Notice(
        code=NoticeCode.PROFILE_SUGGESTS_NOT_APPLICABLE,
        message="From the workload profile, these practices look not applicable; confirm or change them.",
        question_id=question_id,
        bp_ids=suggested,
    )
    return _with_draft(moved, draft), (notice,)


def _advance(ctx: ReviewContext, review: Review, after: str) -> tuple[Review, tuple[Notice, ...]]:
    nxt = _next_open(review, after)
    if nxt is None:
        done = Notice(code=NoticeCode.REVIEW_COMPLETED, message="Every question in scope has a saved answer.")
        return review.model_copy(update={"cursor": None}), (done,)
    return _enter(ctx, review, nxt)


def _next_open(review: Review, after: str) -> str | None:
    """The next unconfirmed question after `after` in review order, wrapping around; never `after` itself."""
    ids = review.question_ids
    start = ids.index(after)
    for offset in range(1, len(ids)):
        candidate = ids[(start + offset) % len(ids)]
        if not review.is_confirmed(candidate):
            return candidate
    return None


def _status(review: Review) -> ReviewStatus:
    done = all(review.is_confirmed(q) for q in review.question_ids)
    return ReviewStatus.COMPLETED if done else ReviewStatus.IN_PROGRESS
