"""build_slack_app(services, settings): the Bolt app with every listener. Bolt acknowledges each request first and
runs the listener in its executor afterwards (process_before_response=False), so Slack gets its ack within 3 s.

Before any listener: Bolt verifies the signature (HMAC-SHA256, constant-time compare, older than 5 minutes -> 401)
and our `authorize` answers from settings (never `auth.test` over the network). After the ack, each event's work
starts by claiming its `event_id` in the database (SlackBot.first_delivery), so a retried event is answered once
across all instances and restarts, and the ack never waits for a database write."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, Assistant, BoltContext, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from app.services import Services
from app.settings import Settings
from app.slack import commands, listeners
from app.slack.bot import SlackBot

logger = logging.getLogger("app.slack")
LISTENER_THREADS = 4
RATE_LIMIT_RETRIES = 3  # chat.postMessage & co. answer 429 with Retry-After; the SDK waits that long and retries


def build_slack_app(services: Services, settings: Settings, *, socket_mode: bool = False) -> App:
    if settings.slack_bot_token is None:
        raise ValueError("the Slack bot needs MLLENS_SLACK_BOT_TOKEN")
    token = settings.slack_bot_token.get_secret_value()
    client = WebClient(base_url=_with_slash(settings.slack_api_url))  # the token comes from `authorize`
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    if not socket_mode and secret is None:
        raise ValueError("Slack's HTTP mode needs MLLENS_SLACK_SIGNING_SECRET to verify requests")

    def authorize(enterprise_id: str | None, team_id: str | None, context: BoltContext) -> AuthorizeResult:
        # One workspace, one bot token: nothing to look up. The bot's own user ID comes with each event.
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=token,
            bot_user_id=context.get("mllens_bot_user_id"),
        )

    app = App(
        client=client,
        signing_secret=secret or "",
        authorize=authorize,
        before_authorize=_note_bot_user,
        process_before_response=False,
        request_verification_enabled=not socket_mode,  # Socket Mode is authenticated by the app-level token
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="slack-listener"),
        name="mllens",
    )
    app.use(_note_event)
    bot = SlackBot(services)
    assistant = Assistant()
    listeners.register(app, assistant, bot)
    app.use(assistant)
    commands.register(app, bot)
    return app


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _note_bot_user(req: BoltRequest, next: Any) -> BoltResponse:  # noqa: A002 (Bolt's argument name)
    """Events carry the bot's own user ID in `authorizations`; keep it for `authorize` (no auth.test needed)."""
    for authorization in req.body.get("authorizations") or []:
        if authorization.get("is_bot") and authorization.get("user_id"):
            req.context["mllens_bot_user_id"] = authorization["user_id"]
            break
    return next()  # type: ignore[no-any-return]


def _note_event(req: BoltRequest, context: BoltContext, next: Any) -> BoltResponse:  # noqa: A002
    """Keep the event ID (Slack's retry key) for SlackBot.first_delivery and as the request ID in logs."""
    body = req.body
    if body.get("type") == "event_callback" and body.get("event_id"):
        context["mllens_event_id"] = str(body["event_id"])
        retry = req.headers.get("x-slack-retry-num")
        if retry:
            context["mllens_retry"] = retry[0]
    return next()  # type: ignore[no-any-return]
