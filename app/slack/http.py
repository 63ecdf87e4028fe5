"""POST /slack/events: events, interactivity and the slash command on one URL (Slack's HTTP mode). Bolt's own
Starlette conversion, with the dispatch run in a worker thread (it verifies, dedupes in the database and acks)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from app.errors import NotReady


def slack_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        bolt = getattr(request.app.state, "slack", None)
        if not isinstance(bolt, App):
            raise NotReady("the Slack bot is still starting")
        body = await request.body()
        response = await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    return router
