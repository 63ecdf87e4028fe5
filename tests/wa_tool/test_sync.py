"""`sync_review` over a real boto3 client with botocore's Stubber: every call's parameters are validated against the
service model and compared with what we expect; no network."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from botocore.stub import ANY, Stubber

from app.errors import InvalidInput, NotFound, Unauthorized
from app.wa_tool.answers import update_answer_requests
from app.wa_tool.aws import BotoWATool, make_client
from app.wa_tool.errors import WAToolError
from app.wa_tool.sync import preview_rows, sync_review
from tests.wa_tool.conftest import LENS_ARN, WORKLOAD, full_lens, random_full_review, report_of


def _expect_answers(stub: Stubber, requests: list[dict[str, Any]], risks: dict[str, str], alias: str) -> None:
    for request in requests:
        params = {"WorkloadId": WORKLOAD, "LensAlias": alias, **request}
        answer = {"QuestionId": request["QuestionId"], "Risk": risks[request["QuestionId"]]}
        stub.add_response("update_answer", {"WorkloadId": WORKLOAD, "LensAlias": alias, "Answer": answer}, params)


def test_sync_to_an_applied_lens_with_a_milestone(wa_client: Any) -> None:
    report = report_of(random_full_review(full_lens(), 3))
    requests = update_answer_requests(report)
    ours = {row.question_id: row.risk.value for row in report.questions}
    seen: list[str] = []
    with Stubber(wa_client) as stub:
        stub.add_response(
            "get_lens_review",
            {"WorkloadId": WORKLOAD, "LensReview": {"LensName": "Machine Learning Lens (ML Lens Assistant)"}},
            {"WorkloadId": WORKLOAD, "LensAlias": LENS_ARN},
        )
        _expect_answers(stub, requests, ours, LENS_ARN)
        stub.add_response(
            "create_milestone",
            {"WorkloadId": WORKLOAD, "MilestoneNumber": 4},
            {"WorkloadId": WORKLOAD, "MilestoneName": "after ML review", "ClientRequestToken": ANY},
        )
        result = sync_review(
            BotoWATool(wa_client),
            report,
            requests,
            workload_id=WORKLOAD,
            lens_alias=LENS_ARN,
            milestone="after ML review",
            progress=lambda row: seen.append(row.question_id),
        )
        stub.assert_no_pending_responses()
    assert len(result.rows) == 35 and seen == [r["QuestionId"] for r in requests]
    assert result.disagreements == [] and result.milestone_number == 4 and not result.imported


def test_sync_imports_publishes_and_applies_the_lens_first(wa_client: Any) -> None:
    report = report_of(random_full_review(full_lens(), 4))
    requests = update_answer_requests(report)[:3]
    ours = {row.question_id: row.risk.value for row in report.questions}
    with Stubber(wa_client) as stub:
        stub.add_response(  # no custom lens has that exact name (only one whose name contains it)
            "list_lenses",
            {"LensSummaries": [{"LensArn": LENS_ARN.replace("0123", "9999"), "LensName": "my-ml-lens old"}]},
            {"LensType": "CUSTOM_SELF", "LensName": "my-ml-lens"},
        )
        stub.add_response(
            "import_lens",
            {"LensArn": LENS_ARN, "Status": "COMPLETE"},
            {"JSONString": '{"x": 1}', "ClientRequestToken": ANY},
        )
        stub.add_client_error("create_lens_version", "ConflictException", "version exists")  # reused
        stub.add_response("associate_lenses", {}, {"WorkloadId": WORKLOAD, "LensAliases": [LENS_ARN]})
        _expect_answers(stub, requests, ours, LENS_ARN)
        result = sync_review(
            BotoWATool(wa_client),
            report,
            requests,
            workload_id=WORKLOAD,
            lens_alias="my-ml-lens",  # not an ARN, and no lens has that name: a new lens
            lens_json='{"x": 1}',
            lens_version="mllens-abc",
        )
        stub.assert_no_pending_responses()
    assert result.imported and result.lens_alias == LENS_ARN and len(result.rows) == 3


def test_a_different_risk_from_the_wa_tool_is_reported(wa_client: Any) -> None:
    report = report_of(random_full_review(full_lens(), 5))
    requests = update_answer_requests(report)[:2]
    first = requests[0]["QuestionId"]
    ours = {row.question_id: row.risk.value for row in report.questions}
    theirs = {**ours, first: "HIGH" if ours[first] != "HIGH" else "NONE"}
    with Stubber(wa_client) as stub:
        stub.add_response("get_lens_review", {"LensReview": {"LensName": "x"}})
        _expect_answers(stub, requests, theirs, LENS_ARN)
        result = sync_review(BotoWATool(wa_client), report, requests, workload_id=WORKLOAD, lens_alias=LENS_ARN)
    assert [row.question_id for row in result.disagreements] == [first]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("ResourceNotFoundException", NotFound),
        ("AccessDeniedException", Unauthorized),
        ("ValidationException", InvalidInput),
        ("ThrottlingException", WAToolError),
    ],
)
def test_service_errors_become_project_errors(wa_client: Any, code: str, error: type[Exception]) -> None:
    report = report_of(random_full_review(full_lens(), 6))
    with Stubber(wa_client) as stub:
        stub.add_client_error("get_lens_review", code, "nope")
        with pytest.raises(error) as raised:
            sync_review(BotoWATool(wa_client), report, [], workload_id=WORKLOAD, lens_alias=LENS_ARN)
    if code == "ResourceNotFoundException":
        assert "--import-lens" in str(raised.value)


def test_a_request_that_breaks_the_model_is_refused_before_sending(wa_client: Any) -> None:
    report = report_of(random_full_review(full_lens(), 7))
    request = update_answer_requests(report)[0] | {"Notes": "x" * 3000}
    with Stubber(wa_client) as stub:  # no response queued: any call would fail the stubber
        with pytest.raises(InvalidInput, match="Notes"):
            BotoWATool(wa_client).update_answer(WORKLOAD, LENS_ARN, request)
        stub.assert_no_pending_responses()


def test_botocore_itself_validates_the_stubbed_calls(wa_client: Any) -> None:
    with Stubber(wa_client) as stub:
        stub.add_response("update_answer", {})
        with pytest.raises(ParamValidationError):
            wa_client.update_answer(WorkloadId=WORKLOAD, LensAlias=LENS_ARN)  # QuestionId missing


def test_preview_rows_count_practices() -> None:
    report = report_of(random_full_review(full_lens(), 8))
    requests = update_answer_requests(report)
    rows = preview_rows(report, requests)
    for row, request in zip(rows, requests, strict=True):
        assert row.question_id == request["QuestionId"]
        total = len(request.get("ChoiceUpdates", {}))
        assert row.selected + row.not_applicable + row.gaps == total
        assert row.wa_risk is None and row.agrees


def test_no_region_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # else botocore asks the instance metadata service
    with pytest.raises(InvalidInput, match="--region"):
        make_client()
