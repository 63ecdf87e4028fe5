"""POST /v1/feedback (on an answer or a drafted finding) and GET /v1/feedback (JSON Lines export, operators only)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.api.deps import CredentialsFirst, OperatorDep, ServicesDep, get_principal
from app.api.responses import model_response
from app.api.schemas import ErrorResponse, FeedbackRequest, FeedbackResponse
from app.errors import NotFound
from app.principal import Principal
from app.services import Services

router = APIRouter(
    prefix="/v1", tags=["feedback"], responses={s: {"model": ErrorResponse} for s in (401, 404, 422, 429, 503)}
)


@router.post("/feedback", response_model=FeedbackResponse, status_code=201, dependencies=[CredentialsFirst])
def feedback(body: FeedbackRequest, request: Request, s: ServicesDep) -> Response:
    """Record whether an answer (`turn_id`) or a drafted finding (`review_id`, `finding_id`) helped, with an optional
    reason. Someone else's answer or review is a 404."""
    # A front end sends one per rating: one hand-off to the thread pool, as for a review turn (the principal settled
    # and the reply serialised inside this worker call).
    principal = get_principal(request, s)
    return model_response(_record(body, s, principal), status_code=201)


def _record(body: FeedbackRequest, s: Services, principal: Principal) -> FeedbackResponse:
    rating = 1 if body.rating == "up" else -1
    if s.limits is not None:  # per principal and rated thing, across instances
        rated = f"turn:{body.turn_id}" if body.turn_id is not None else f"finding:{body.review_id}:{body.finding_id}"
        s.limits.hit("feedback", principal, rated)
    if body.turn_id is not None:
        return FeedbackResponse(id=s.feedback.add(body.turn_id, principal, rating, body.comment))
    assert body.review_id is not None and body.finding_id is not None  # checked by FeedbackRequest
    review = s.review.get(body.review_id, principal)
    practice = s.kb.lens.best_practice(body.finding_id.strip().upper())
    if practice is None or practice.question_id not in review.question_ids:
        raise NotFound(f"no finding {body.finding_id} in review {body.review_id}")
    return FeedbackResponse(id=s.feedback.add_on_finding(review.id, practice.id, principal, rating, body.comment))


@router.get(
    "/feedback",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "one JSON object per line"}},
)
def export_feedback(
    s: ServicesDep,
    _operator: OperatorDep,
    since: Annotated[datetime | None, Query(description="only feedback given at or after this time (ISO 8601)")] = None,
) -> StreamingResponse:
    """Every rating as JSON Lines for the eval loop: who, when, up/down, the reason, and what was rated (the
    question, answer and cited practices; or the review and finding). A secret API key (or local) only."""
    rows = s.feedback.export(since)
    return StreamingResponse(
        (json.dumps(row, ensure_ascii=False) + "\n" for row in rows), media_type="application/x-ndjson"
    )
