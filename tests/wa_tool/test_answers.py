"""UpdateAnswer requests from a review: shape, limits, and validation against the real service model (botocore's
own validation through a stubbed client, plus the model's lengths, enums and patterns) for full 35-question reviews."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from app.review.models import BPAnswer, BPStatus, NAReason, Provenance, QuestionAnswer
from app.wa_tool.answers import MAX_CHOICE_NOTES, MAX_NOTES, update_answer_requests
from app.wa_tool.aws import request_problems
from tests.wa_tool.conftest import LENS_ARN, WORKLOAD, full_lens, make_review, random_full_review, report_of


def _operation(client: Any) -> Any:
    return client.meta.service_model.operation_model("UpdateAnswer")


@pytest.mark.parametrize("seed", range(8))
def test_every_answer_of_a_full_review_validates_against_the_service_model(seed: int, wa_client: Any) -> None:
    review = random_full_review(full_lens(), seed)
    requests = update_answer_requests(report_of(review))
    assert len(requests) == 35
    operation = _operation(wa_client)
    with Stubber(wa_client) as stub:
        for request in requests:
            params = {"WorkloadId": WORKLOAD, "LensAlias": LENS_ARN, **request}
            assert request_problems(operation.input_shape, params, "UpdateAnswer") == []
            stub.add_response("update_answer", {"WorkloadId": WORKLOAD, "LensAlias": LENS_ARN}, params)
            wa_client.update_answer(**params)  # botocore's parameter validation runs before the stub answers
        stub.assert_no_pending_responses()
    for request in requests:
        assert len(request["Notes"]) <= MAX_NOTES
        for update in request.get("ChoiceUpdates", {}).values():
            assert len(update["Notes"]) <= MAX_CHOICE_NOTES


def test_validation_catches_what_the_service_would_refuse(wa_client: Any) -> None:
    operation = _operation(wa_client)
    bad = {
        "WorkloadId": "not-hex",
        "LensAlias": LENS_ARN,
        "QuestionId": "MLOPS01",
        "Notes": "x" * 2085,
        "ChoiceUpdates": {"MLOPS01_BP01": {"Status": "DONE", "Notes": "y" * 251}},
    }
    problems = " ".join(request_problems(operation.input_shape, bad, "UpdateAnswer"))
    for part in ("WorkloadId", "Notes: length 2085", "DONE", "length 251"):
        assert part in problems


def _answer(question_id: str, statuses: dict[str, BPStatus], **extra: Any) -> QuestionAnswer:
    practices = {
        bp_id: BPAnswer(
            status=status,
            provenance=Provenance.USER_STATED,
            confidence=0.8,
            quote=f"we said {bp_id}",
            na_reason=NAReason.BUSINESS_PRIORITIES if status is BPStatus.NOT_APPLICABLE else None,
        )
        for bp_id, status in statuses.items()
    }
    return QuestionAnswer(question_id=question_id, practices=practices, confirmed=True, **extra)


def test_request_shape_for_applicable_and_not_applicable_questions() -> None:
    lens = full_lens()
    ops01 = lens.question("MLOPS01")
    sec01 = lens.question("MLSEC01")
    assert ops01 is not None and sec01 is not None
    ids = [bp.id for bp in ops01.best_practices]
    statuses = {ids[0]: BPStatus.IMPLEMENTED, ids[1]: BPStatus.NOT_APPLICABLE}
    statuses |= {bp_id: BPStatus.PARTIALLY_IMPLEMENTED for bp_id in ids[2:]}
    answers = {
        "MLOPS01": _answer("MLOPS01", statuses, notes="ask the platform team"),
        "MLSEC01": _answer(
            "MLSEC01",
            {bp.id: BPStatus.CANNOT_DETERMINE for bp in sec01.best_practices},
            not_applicable=True,
            na_reason=NAReason.OUT_OF_SCOPE,
        ),
    }
    requests = {r["QuestionId"]: r for r in update_answer_requests(report_of(make_review(lens, answers)))}
    assert set(requests) == {"MLOPS01", "MLSEC01"}  # unanswered questions are left out
    ops = requests["MLOPS01"]
    first, second = ids[0].replace("-", "_"), ids[1].replace("-", "_")
    assert ops["SelectedChoices"] == [first]
    assert ops["ChoiceUpdates"][first]["Status"] == "SELECTED"
    assert ops["ChoiceUpdates"][second] == {
        "Status": "NOT_APPLICABLE",
        "Reason": "BUSINESS_PRIORITIES",
        "Notes": f'Not applicable: "we said {ids[1]}"',
    }
    assert ops["ChoiceUpdates"][ids[2].replace("-", "_")]["Status"] == "UNSELECTED"
    assert ops["IsApplicable"] is True
    assert (
        "ask the platform team" in ops["Notes"]
        and ids[2] in ops["Notes"]
        and "https://docs.aws.amazon.com" in ops["Notes"]
    )
    sec = requests["MLSEC01"]
    assert sec["IsApplicable"] is False and sec["Reason"] == "OUT_OF_SCOPE"
    assert "SelectedChoices" not in sec and "ChoiceUpdates" not in sec


def test_no_practice_in_place_selects_none_of_these() -> None:
    lens = full_lens()
    question = lens.question("MLCOST04")
    assert question is not None
    answer = _answer("MLCOST04", {bp.id: BPStatus.NOT_IMPLEMENTED for bp in question.best_practices})
    [request] = update_answer_requests(report_of(make_review(lens, {"MLCOST04": answer})))
    assert request["SelectedChoices"] == ["MLCOST04_no"]


def test_long_notes_are_cut_on_a_word_boundary() -> None:
    lens = full_lens()
    question = lens.question("MLCOST04")
    assert question is not None
    answer = _answer(
        "MLCOST04", {bp.id: BPStatus.NOT_IMPLEMENTED for bp in question.best_practices}, notes="word " * 399
    )
    [request] = update_answer_requests(report_of(make_review(lens, {"MLCOST04": answer})))
    notes = request["Notes"]
    assert len(notes) <= MAX_NOTES and notes.endswith("…")
    assert notes[:-1].split()[-1] in {w for line in notes.splitlines() for w in line.split()}
    assert "MLCOST04-BP01" in notes  # High-risk gaps come first, so the cut keeps them


def test_milestone_header() -> None:
    lens = full_lens()
    review = random_full_review(lens, 1)
    report = report_of(review).model_copy(
        update={"meta": report_of(review).meta.model_copy(update={"milestone": "m1"})}
    )
    assert all("milestone 'm1'" in r["Notes"] for r in update_answer_requests(report))
