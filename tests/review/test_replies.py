"""One rule for a free-text reply under a proposal (app.reviewing.replies): confirm it, answer its yes/no follow-up,
or add to the answer. The unseen set (written before the rule) is scored here: main read 36 of its 56 rows as
written (every bare yes under a yes/no follow-up confirmed); the rule reads 55. The one miss is "y", which the review's
reader of short replies (app.review.cues.short_reply_status) does not take as a yes, so it still confirms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.review.actions import ActionType, Answer
from app.review.confirmation import asks_yes_or_no, names_the_proposal
from app.review.machine import ReviewContext, Step, propose_answer, start_review, transition
from app.review.models import BPStatus, WorkloadProfile
from app.review.turn import FollowUp, TurnResult
from app.reviewing.replies import ReplyReading, read_reply

UNSEEN = Path(__file__).parent / "data" / "unseen_replies" / "replies_under_follow_up.jsonl"


@pytest.fixture
def proposed_step(ctx: ReviewContext) -> Step:
    """A proposal on screen that may be confirmed (one practice settled, the others not), with a follow-up."""
    step = start_review(ctx, review_id="r", profile=WorkloadProfile(name="w"))
    action = Answer(text="monitoring partly")
    step = transition(ctx, step.review, action, propose_answer(ctx, step.review, action))
    assert ActionType.CONFIRM in step.result.allowed_actions and step.result.follow_up is not None
    return step


@pytest.fixture
def proposed(proposed_step: Step) -> TurnResult:
    return proposed_step.result


def _under(turn: TurnResult, follow_up: str) -> TurnResult:
    return turn.model_copy(update={"follow_up": FollowUp(text=follow_up, bp_id=turn.proposal[0].bp_id)})


def test_the_unseen_set_is_read_as_written(proposed: TurnResult) -> None:
    rows = [json.loads(line) for line in UNSEEN.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 50
    sent = {
        (row["follow_up"], row["reply"]): (
            "confirm"
            if read_reply(_under(proposed, row["follow_up"]), row["reply"]) is ReplyReading.CONFIRM
            else "answer"
        )
        for row in rows
    }
    missed = [row["reply"] for row in rows if sent[(row["follow_up"], row["reply"])] != row["sent"]]
    assert missed == ["y"]


@pytest.mark.parametrize(
    "question",
    ["Have you used AutoML tools such as SageMaker Autopilot to explore candidate models?",
     "Do you start experiments on a sample of the data, and how do you decide when to scale up?",
     "If a long training job is interrupted, can you pick up from where it stopped instead of starting again?",
     "What happens to your endpoint when traffic doubles, does it scale by itself?",
     "Isn't the model retrained every week?"],
)  # fmt: skip
def test_yes_no_questions(question: str) -> None:
    assert asks_yes_or_no(question)


@pytest.mark.parametrize(
    "question",
    ["How do you get training data labelled, and who does the labelling?",
     "Is your ML system one large application, or separate services that can be deployed and scaled on their own?",
     "Could you tell me how much you spent last month on training versus hosting?",
     "Which endpoint is your most expensive, and how busy is it?", ""],
)  # fmt: skip
def test_questions_a_yes_does_not_answer(question: str) -> None:
    assert not asks_yes_or_no(question)


@pytest.mark.parametrize(
    ("text", "named"),
    [("confirm", True), ("OK, confirm.", True), ("yes, save it", True), ("Looks right!", True),
     ("yes", False), ("ok", False), ("correct", False), ("that's right", False), ("confirm we encrypt", False)],
)  # fmt: skip
def test_names_the_proposal(text: str, named: bool) -> None:
    assert names_the_proposal(text) is named


def test_a_yes_under_a_yes_no_follow_up_answers_it(proposed: TurnResult) -> None:
    turn = _under(proposed, "Have you used AutoML tools?")
    assert read_reply(turn, "yes") is ReplyReading.FOLLOW_UP_ANSWER
    assert read_reply(turn, "no") is ReplyReading.FOLLOW_UP_ANSWER
    assert read_reply(turn, "confirm") is ReplyReading.CONFIRM
    assert read_reply(turn, "ok") is ReplyReading.CONFIRM  # the follow-up reader takes "ok" as no answer
    assert read_reply(turn, "we tried Autopilot once") is ReplyReading.ANSWER


def test_with_an_open_follow_up_or_none_a_yes_confirms(proposed: TurnResult) -> None:
    assert read_reply(_under(proposed, "How do you monitor it?"), "yes") is ReplyReading.CONFIRM
    assert read_reply(proposed.model_copy(update={"follow_up": None}), "yes") is ReplyReading.CONFIRM
    question_level = proposed.model_copy(update={"follow_up": FollowUp(text="Have you used AutoML tools?")})
    assert read_reply(question_level, "yes") is ReplyReading.CONFIRM  # no practice to record a yes for


def test_nothing_to_confirm_means_an_answer(ctx: ReviewContext) -> None:
    opening = start_review(ctx, review_id="r", profile=WorkloadProfile(name="w")).result
    assert read_reply(opening, "yes") is ReplyReading.ANSWER
    assert read_reply(opening, "confirm") is ReplyReading.ANSWER


@pytest.mark.parametrize(("reply", "status"), [("yes", BPStatus.IMPLEMENTED), ("No.", BPStatus.NOT_IMPLEMENTED)])
def test_the_follow_up_answer_is_kept_for_its_practice(
    ctx: ReviewContext, proposed_step: Step, reply: str, status: BPStatus
) -> None:
    """What a FOLLOW_UP_ANSWER is sent as: an answer the machine records for the practice the follow-up asks about,
    with the user's words; nothing is saved, and the proposal can still be confirmed."""
    follow_up, review = proposed_step.result.follow_up, proposed_step.review
    assert follow_up is not None and follow_up.bp_id is not None
    action = Answer(text=reply)
    turn = transition(ctx, review, action, propose_answer(ctx, review, action)).result
    kept = {p.bp_id: p for p in turn.proposal}[follow_up.bp_id]
    assert (kept.status, kept.quote) == (status, reply)
    assert ActionType.CONFIRM in turn.allowed_actions and turn.saved is None
