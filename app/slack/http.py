"""POST /slack/events: events, interactivity and the slash command on one URL (Slack's HTTP mode), with Bolt's own
Starlette conversion. Events (JSON bodies) are dispatched on the event loop: verifying, acknowledging and handing the
work to Bolt's executor is CPU-light and never waits. Interactivity and commands (form bodies) are dispatched in a
worker thread, because there Bolt waits for the listener to call ack() in its executor. Bolt's own error answers
(401 for a bad signature, 404 for a request no listener takes, a 5xx for an error it caught before the ack) become the
typed JSON errors of app/api/errors.py."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from app.errors import InvalidInput, NotFound, NotReady, Unauthorized


def slack_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        bolt = getattr(request.app.state, "slack", None)
        if not isinstance(bolt, App):
            raise NotReady("the Slack bot is not running yet (starting, or waiting for Slack: see the server log)")
        body = await request.body()
        try:
            bolt_request = to_bolt_request(request, body)
        except ValueError:  # Bolt parses the body before checking its signature; JSON that doesn't parse lands here
            secret = request.app.state.settings.slack_signing_secret
            verifier = SignatureVerifier(secret.get_secret_value() if secret else "")
            if not verifier.is_valid_request(body, dict(request.headers)):
                raise Unauthorized("invalid or missing Slack signature") from None
            raise InvalidInput("the Slack request body (or its payload field) is not valid JSON") from None
        if request.headers.get("content-type", "").startswith("application/json"):
            return _typed(bolt.dispatch(bolt_request))
        return _typed(await run_in_threadpool(bolt.dispatch, bolt_request))

    return router


def _typed(response: BoltResponse) -> Response:
    """Bolt's answer, except its own error bodies (`{"error": "invalid request"}` and the like), which become the
    typed JSON error every other surface answers, with the same status. Bolt still does the verifying."""
    if response.status == 401:  # Bolt's RequestVerification: a bad or missing signature, or a stale timestamp
        raise Unauthorized("invalid or missing Slack signature, or a request more than 5 minutes old")
    if response.status == 404:  # Bolt found no listener for this kind of request
        raise NotFound("the Slack bot does not handle this kind of request")
    if response.status >= 500:  # Bolt caught an error before the ack and logged it: the catch-all's typed 500
        raise RuntimeError(f"Slack Bolt answered {response.status}")
    return to_starlette_response(response)
