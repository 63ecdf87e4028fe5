"""Reading one terminal line as a review command."""

from __future__ import annotations

import pytest

from app.cli.review_terminal import Help, Milestone, Quit, SideQuestion, parse_line
from app.errors import InvalidInput
from app.review.actions import Answer, Back, Confirm, Edit, Goto, PracticeNotApplicable, QuestionNotApplicable, Skip
from app.review.machine import ReviewContext, start_review
from app.review.models import BPStatus, NAReason, WorkloadProfile
from app.review.turn import TurnResult


@pytest.fixture
def turn(ctx: ReviewContext) -> TurnResult:
    return start_review(ctx, review_id="r", profile=WorkloadProfile(name="w")).result


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", None),
        ("We use KMS", Answer(text="We use KMS")),
        ("? what does BP02 mean", SideQuestion("what does BP02 mean")),
        ("/c", Confirm()),
        ("/confirm", Confirm()),
        ("/s", Skip()),
        ("/b", Back()),
        ("/q", Quit()),
        ("/help", Help()),
        ("/g MLSEC03", Goto(question_id="MLSEC03")),
        ("/e", Edit()),
        ("/e MLOPS02", Edit(question_id="MLOPS02")),
        (
            "/t 1=y, 2=p 3=na",
            Answer(
                picks={
                    "MLOPS01-BP01": BPStatus.IMPLEMENTED,
                    "MLOPS01-BP02": BPStatus.PARTIALLY_IMPLEMENTED,
                    "MLOPS01-BP03": BPStatus.NOT_APPLICABLE,
                }
            ),
        ),
        ("/na", QuestionNotApplicable(reason=NAReason.OTHER)),
        (
            "/na business not a priority",
            QuestionNotApplicable(reason=NAReason.BUSINESS_PRIORITIES, note="not a priority"),
        ),
        ("/bpna 2 scope", PracticeNotApplicable(bp_id="MLOPS01-BP02", reason=NAReason.OUT_OF_SCOPE)),
        ("/m first pass", Milestone("first pass")),
    ],
)
def test_parse_line(turn: TurnResult, line: str, expected: object) -> None:
    assert parse_line(line, turn) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/t", "tick at least one"),
        ("/t 4=y", "from 1 to 3"),
        ("/t 1=maybe", "N=y|p|n|na|?"),
        ("/na sometimes", "reason must be one of"),
        ("/g", "needs a question ID"),
        ("/zap", "unknown command /zap"),
    ],
)
def test_bad_lines(turn: TurnResult, line: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("|", r"\|").replace("?", r"\?")):
        parse_line(line, turn)
