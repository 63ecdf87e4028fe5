"""Guided ML Lens reviews over HTTP: create, list, resume, take turns (JSON or SSE), risk, reports, milestones.

A review belongs to the principal that created it (the API key, or local on a server without keys); anyone else
gets 404, as for a missing review."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.cursor import decode_position, encode_position
from app.api.deps import CredentialsFirst, PrincipalDep, ServicesDep, get_principal
from app.api.responses import model_response
from app.api.review_schemas import (
    ConflictResponse,
    CreateReviewRequest,
    MilestoneListResponse,
    MilestoneRequest,
    MilestoneResponse,
    ReviewListResponse,
    TurnRequest,
    WAToolAnswersResponse,
    WAUpdateAnswer,
)
from app.api.schemas import ErrorResponse
from app.api.sse import frames_response, turn_frames
from app.findings.export import ReportFormat
from app.findings.milestones import MilestoneDiff
from app.principal import Principal
from app.review.risk import RiskSummary
from app.review.turn import TurnResult
from app.reviewing.service import ReviewService
from app.reviewing.store import ReviewPosition
from app.wa_tool.answers import update_answer_requests

Responses = dict[int | str, dict[str, object]]


def errors(*statuses: int) -> Responses:
    return {status: {"model": ErrorResponse} for status in statuses}


CONFLICT: Responses = {
    409: {
        "model": ConflictResponse,
        "description": "`stale_review`: `expected_version` is not the review's version; nothing was written and "
        "`error.current` is the current turn to retry from. `action_not_allowed`: the action makes no sense now "
        "(e.g. confirm with nothing proposed); the message says why.",
    }
}
DUPLICATE: Responses = {
    409: {
        "model": ErrorResponse,
        "description": "`action_not_allowed`: the review already has a milestone of that name",
    }
}
DEFAULT_PAGE, MAX_PAGE = 20, 100
REPORT_TYPES: dict[str, object] = {"text/markdown": {}, "text/html": {}, "application/json": {}}
router = APIRouter(prefix="/v1/reviews", tags=["reviews"], responses=errors(401, 422, 429, 503))


@router.post("", response_model=TurnResult, status_code=201, responses=errors(413, 422))
def create_review(body: CreateReviewRequest, response: Response, s: ServicesDep, principal: PrincipalDep) -> TurnResult:
    """Start a review for a workload: the reply is its first turn (the first question, its practices as choices,
    any not-applicable practices the profile suggests, progress) with `review_id` and `version`."""
    if s.limits is not None:
        s.limits.hit("reviews", principal)
    turn = s.review.create(principal, body.profile, body.scope.to_domain(), body.order)
    response.headers["Location"] = f"/v1/reviews/{turn.review_id}"
    return turn


@router.get("", response_model=ReviewListResponse)
def list_reviews(
    s: ServicesDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Reviews per page.")] = DEFAULT_PAGE,
    cursor: Annotated[
        str | None,
        Query(max_length=512, description="`next_cursor` from the previous page (opaque); omit for the first page."),
    ] = None,
) -> ReviewListResponse:
    """The caller's reviews, newest first, with progress, a page at a time: while `next_cursor` is not null, send
    it back as `cursor` for the next page. A cursor this server did not issue is a 422."""
    after = decode_position(cursor) if cursor is not None else None
    reviews = s.review.list_reviews(principal, limit=limit + 1, after=after)
    page = reviews[:limit]
    more = len(reviews) > limit
    return ReviewListResponse.of(page, next_cursor=encode_position(ReviewPosition.of(page[-1])) if more else None)


@router.get("/{review_id}", response_model=TurnResult, responses=errors(404), dependencies=[CredentialsFirst])
def get_review(review_id: str, request: Request, s: ServicesDep) -> Response:
    """The review as it stands: the current turn, including `version` (send it back as `expected_version`)."""
    # The widget opens a review with this: one hand-off to the thread pool, as for a turn (see take_turn).
    return model_response(s.review.current(review_id, get_principal(request, s)))


@router.post(
    "/{review_id}/turns",
    response_model=TurnResult,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE events when asked"},
        **CONFLICT,
        **errors(404, 413),
    },
    dependencies=[CredentialsFirst],
)
def take_turn(review_id: str, body: TurnRequest, request: Request, s: ServicesDep) -> Response:
    """Answer (free `text` and/or per-practice `picks`), act (`action`), or ask a side question (`ask`), one per turn.

    An answer is mapped to a proposal per practice and saved only when confirmed; a confirmed answer is committed
    before the reply. An answer not written in English is not mapped (the mapper reads English only): the turn comes
    back as it was, same version, with a `not_english` notice asking for the answer in English. Unknown question or
    practice IDs and over-long text get 422 naming what is valid.

    With `Accept: text/event-stream` the reply is SSE: `turn` (the state to render), then, for a side question, its
    text as `delta` events and its `citation`s, then `done` (the same TurnResult as the JSON reply); heartbeat
    comments while it runs. An unknown review is still a 404; later errors (stale version, action not allowed,
    unknown IDs) arrive as one `error` event whose data is the JSON error body."""
    # One hand-off to the thread pool per turn, as for /v1/ask: the principal is settled here, first thing (not as a
    # sync dependency, a worker call of its own), and the reply is serialised here (not validated again by FastAPI,
    # another worker call). CredentialsFirst has already refused, before the body was validated, what needs no
    # database to refuse.
    principal = get_principal(request, s)
    if "text/event-stream" not in request.headers.get("accept", ""):
        return model_response(run_turn(s.review, review_id, principal, body))
    s.review.get(review_id, principal)  # unknown or someone else's: a plain 404 before the stream starts
    return frames_response(
        turn_frames(lambda: run_turn(s.review, review_id, principal, body)), s.settings.sse_heartbeat_s
    )


def run_turn(review: ReviewService, review_id: str, principal: Principal, body: TurnRequest) -> TurnResult:
    action = body.to_action()
    if action is None:
        assert body.ask is not None
        return review.ask(review_id, principal, body.ask)
    assert body.expected_version is not None  # checked by TurnRequest
    return review.act(review_id, principal, action, expected_version=body.expected_version)


@router.get("/{review_id}/risk", response_model=RiskSummary, responses=errors(404), dependencies=[CredentialsFirst])
def risk(review_id: str, request: Request, s: ServicesDep) -> Response:
    """Risk per question in scope (computed from the lens's risk levels and the confirmed answers, never by a model),
    with counts of high and medium risk per pillar, phase and overall."""
    # The widget's progress and summary views fetch it: one hand-off to the thread pool, as for a turn.
    return model_response(s.review.risk(review_id, get_principal(request, s)))


@router.get(
    "/{review_id}/report",
    response_class=Response,
    responses={200: {"content": REPORT_TYPES, "description": "the report in the requested format"}, **errors(404, 422)},
)
def report(
    review_id: str,
    s: ServicesDep,
    principal: PrincipalDep,
    fmt: Annotated[
        ReportFormat, Query(alias="format", description="md (default), html (one printable file) or json")
    ] = (ReportFormat.MD),
    milestone: Annotated[str | None, Query(max_length=100, description="a frozen milestone instead of now")] = None,
) -> Response:
    """The review report: profile, answers with evidence, risks, findings and the improvement plan, with the lens
    version, corpus hash, AWS attribution and source URLs. JSON is validated against the committed JSON Schema."""
    rendered = s.review.export(review_id, principal, fmt, milestone=milestone)
    disposition = f'inline; filename="{rendered.filename}"'
    return Response(rendered.content, media_type=rendered.media_type, headers={"Content-Disposition": disposition})


@router.post(
    "/{review_id}/milestones",
    response_model=MilestoneResponse,
    status_code=201,
    responses={**DUPLICATE, **errors(404, 413, 422)},
)
def create_milestone(
    review_id: str, body: MilestoneRequest, s: ServicesDep, principal: PrincipalDep
) -> MilestoneResponse:
    """Freeze the confirmed answers, risks and findings under a name (409 if the review already has that name)."""
    return MilestoneResponse.of(s.review.create_milestone(review_id, principal, body.name))


@router.get("/{review_id}/milestones", response_model=MilestoneListResponse, responses=errors(404))
def milestones(review_id: str, s: ServicesDep, principal: PrincipalDep) -> MilestoneListResponse:
    """The review's milestones, oldest first."""
    return MilestoneListResponse.of(s.review.milestones(review_id, principal))


@router.get("/{review_id}/milestones/diff", response_model=MilestoneDiff, responses=errors(404, 422))
def diff(
    review_id: str,
    before: Annotated[str, Query(min_length=1, description="milestone name")],
    after: Annotated[str, Query(min_length=1, description="milestone name")],
    s: ServicesDep,
    principal: PrincipalDep,
) -> MilestoneDiff:
    """What changed between two milestones: question and practice answers, risks, findings added, resolved or
    changed. An unknown name is a 422 listing the review's milestones."""
    return s.review.diff(review_id, principal, before, after)


@router.get(
    "/{review_id}/wa-tool",
    response_model=WAToolAnswersResponse,
    response_model_exclude_none=True,
    responses=errors(404, 422),
)
def wa_tool_answers(
    review_id: str,
    s: ServicesDep,
    principal: PrincipalDep,
    milestone: Annotated[str | None, Query(max_length=100, description="a frozen milestone instead of now")] = None,
) -> WAToolAnswersResponse:
    """The confirmed answers as AWS Well-Architected Tool `UpdateAnswer` requests (boto3 `update_answer` keyword
    arguments without `WorkloadId` and `LensAlias`), for the custom lens from `mllens wa-tool lens`: selected
    choices (or the question's "None of these"), every practice's status with not-applicable reasons, an evidence
    summary with citations (at most 2,084 characters), and `IsApplicable`/`Reason` for questions that do not apply."""
    report = s.review.report(review_id, principal, milestone=milestone)
    answers = [WAUpdateAnswer.model_validate(r) for r in update_answer_requests(report)]
    return WAToolAnswersResponse(
        review_id=review_id, milestone=milestone, lens_version=report.meta.lens_version, answers=answers
    )
