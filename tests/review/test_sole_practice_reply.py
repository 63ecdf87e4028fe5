"""A short reply to the opening of a question with a single practice ("We don't.") answers that practice; on a
question with several practices it stays unread until a follow-up names one (user tour, 2026-12-01)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.lens.interview import load_interview
from app.lens.loader import load_lens
from app.review.actions import Answer, Goto
from app.review.machine import ReviewContext, propose_answer, start_review, transition
from app.review.models import BPStatus, WorkloadProfile
from tests.review.conftest import ScriptedMapper

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ctx() -> ReviewContext:
    lens = load_lens(ROOT / "corpus")
    return ReviewContext(lens, load_interview(ROOT / "prompts" / "interview", lens), ScriptedMapper())


def _reply(ctx: ReviewContext, question_id: str, text: str) -> dict[str, BPStatus]:
    step = start_review(ctx, review_id="r1", profile=WorkloadProfile(name="w"))
    step = transition(ctx, step.review, Goto(question_id=question_id), None)
    action = Answer(text=text)
    step = transition(ctx, step.review, action, propose_answer(ctx, step.review, action))
    return {bp_id: a.status for bp_id, a in step.review.drafts[question_id].practices.items()}


@pytest.mark.parametrize(
    ("question_id", "text", "status"),
    [
        ("MLSEC01", "We don't.", BPStatus.NOT_IMPLEMENTED),
        ("MLSEC05", "We don't do that.", BPStatus.NOT_IMPLEMENTED),
        ("MLSEC02", "Not yet.", BPStatus.NOT_IMPLEMENTED),
        ("MLSUS01", "Only partly.", BPStatus.PARTIALLY_IMPLEMENTED),
        ("MLSUS01", "Yes, we do", BPStatus.IMPLEMENTED),
    ],
)
def test_short_reply_answers_the_sole_practice(
    ctx: ReviewContext, question_id: str, text: str, status: BPStatus
) -> None:
    question = ctx.lens.question(question_id)
    assert question is not None
    (bp,) = question.best_practices
    assert _reply(ctx, question_id, text) == {bp.id: status}


def test_short_reply_to_several_practices_stays_unread(ctx: ReviewContext) -> None:
    statuses = _reply(ctx, "MLOPS01", "We don't.")
    assert len(statuses) > 1 and set(statuses.values()) == {BPStatus.CANNOT_DETERMINE}


def test_a_reply_without_a_cue_is_not_read(ctx: ReviewContext) -> None:
    assert set(_reply(ctx, "MLSEC01", "hmm").values()) == {BPStatus.CANNOT_DETERMINE}
