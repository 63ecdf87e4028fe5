"""POST /v1/ask (JSON, or SSE with Accept: text/event-stream), POST /v1/search, POST /v1/feedback."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.deps import PrincipalDep, ServicesDep
from app.api.schemas import (
    AskRequest,
    AskResponse,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    SearchRequest,
    SearchResponse,
)
from app.api.sse import sse_response

ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse} for status in (401, 404, 413, 422, 429, 503)
}
router = APIRouter(prefix="/v1", tags=["questions"], responses=ERRORS)


@router.post(
    "/ask",
    response_model=AskResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE events when asked for"}},
)
def ask(body: AskRequest, request: Request, s: ServicesDep, principal: PrincipalDep) -> Response | AskResponse:
    """Answer a question from the lens, with citations. Send `Accept: text/event-stream` to stream it."""
    filters = body.filters.to_domain() if body.filters else None
    prepared = s.qa.prepare(body.question, conversation_id=body.conversation_id, filters=filters, principal=principal)
    if "text/event-stream" in request.headers.get("accept", ""):
        return sse_response(s.qa.stream(prepared), s.settings.sse_heartbeat_s)
    return AskResponse.of(s.qa.answer(prepared))


@router.post("/search", response_model=SearchResponse)
def search(body: SearchRequest, s: ServicesDep, _principal: PrincipalDep) -> SearchResponse:
    """Rank the lens's best practices for a query, with their best passages and scores."""
    filters = body.filters.to_domain() if body.filters else None
    return SearchResponse.of(s.qa.search(body.query, k=body.k, filters=filters))


@router.post("/feedback", response_model=FeedbackResponse, status_code=201)
def feedback(body: FeedbackRequest, s: ServicesDep, principal: PrincipalDep) -> FeedbackResponse:
    """Record whether an answer (by its turn_id) helped."""
    rating = 1 if body.rating == "up" else -1
    if s.limits is not None:
        s.limits.hit("feedback", principal, str(body.turn_id))
    return FeedbackResponse(id=s.feedback.add(body.turn_id, principal, rating, body.comment))
