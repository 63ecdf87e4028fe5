"""The review service over the in-memory store: versions, ownership, side questions, findings, milestones, exports."""

from __future__ import annotations

import json

import pytest

from app.findings.export import ReportFormat
from app.lens.interview import Interview
from app.principal import Principal
from app.review.actions import Answer, Confirm, Edit, QuestionNotApplicable
from app.review.errors import ActionNotAllowed, InvalidAction, ReviewNotFound, StaleReview
from app.review.models import BPStatus, NAReason, WorkloadProfile
from app.review.risk import QuestionRisk
from app.review.turn import NoticeCode, SideAnswer, SideCitation, TurnResult
from app.reviewing.service import AskContext, ReviewService, expand_local_ids
from app.reviewing.store import MemoryReviewStore

from .conftest import NOW, ScriptedMapper

ALICE = Principal.api_key("alice")
MALLORY = Principal.api_key("mallory")


def start(service: ReviewService, profile: WorkloadProfile) -> TurnResult:
    return service.create(ALICE, profile)


def test_create_stores_the_review_at_version_one(service: ReviewService, profile: WorkloadProfile) -> None:
    turn = start(service, profile)
    assert (turn.review_id, turn.version) == ("rev1", 1)
    review = service.get("rev1", ALICE)
    assert review.created_at == NOW and review.lens_version and review.corpus_hash


def test_turn_with_current_version_is_saved(service: ReviewService, profile: WorkloadProfile) -> None:
    start(service, profile)
    turn = service.act("rev1", ALICE, Answer(text="we do all of it"), expected_version=1)
    assert turn.version == 2 and service.get("rev1", ALICE).version == 2


def test_stale_write_is_refused_with_the_current_state(service: ReviewService, profile: WorkloadProfile) -> None:
    start(service, profile)
    service.act("rev1", ALICE, Answer(text="we do all of it"), expected_version=1)
    with pytest.raises(StaleReview) as info:
        service.act("rev1", ALICE, Answer(text="skills yes, explainability no"), expected_version=1)
    current = info.value.current
    assert isinstance(current, TurnResult) and current.version == 2
    assert {p.status for p in current.proposal} == {BPStatus.IMPLEMENTED}  # the first write is intact
    assert info.value.status == 409


def test_others_cannot_see_a_review(service: ReviewService, profile: WorkloadProfile) -> None:
    start(service, profile)
    with pytest.raises(ReviewNotFound):
        service.current("rev1", MALLORY)
    with pytest.raises(ReviewNotFound):
        service.act("rev1", MALLORY, Answer(text="x"), expected_version=1)
    assert service.list_reviews(MALLORY) == []


def test_confirm_returns_drafted_findings(service: ReviewService, profile: WorkloadProfile) -> None:
    start(service, profile)
    service.act("rev1", ALICE, Answer(text="skills yes, explainability no"), expected_version=1)
    turn = service.act("rev1", ALICE, Confirm(), expected_version=2)
    assert turn.saved is not None and turn.saved.risk is QuestionRisk.HIGH
    assert [f.bp_id for f in turn.findings] == ["MLOPS01-BP02", "MLOPS01-BP03"]
    assert turn.findings[0].evidence.quote == "skills yes, explainability no"
    assert turn.question is not None and turn.question.id == "MLOPS02"


def test_side_question_keeps_the_place(lens: object, interview: Interview, mapper: ScriptedMapper) -> None:
    asked: list[tuple[str, AskContext]] = []

    def ask(text: str, context: AskContext) -> SideAnswer:
        asked.append((text, context))
        return SideAnswer(question=text, text="It means…", citations=(SideCitation(bp_id="MLOPS01-BP02"),))

    service = ReviewService(lens, interview, mapper, MemoryReviewStore(), ask=ask, new_id=lambda: "r")  # type: ignore[arg-type]
    service.create(ALICE, WorkloadProfile(name="w"))
    service.act("r", ALICE, Answer(text="skills yes, explainability no"), expected_version=1)
    turn = service.ask("r", ALICE, "what does BP02 mean?")
    assert asked[0][0] == "what does MLOPS01-BP02 mean?"
    assert asked[0][1].question_id == "MLOPS01" and "MLOPS01-BP03" in asked[0][1].bp_ids
    assert asked[0][1].principal == ALICE  # the side question is stored under the review's principal
    assert turn.side_answer is not None and turn.side_answer.question == "what does BP02 mean?"
    assert turn.version == 2 and turn.follow_up is not None  # same place, same follow-up
    assert service.get("r", ALICE).version == 2


def test_side_question_without_ask_says_so(service: ReviewService, profile: WorkloadProfile) -> None:
    start(service, profile)
    turn = service.ask("rev1", ALICE, "why does this matter?")
    assert turn.side_answer is None and turn.notices[0].code is NoticeCode.SIDE_QUESTION_UNAVAILABLE
    with pytest.raises(InvalidAction):
        service.ask("rev1", ALICE, "  ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what does BP02 mean?", "what does MLOPS01-BP02 mean?"),
        ("bp 3 and BP-1?", "MLOPS01-BP03 and MLOPS01-BP01?"),
        ("what about BP07?", "what about BP07?"),  # not a practice of this question
        ("MLSEC03-BP02 vs BP02", "MLSEC03-BP02 vs MLOPS01-BP02"),
    ],
)
def test_expand_local_ids(lens: object, text: str, expected: str) -> None:
    question = lens.question("MLOPS01")  # type: ignore[attr-defined]
    assert expand_local_ids(text, question) == expected


def finish_ops(service: ReviewService) -> None:
    """Answer the Operational Excellence questions of the tiny lens through the service."""
    version = service.get("rev1", ALICE).version
    for action in [
        Answer(text="skills yes, explainability no"),
        Confirm(),
        Answer(picks={"MLOPS02-BP01": BPStatus.IMPLEMENTED, "MLOPS02-BP02": BPStatus.PARTIALLY_IMPLEMENTED}),
        Confirm(),
    ]:
        version = service.act("rev1", ALICE, action, expected_version=version).version


def test_milestones_and_diff(service: ReviewService, profile: WorkloadProfile) -> None:
    start(service, profile)
    finish_ops(service)
    first = service.create_milestone("rev1", ALICE, "baseline")
    with pytest.raises(ActionNotAllowed):
        service.create_milestone("rev1", ALICE, "baseline")
    version = service.get("rev1", ALICE).version
    version = service.act(
        "rev1",
        ALICE,
        Edit(question_id="MLOPS01", statuses={"MLOPS01-BP02": BPStatus.IMPLEMENTED}),
        expected_version=version,
    ).version
    version = service.act("rev1", ALICE, Confirm(), expected_version=version).version
    service.act(
        "rev1",
        ALICE,
        QuestionNotApplicable(reason=NAReason.OUT_OF_SCOPE, question_id="MLSEC04"),
        expected_version=version,
    )
    service.create_milestone("rev1", ALICE, "after fixes")
    diff = service.diff("rev1", ALICE, "baseline", "after fixes")
    assert [(c.bp_id, c.before, c.after) for c in diff.practices] == [
        ("MLOPS01-BP02", BPStatus.NOT_IMPLEMENTED, BPStatus.IMPLEMENTED)
    ]
    assert [(r.question_id, r.before, r.after) for r in diff.risks] == [
        ("MLSEC04", QuestionRisk.UNANSWERED, QuestionRisk.NOT_APPLICABLE)
    ]
    assert diff.findings_resolved == ("MLOPS01-BP02",) and diff.findings_added == ()
    assert [q.question_id for q in diff.questions] == ["MLSEC04"]
    assert [m.name for m in service.milestones("rev1", ALICE)] == ["baseline", "after fixes"]
    assert first.risks["MLOPS01"] is QuestionRisk.HIGH
    with pytest.raises(InvalidAction, match="milestones: baseline, after fixes"):
        service.diff("rev1", ALICE, "baseline", "nope")


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_exports_carry_provenance(service: ReviewService, profile: WorkloadProfile, fmt: ReportFormat) -> None:
    start(service, profile)
    finish_ops(service)
    service.create_milestone("rev1", ALICE, "sprint 1/2")
    for milestone in (None, "sprint 1/2"):
        rendered = service.export("rev1", ALICE, fmt, milestone=milestone)
        lens = service.lens
        assert lens.version in rendered.content and lens.corpus_hash in rendered.content
        assert "Machine Learning Lens" in rendered.content and "MIT-0" in rendered.content
        assert "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/" in rendered.content
        assert rendered.filename.endswith(f".{fmt.value}") and "/" not in rendered.filename
    if fmt is ReportFormat.JSON:
        data = json.loads(rendered.content)
        assert data["meta"]["milestone"] == "sprint 1/2"
        assert [f["bp_id"] for f in data["findings"]][:1] == ["MLOPS01-BP02"]
