"""POST /v1/ask (JSON, or SSE with Accept: text/event-stream), GET /v1/ask/streams/{id} (replay), POST /v1/search."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from app.api.deps import CredentialsFirst, PrincipalDep, ServicesDep, get_principal
from app.api.replay import RecordedFrames, find_waiting, last_event_id, refuse_past_the_end, replay_frames
from app.api.responses import model_response
from app.api.schemas import (
    AskRequest,
    AskResponse,
    ErrorResponse,
    SearchRequest,
    SearchResponse,
)
from app.api.sse import answer_frames, frames_response

ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse} for status in (401, 404, 413, 422, 429, 503)
}
SSE: dict[int | str, dict[str, object]] = {200: {"content": {"text/event-stream": {}}, "description": "SSE events"}}
router = APIRouter(prefix="/v1", tags=["questions"], responses=ERRORS)


@router.post(
    "/ask",
    response_model=AskResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE events when asked for"}},
    dependencies=[CredentialsFirst],
)
def ask(
    body: AskRequest,
    request: Request,
    s: ServicesDep,
    stream_id: Annotated[str | None, Header(alias="X-Stream-Id", description="client-chosen ID for replay")] = None,
) -> Response:
    """Answer a question from the lens, with citations. Send `Accept: text/event-stream` to stream it: the reply's
    `X-Stream-Id` (yours, if you sent one) names the stream, kept a day for GET /v1/ask/streams/{stream_id}."""
    # Who is asking is settled first, in this worker-thread call: as a (sync, database-reading) dependency it would
    # take a worker thread of its own before this one, two hand-offs per ask instead of one. Same check, same errors;
    # CredentialsFirst has already refused, before the body was validated, what needs no database to refuse.
    principal = get_principal(request, s)
    filters = body.filters.to_domain() if body.filters else None
    prepared = s.qa.prepare(body.question, conversation_id=body.conversation_id, filters=filters, principal=principal)
    if "text/event-stream" not in request.headers.get("accept", ""):
        return model_response(AskResponse.of(s.qa.answer(prepared)))
    stream_id = stream_id or uuid.uuid4().hex
    s.streams.open(stream_id, principal)
    frames = RecordedFrames(answer_frames(s.qa.stream(prepared)), lambda all_: s.streams.finish(stream_id, all_))
    return frames_response(frames, s.settings.sse_heartbeat_s, headers={"X-Stream-Id": stream_id})


@router.get("/ask/streams/{stream_id}", responses=SSE)
def replay(
    stream_id: str,
    s: ServicesDep,
    principal: PrincipalDep,
    last_event: Annotated[str | None, Header(alias="Last-Event-ID", description="the last event ID received")] = None,
) -> Response:
    """Replay a streamed answer after `Last-Event-ID` (all of it without one); an answer still being written is
    waited for, so the replay ends complete. After the last event the replay is empty; an ID past it (one the stream
    never sent) is a 422 (an `error` event when the answer was still being written). Another caller's stream, or an
    unknown one, is a 404."""
    after = last_event_id(last_event)
    refuse_past_the_end(find_waiting(s.streams, stream_id, principal, s.settings.stream_appear_wait_s), after)
    frames = replay_frames(lambda: s.streams.find(stream_id, principal), after, s.settings.stream_replay_wait_s)
    return frames_response(frames, s.settings.sse_heartbeat_s, first_id=after)


@router.post("/search", response_model=SearchResponse)
async def search(body: SearchRequest, s: ServicesDep, _principal: PrincipalDep) -> Response:
    """Rank the lens's best practices for a query, with their best passages and scores (`"passages": false` for
    IDs, titles, URLs and scores only)."""
    # Async: every text the search embeds (the query; for the scope gate, its text spelt right or a request attached
    # to it) is awaited from the embedding thread (batched with concurrent queries), and FAISS, BM25, fusion and the
    # gate's signals (a few milliseconds of CPU) run on the loop, so a search needs no worker thread of its own.
    filters = body.filters.to_domain() if body.filters else None
    result = await s.qa.search_async(body.query, k=body.k, filters=filters)
    return model_response(SearchResponse.of(result, passages=body.passages))
