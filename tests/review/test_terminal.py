"""Reading one terminal line as a review command."""

from __future__ import annotations

import pytest
from rich.console import Console

from app.cli.review_terminal import FollowUpReply, Help, Milestone, Quit, SideQuestion, parse_line, render
from app.errors import InvalidInput
from app.findings.drafting import draft_findings
from app.lens.models import ATTRIBUTION
from app.review.actions import (
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
from app.review.machine import ReviewContext, propose_answer, start_review, transition
from app.review.models import BPAnswer, BPStatus, NAReason, QuestionAnswer, WorkloadProfile
from app.review.risk import QuestionRisk
from app.review.turn import FollowUp, Notice, NoticeCode, RiskView, SideAnswer, SideCitation, TurnResult
from tests.wa_tool.conftest import make_review


@pytest.fixture
def turn(ctx: ReviewContext) -> TurnResult:
    return start_review(ctx, review_id="r", profile=WorkloadProfile(name="w")).result


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", None),
        ("We use KMS", Answer(text="We use KMS")),
        ("? what does BP02 mean", SideQuestion("what does BP02 mean")),
        # As in Slack, a line ending with "?" is a side question (it used to be taken as the answer).
        ("what does lineage mean?", SideQuestion("what does lineage mean?")),
        ("We use KMS. Is that enough?", SideQuestion("We use KMS. Is that enough?")),
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


def proposed(ctx: ReviewContext, turn: TurnResult) -> TurnResult:
    review = start_review(ctx, review_id="r", profile=WorkloadProfile(name="w")).review
    answer = Answer(picks={turn.choices[0].id: BPStatus.IMPLEMENTED})
    return transition(ctx, review, answer, propose_answer(ctx, review, answer)).result


@pytest.mark.parametrize("line", ["ok", "OK.", "yes", "Looks right!", "yes, that's right", "lgtm", "okay thanks"])
def test_a_bare_confirmation_confirms_the_proposal_on_screen(ctx: ReviewContext, turn: TurnResult, line: str) -> None:
    on_screen = proposed(ctx, turn).model_copy(update={"follow_up": None})
    assert on_screen.proposal and ActionType.CONFIRM in on_screen.allowed_actions
    assert parse_line(line, on_screen) == Confirm()


@pytest.mark.parametrize("line", ["yes", "Yes.", "yes, that's right", "no", "not yet"])
def test_a_bare_yes_or_no_answers_a_yes_no_follow_up(ctx: ReviewContext, turn: TurnResult, line: str) -> None:
    on_screen = proposed(ctx, turn)
    assert on_screen.follow_up is not None and on_screen.follow_up.text.startswith("Before building, did you agree")
    assert parse_line(line, on_screen) == FollowUpReply(Answer(text=line), on_screen.follow_up.text)
    assert parse_line("ok", on_screen) == parse_line("confirm", on_screen) == Confirm()
    shown = rendered(on_screen)
    assert (
        "Type confirm (or ok, looks right, /c) to save it" in shown
        and "a bare yes or no answers the follow-up" in shown
    )


@pytest.mark.parametrize("line", ["ok", "yes"])
def test_with_nothing_proposed_a_confirmation_word_is_just_an_answer(turn: TurnResult, line: str) -> None:
    assert not turn.proposal
    assert parse_line(line, turn) == Answer(text=line)


@pytest.mark.parametrize("line", ["yes, but only for the training data", "no", "not really", "ok we rotate keys"])
def test_content_is_an_answer_even_on_a_proposal(ctx: ReviewContext, turn: TurnResult, line: str) -> None:
    assert parse_line(line, proposed(ctx, turn).model_copy(update={"follow_up": None})) == Answer(text=line)


def rendered(turn: TurnResult) -> str:
    console = Console(record=True, width=200, color_system=None)
    render(console, turn)
    return " ".join(console.export_text().split())


def test_a_proposal_says_how_to_confirm_and_lists_the_allowed_actions(ctx: ReviewContext, turn: TurnResult) -> None:
    first = rendered(turn)
    assert "Is this right?" not in first and "ok or /c confirm" not in first  # nothing to confirm yet
    assert "Now: type to answer, /t 1=y tick · /s skip · /g ID go to" in first
    shown = rendered(proposed(ctx, turn).model_copy(update={"follow_up": None}))
    assert "Is this right? Type ok (or yes, looks right, /c) to save it and move on" in shown
    assert "Now: ok or /c confirm · type to answer" in shown and "/q quit" in shown


def test_side_answers_render_markdown_and_counts_are_singular_or_plural(turn: TurnResult) -> None:
    side = SideAnswer(
        question="what is BP02",
        text="**Least privilege** means:\n\n- one role per job\n- no shared admin",
        citations=(SideCitation(bp_id="MLSEC03-BP02", url="https://docs.aws.amazon.com/x"),),
    )
    saved = RiskView(question_id="MLOPS01", risk=QuestionRisk.MEDIUM, medium_risk_gaps=("MLOPS01-BP02",))
    text = rendered(turn.model_copy(update={"side_answer": side, "saved": saved}))
    assert "Least privilege means:" in text and "**" not in text and "• one role per job" in text
    assert "MLSEC03-BP02 https://docs.aws.amazon.com/x" in text
    assert "(1 open practice)" in text
    two = saved.model_copy(update={"high_risk_gaps": ("MLOPS01-BP01",)})
    assert "(2 open practices)" in rendered(turn.model_copy(update={"saved": two}))


def test_no_new_information_without_a_follow_up_says_what_to_do(turn: TurnResult) -> None:
    notice = Notice(
        code=NoticeCode.NO_NEW_INFORMATION, message="Nothing in that answer settled a practice; the follow-up may help."
    )
    text = rendered(turn.model_copy(update={"notices": (notice,), "follow_up": None}))
    assert "the follow-up may help" not in text and "tick choices with /t" in text
    with_follow_up = turn.model_copy(
        update={"notices": (notice,), "follow_up": FollowUp(text="Who approves data use?")}
    )
    assert "the follow-up may help" in rendered(with_follow_up) and "Follow-up: Who approves data use?" in rendered(
        with_follow_up
    )


def test_saved_findings_show_their_aws_page_and_the_attribution(ctx: ReviewContext, turn: TurnResult) -> None:
    """A finding's first step is lens text: the terminal showed it with neither the practice's AWS page nor the
    AWS attribution (a user tour); the Markdown report and the other front ends show both."""
    gaps = QuestionAnswer(
        question_id="MLOPS01",
        practices={c.id: BPAnswer(status=BPStatus.NOT_IMPLEMENTED) for c in turn.choices},
        confirmed=True,
    )
    findings = tuple(draft_findings(ctx.lens, make_review(ctx.lens, {"MLOPS01": gaps}), ["MLOPS01"]))
    assert findings
    saved = RiskView(question_id="MLOPS01", risk=QuestionRisk.HIGH, high_risk_gaps=(findings[0].bp_id,))
    text = rendered(turn.model_copy(update={"saved": saved, "findings": findings}))
    for finding in findings:
        assert f"finding {finding.bp_id}" in text and finding.citations[0].url in text
    assert " ".join(ATTRIBUTION.split()) in text
