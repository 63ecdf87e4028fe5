"""Table-driven tests of the review state machine: (state reached by some actions, action) → expected state or error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from app.lens.interview import Interview
from app.lens.models import Lens
from app.review.actions import (
    Action,
    ActionType,
    Answer,
    Back,
    Confirm,
    Edit,
    Goto,
    PracticeNotApplicable,
    QuestionNotApplicable,
    Skip,
)
from app.review.errors import ActionNotAllowed, InvalidAction
from app.review.machine import ReviewContext, Step, propose_answer, start_review, transition
from app.review.models import BPStatus, NAReason, Provenance, ReviewStatus, WorkloadProfile
from app.review.risk import QuestionRisk
from app.review.turn import NoticeCode
from tests.review.conftest import ScriptedMapper

IM = BPStatus.IMPLEMENTED
N = BPStatus.NOT_IMPLEMENTED
P = BPStatus.PARTIALLY_IMPLEMENTED
NA = BPStatus.NOT_APPLICABLE
CD = BPStatus.CANNOT_DETERMINE

ALL_OPS01 = {"MLOPS01-BP01": IM, "MLOPS01-BP02": IM, "MLOPS01-BP03": IM}
CONFIRM_FIRST = [Answer(text="we do all of it"), Confirm()]
CONFIRM_ALL = [
    *CONFIRM_FIRST,
    Answer(picks={"MLOPS02-BP01": IM}),
    Confirm(),
    Answer(picks={"MLSEC03-BP01": N}),
    Confirm(),
    Answer(picks={"MLSEC04-BP01": P}),
    Confirm(),
]


@dataclass
class Case:
    name: str
    setup: list[Action]
    action: Action
    cursor: str | None = None
    error: type[Exception] | None = None
    message: str = ""  # a fragment the error message must contain
    check: Callable[[Step], None] = field(default=lambda step: None)


def draft(step: Step, question_id: str = "MLOPS01") -> dict[str, BPStatus]:
    return {bp: a.status for bp, a in step.review.drafts[question_id].practices.items()}


def saved(step: Step, question_id: str) -> dict[str, BPStatus]:
    return {bp: a.status for bp, a in step.review.answers[question_id].practices.items()}


CASES = [
    Case(
        "free text proposes, nothing saved",
        [],
        Answer(text="skills yes, explainability no"),
        cursor="MLOPS01",
        check=lambda s: (
            draft(s) == {"MLOPS01-BP01": IM, "MLOPS01-BP02": N, "MLOPS01-BP03": CD}
            and not s.review.answers
            and s.result.follow_up is not None
            and s.result.follow_up.bp_id == "MLOPS01-BP03"
            and ActionType.CONFIRM in s.result.allowed_actions
        ),
    ),
    Case(
        "a later answer refines the draft and keeps earlier statements",
        [Answer(text="skills yes, explainability no")],
        Answer(text="monitoring partly"),
        cursor="MLOPS01",
        check=lambda s: (
            draft(s) == {"MLOPS01-BP01": IM, "MLOPS01-BP02": N, "MLOPS01-BP03": P} and s.result.follow_up is None
        ),
    ),
    Case(
        "picks are authoritative over text in the same turn",
        [],
        Answer(text="we do all of it", picks={"MLOPS01-BP02": N}),
        cursor="MLOPS01",
        check=lambda s: (
            draft(s)["MLOPS01-BP02"] is N
            and s.review.drafts["MLOPS01"].practices["MLOPS01-BP02"].provenance is Provenance.USER_SELECTED
            and s.review.drafts["MLOPS01"].practices["MLOPS01-BP02"].confidence == 1.0
        ),
    ),
    Case(
        "later free text does not override an earlier tick",
        [Answer(picks={"MLOPS01-BP02": N})],
        Answer(text="we do all of it"),
        cursor="MLOPS01",
        check=lambda s: draft(s) == {"MLOPS01-BP01": IM, "MLOPS01-BP02": N, "MLOPS01-BP03": IM},
    ),
    Case(
        "a short reply answers the pending follow-up",
        [Answer(text="skills yes, explainability no")],
        Answer(text="Not yet."),
        cursor="MLOPS01",
        check=lambda s: (
            draft(s) == {"MLOPS01-BP01": IM, "MLOPS01-BP02": N, "MLOPS01-BP03": N}
            and s.review.drafts["MLOPS01"].practices["MLOPS01-BP03"].quote == "Not yet."
        ),
    ),
    Case(
        "an affirmative short reply answers the follow-up too",
        [Answer(text="skills yes, explainability no")],
        Answer(text="Yes, we do"),
        cursor="MLOPS01",
        check=lambda s: draft(s)["MLOPS01-BP03"] is IM,
    ),
    Case(
        "a short reply without a cue is not read as an answer",
        [Answer(text="skills yes, explainability no")],
        Answer(text="hmm"),
        cursor="MLOPS01",
        check=lambda s: draft(s)["MLOPS01-BP03"] is CD,
    ),
    Case(
        "an answer that maps to nothing says so",
        [],
        Answer(text="no idea"),
        cursor="MLOPS01",
        check=lambda s: (
            NoticeCode.NO_NEW_INFORMATION in {n.code for n in s.result.notices}
            and ActionType.CONFIRM not in s.result.allowed_actions
        ),
    ),
    Case(
        "confirm saves, computes risk and moves on",
        [Answer(text="skills yes, explainability no")],
        Confirm(),
        cursor="MLOPS02",
        check=lambda s: (
            saved(s, "MLOPS01")["MLOPS01-BP02"] is N
            and s.review.answers["MLOPS01"].confirmed
            and "MLOPS01" not in s.review.drafts
            and s.result.saved is not None
            and s.result.saved.risk is QuestionRisk.HIGH
            and s.result.saved.high_risk_gaps == ("MLOPS01-BP02", "MLOPS01-BP03")
            and s.result.progress.overall.done == 1
        ),
    ),
    Case(
        "confirm with nothing proposed is a conflict",
        [],
        Confirm(),
        error=ActionNotAllowed,
        message="nothing is proposed yet",
    ),
    Case(
        "confirm an already saved answer is a conflict",
        [*CONFIRM_FIRST, Back()],
        Confirm(),
        error=ActionNotAllowed,
        message="already saved",
    ),
    Case("empty answer is invalid", [], Answer(text="   "), error=InvalidAction, message="empty"),
    Case(
        "unknown BP in picks names the valid ones",
        [],
        Answer(picks={"MLSEC03-BP01": IM}),
        error=InvalidAction,
        message="valid practices: MLOPS01-BP01, MLOPS01-BP02, MLOPS01-BP03",
    ),
    Case(
        "goto an unknown question names the valid ones",
        [],
        Goto(question_id="MLREL09"),
        error=InvalidAction,
        message="valid questions: MLOPS01, MLOPS02, MLSEC03, MLSEC04",
    ),
    Case("goto is case-tolerant", [], Goto(question_id="mlsec03"), cursor="MLSEC03"),
    Case(
        "skip keeps the draft and moves on",
        [Answer(text="skills yes, explainability no")],
        Skip(),
        cursor="MLOPS02",
        check=lambda s: "MLOPS01" in s.review.drafts and not s.review.answers,
    ),
    Case(
        "skip on the last question wraps to the first open one",
        [Goto(question_id="MLSEC04")],
        Skip(),
        cursor="MLOPS01",
    ),
    Case(
        "skip with nothing else open stays and says so",
        [*CONFIRM_ALL[:6], Skip()],
        Skip(),
        cursor="MLSEC04",
        check=lambda s: NoticeCode.NOTHING_ELSE_OPEN in {n.code for n in s.result.notices},
    ),
    Case("back at the first question is a conflict", [], Back(), error=ActionNotAllowed, message="first question"),
    Case("back goes to the previous question", [Skip()], Back(), cursor="MLOPS01"),
    Case(
        "back shows the saved answer without a draft",
        CONFIRM_FIRST,
        Back(),
        cursor="MLOPS01",
        check=lambda s: s.result.is_confirmed and s.result.risk is not None and s.result.risk.risk is QuestionRisk.NONE,
    ),
    Case(
        "edit reopens a saved answer as a draft; the saved one stays until confirmed",
        CONFIRM_FIRST,
        Edit(question_id="MLOPS01", statuses={"MLOPS01-BP03": N}),
        cursor="MLOPS01",
        check=lambda s: draft(s)["MLOPS01-BP03"] is N and saved(s, "MLOPS01")["MLOPS01-BP03"] is IM,
    ),
    Case(
        "edit then confirm replaces the saved answer",
        [*CONFIRM_FIRST, Edit(question_id="MLOPS01", statuses={"MLOPS01-BP03": N})],
        Confirm(),
        cursor="MLOPS02",
        check=lambda s: saved(s, "MLOPS01")["MLOPS01-BP03"] is N and s.result.saved is not None,
    ),
    Case(
        "edit with nothing to edit is a conflict",
        [],
        Edit(),
        error=ActionNotAllowed,
        message="no answer yet",
    ),
    Case(
        "question not applicable saves at once and moves on",
        [],
        QuestionNotApplicable(reason=NAReason.OUT_OF_SCOPE, note="no business goal phase here"),
        cursor="MLOPS02",
        check=lambda s: (
            s.review.answers["MLOPS01"].not_applicable
            and s.review.answers["MLOPS01"].na_reason is NAReason.OUT_OF_SCOPE
            and s.result.saved is not None
            and s.result.saved.risk is QuestionRisk.NOT_APPLICABLE
        ),
    ),
    Case(
        "question not applicable for another question keeps the cursor",
        [],
        QuestionNotApplicable(reason=NAReason.OTHER, question_id="MLSEC04"),
        cursor="MLOPS01",
        check=lambda s: s.review.answers["MLSEC04"].not_applicable,
    ),
    Case(
        "practice not applicable goes into the draft with its reason",
        [],
        PracticeNotApplicable(bp_id="MLOPS01-BP02", reason=NAReason.BUSINESS_PRIORITIES),
        cursor="MLOPS01",
        check=lambda s: (
            draft(s)["MLOPS01-BP02"] is NA
            and s.review.drafts["MLOPS01"].practices["MLOPS01-BP02"].na_reason is NAReason.BUSINESS_PRIORITIES
            and ActionType.CONFIRM in s.result.allowed_actions
        ),
    ),
    Case(
        "practice not applicable with a BP of another question is invalid",
        [],
        PracticeNotApplicable(bp_id="MLSEC03-BP01", reason=NAReason.OTHER),
        error=InvalidAction,
    ),
    Case(
        "answering the last open question keeps it open until confirmed",
        CONFIRM_ALL[:6],
        Answer(picks={"MLSEC04-BP01": IM}),
        cursor="MLSEC04",
    ),
    Case(
        "completion clears the cursor",
        CONFIRM_ALL[:7],
        Confirm(),
        cursor=None,
        check=lambda s: (
            s.review.status is ReviewStatus.COMPLETED
            and s.result.question is None
            and NoticeCode.REVIEW_COMPLETED in {n.code for n in s.result.notices}
            and s.result.allowed_actions == (ActionType.GOTO, ActionType.EDIT, ActionType.BACK)
        ),
    ),
    Case("answer after completion is a conflict", CONFIRM_ALL, Answer(text="x"), error=ActionNotAllowed),
    Case(
        "goto after completion reopens browsing, status stays completed",
        CONFIRM_ALL,
        Goto(question_id="MLSEC03"),
        cursor="MLSEC03",
        check=lambda s: s.review.status is ReviewStatus.COMPLETED and s.result.is_confirmed,
    ),
]


def run(ctx: ReviewContext, actions: list[Action], profile: WorkloadProfile | None = None) -> Step:
    step = start_review(ctx, review_id="r1", profile=profile or WorkloadProfile(name="w"))
    for action in actions:
        step = transition(ctx, step.review, action, propose_answer(ctx, step.review, action))
    return step


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_transition(ctx: ReviewContext, case: Case) -> None:
    before = run(ctx, case.setup)
    if case.error is not None:
        with pytest.raises(case.error) as info:
            transition(ctx, before.review, case.action, propose_answer(ctx, before.review, case.action))
        assert case.message in str(info.value)
        return
    step = transition(ctx, before.review, case.action, propose_answer(ctx, before.review, case.action))
    assert step.review.cursor == case.cursor
    assert step.review.version == before.review.version + 1
    assert step.result.version == step.review.version
    assert step.result.question is None or step.result.question.id == case.cursor
    assert case.check(step) is not False


def test_start_positions_on_first_question(ctx: ReviewContext) -> None:
    step = run(ctx, [])
    assert step.review.cursor == "MLOPS01" and step.review.version == 1
    q = step.result.question
    assert q is not None and (q.position, q.total, q.high_risk_practices) == (1, 4, 3)
    assert [c.id for c in step.result.choices] == ["MLOPS01-BP01", "MLOPS01-BP02", "MLOPS01-BP03"]
    assert step.result.proposal == () and step.result.follow_up is None
    assert step.result.allowed_actions == (
        ActionType.ANSWER,
        ActionType.SKIP,
        ActionType.GOTO,
        ActionType.QUESTION_NOT_APPLICABLE,
        ActionType.PRACTICE_NOT_APPLICABLE,
    )


def test_transition_never_mutates_its_input(ctx: ReviewContext) -> None:
    before = run(ctx, [Answer(text="skills yes, explainability no")])
    snapshot = before.review.model_dump()
    transition(ctx, before.review, Confirm())
    assert before.review.model_dump() == snapshot


def test_profile_proposes_not_applicable_practices(ctx: ReviewContext) -> None:
    step = run(ctx, [Goto(question_id="MLSEC03")], WorkloadProfile(name="w", data_sensitivity="public"))
    proposal = {p.bp_id: p for p in step.result.proposal}
    assert proposal["MLSEC03-BP03"].status is NA and proposal["MLSEC03-BP03"].provenance is Provenance.INFERRED
    assert {p.status for bp, p in proposal.items() if bp != "MLSEC03-BP03"} == {CD}
    notice = next(n for n in step.result.notices if n.code is NoticeCode.PROFILE_SUGGESTS_NOT_APPLICABLE)
    assert notice.bp_ids == ("MLSEC03-BP03",)
    assert not step.review.answers  # a suggestion, not a saved answer


def test_progress_counts_per_pillar_and_phase(ctx: ReviewContext) -> None:
    step = run(ctx, CONFIRM_FIRST)
    progress = step.result.progress
    assert (progress.overall.done, progress.overall.total) == (1, 4)
    assert {p.value: (c.done, c.total) for p, c in progress.by_pillar.items()} == {"ops": (1, 2), "sec": (0, 2)}
    assert list(progress.by_phase)[0].value == "Business goal identification"


def test_an_answer_that_makes_the_whole_question_moot_says_so(lens: Lens, interview: Interview) -> None:
    moot = {"MLOPS01-BP01": NA, "MLOPS01-BP02": NA, "MLOPS01-BP03": NA}
    script = {"we only call an API": moot, "partly moot": {"MLOPS01-BP01": NA}}
    ctx = ReviewContext(lens, interview, ScriptedMapper(script))
    step = run(ctx, [Answer(text="we only call an API")])
    notice = next(n for n in step.result.notices if n.code is NoticeCode.ANSWER_SUGGESTS_NOT_APPLICABLE)
    assert notice.question_id == "MLOPS01" and set(notice.bp_ids) == set(moot)
    assert draft(step) == moot and not step.review.answers  # a proposal, confirmed by the user
    for actions in ([Answer(text="partly moot")], [Answer(text="we only call an API", picks={"MLOPS01-BP01": IM})]):
        step = run(ctx, actions)
        assert all(n.code is not NoticeCode.ANSWER_SUGGESTS_NOT_APPLICABLE for n in step.result.notices)


def test_confirming_every_practice_not_applicable_saves_the_question_not_applicable(
    lens: Lens, interview: Interview
) -> None:
    moot = {"MLOPS01-BP01": NA, "MLOPS01-BP02": NA, "MLOPS01-BP03": NA}
    ctx = ReviewContext(lens, interview, ScriptedMapper({"we only call an API": moot, "partly": {"MLOPS01-BP01": NA}}))
    step = run(ctx, [Answer(text="we only call an API"), Confirm()])
    saved = step.review.answers["MLOPS01"]
    assert saved.confirmed and saved.not_applicable and saved.na_reason is not None
    assert {bp: a.status for bp, a in saved.practices.items()} == moot  # the practices keep their statuses
    assert step.result.saved is not None and step.result.saved.risk is QuestionRisk.NOT_APPLICABLE
    step = run(ctx, [Answer(text="partly"), Confirm()])  # one practice moot: the question still applies
    assert not step.review.answers["MLOPS01"].not_applicable
    assert step.result.saved is not None and step.result.saved.risk is not QuestionRisk.NOT_APPLICABLE
