"""build_slack_app(services, settings): the Bolt app with every listener. Bolt acknowledges each request first and
runs the listener in its executor afterwards (process_before_response=False), so Slack gets its ack within 3 s.

Before any listener: Bolt verifies the signature (HMAC-SHA256, constant-time compare, older than 5 minutes -> 401),
then `only_our_workspace` (the before_authorize hook) refuses a request from any workspace but the bot token's
(learnt once, when the app is built: MLLENS_SLACK_TEAM_ID, else `auth.test`), and `authorize` answers from what it
learnt (no network call per request). After the ack, each event's work starts by claiming its `event_id` in the
database (SlackBot.first_delivery), so a retried event is answered once across all instances and restarts, and the ack
never waits for a database write."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from typing import Any

from slack_bolt import App, Assistant, BoltContext, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.request.payload_utils import is_other_message_sub_event_in_assistant_thread
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from app.services import Services
from app.settings import Settings
from app.slack import commands, listeners
from app.slack.bot import SlackBot

logger = logging.getLogger("app.slack")
LISTENER_THREADS = 4
RATE_LIMIT_RETRIES = 3  # chat.postMessage & co. answer 429 with Retry-After; the SDK waits that long and retries
# Building the app can fail for a while (Slack unreachable, a token Slack refuses): worth retrying later.
START_ERRORS: tuple[type[Exception], ...] = (SlackClientError, OSError)
NOT_STARTED: tuple[type[Exception], ...] = (ValueError, *START_ERRORS)  # and a setting Slack cannot fix
START_RETRY_S, START_RETRY_MAX_S = 5.0, 300.0


def build_slack_app(services: Services, settings: Settings, *, socket_mode: bool = False) -> App:
    if settings.slack_bot_token is None:
        raise ValueError("the Slack bot needs MLLENS_SLACK_BOT_TOKEN")
    token = settings.slack_bot_token.get_secret_value()
    client = WebClient(base_url=_with_slash(settings.slack_api_url))  # the token comes from `authorize`
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    if not socket_mode and secret is None:
        raise ValueError("Slack's HTTP mode needs MLLENS_SLACK_SIGNING_SECRET to verify requests")
    workspace = settings.slack_team_id or _workspace_of_token(client, token)

    def authorize(enterprise_id: str | None, team_id: str | None, context: BoltContext) -> AuthorizeResult | None:
        # One workspace, one bot token: nothing to look up. The bot's own user ID comes with each event.
        if team_id != workspace:  # only_our_workspace has refused it already; never lend the token to another
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=token,
            bot_user_id=context.get("mllens_bot_user_id"),
        )

    def only_our_workspace(req: BoltRequest, next: Any) -> BoltResponse:  # noqa: A002 (Bolt's argument name)
        """A request from another workspace (another org's install of the app, a Slack Connect user of another
        workspace, a replayed request) gets an empty 200 (Slack does not retry it; nobody sees a reply) and one
        warning line. Bolt's own way, `authorize` answering None, would log an error and reply with its text."""
        body = req.body
        if body.get("type") == "url_verification" or body.get("ssl_check") == "1":
            return next()  # type: ignore[no-any-return]  # Slack's checks of the URL carry no workspace
        ctx = req.context
        actor = ctx.actor_team_id
        actor_ours = actor == workspace or (actor is None and not body.get("is_ext_shared_channel"))
        if ctx.team_id == workspace and actor_ours:
            return _note_bot_user(req, next)
        if ctx.team_id is None:
            logger.warning("slack request refused: it names no workspace (no team ID in the body)")
        else:
            logger.warning(
                "slack request from another workspace refused (team %s, actor's team %s)", ctx.team_id, actor
            )
        return BoltResponse(status=200, body="")

    app = App(
        client=client,
        signing_secret=secret or "",
        authorize=authorize,  # type: ignore[arg-type]  # Bolt takes None as "not installed"
        before_authorize=only_our_workspace,
        process_before_response=False,
        request_verification_enabled=not socket_mode,  # Socket Mode is authenticated by the app-level token
        listener_executor=ListenerExecutor(LISTENER_THREADS, thread_name_prefix="slack-listener"),
        name="mllens",
        # A request no listener takes is handed to `_on_error` (the event type only in the log), not to Bolt's own
        # warning, which carries the event with a user's words.
        raise_error_for_unhandled_request=True,
    )
    app.error(_on_error)
    # Bolt logs the whole body of a request whose signature fails, at INFO (a user's words, when a genuine request
    # arrives too late or after the secret was rotated); the access log has the 401 already. Bolt set this logger's
    # level from the root's when it built the app, so this comes after.
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)
    app.use(_note_event)
    app.use(_acknowledge_rate_limit_notice)
    bot = SlackBot(services)
    assistant = AssistantWithEdits()
    listeners.register(app, assistant, bot)
    app.use(assistant)
    commands.register(app, bot)
    return app


EDIT_SUBTYPES = frozenset({"message_changed", "message_deleted"})


class AssistantWithEdits(Assistant):
    """Bolt's Assistant middleware (AI-assistant threads: thread started, user messages, status, suggested prompts),
    except that an edit or a deletion in a DM thread goes on to the app's listeners as it does in a channel. Bolt's
    own acknowledges every other message sub-event in a DM thread and drops it (a DM thread is an assistant thread to
    Bolt), so an edit of a review reply in a DM never reached `message_changed` and its author was never told it is not
    read. Other sub-events there (a bot's update, a thread broadcast) are still acknowledged and dropped by Bolt."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Any) -> BoltResponse | None:  # noqa: A002
        body = req.body
        if is_other_message_sub_event_in_assistant_thread(body) and body["event"].get("subtype") in EDIT_SUBTYPES:
            return next()  # type: ignore[no-any-return]
        return super().process(req=req, resp=resp, next=next)


class ListenerExecutor(ThreadPoolExecutor):
    """Bolt's listener executor, keeping the jobs given and not finished yet, so shutdown can wait for them for a
    bounded time and say what was left."""

    def __init__(self, max_workers: int, thread_name_prefix: str) -> None:
        super().__init__(max_workers, thread_name_prefix=thread_name_prefix)
        self._unfinished: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._unfinished.add(future)
        future.add_done_callback(self._finished)  # at once when it is done already
        return future

    def _finished(self, future: Future[Any]) -> None:
        with self._lock:
            self._unfinished.discard(future)

    def unfinished(self) -> list[Future[Any]]:
        with self._lock:
            return list(self._unfinished)


def stop_slack_app(app: App, wait_s: float) -> None:
    """Graceful shutdown, bounded: take no new work, wait up to `wait_s` for the work of every event already
    acknowledged (Slack will not send it again), then log what is left: jobs still running finish in their threads
    (the process exits when they have), jobs not started yet are dropped. Call it after the requests stopped (in Socket
    Mode, once the client is closed) and before closing the services.

    A confirmation (the Confirm button or a reply of `confirm`) saves the answer in one transaction inside its job and
    says *Saved* only after the commit: a dropped job saved nothing and said nothing (the proposal is still a draft,
    kept in the database, to confirm again), and a running one is never cut short."""
    executor = app.listener_runner.listener_executor
    executor.shutdown(wait=False)
    if not isinstance(executor, ListenerExecutor):
        return
    _, left = wait_for_futures(executor.unfinished(), timeout=wait_s)
    if not left:
        return
    dropped = sum(1 for future in left if future.cancel())  # a job not started yet cancels; a running one does not
    logger.warning(
        "slack shutdown: after %.0f s, %d acknowledged job(s) still running (left to finish) and %d not started "
        "(dropped; Slack will not send them again)",
        wait_s,
        len(left) - dropped,
        dropped,
    )


def _on_error(error: Exception, request: BoltRequest) -> None:
    """Bolt's error handler (listener and middleware errors, and requests no listener takes). The log has the kind of
    request and the error type, never the body (an event carries a user's words)."""
    if isinstance(error, BoltUnhandledRequestError):
        logger.warning("slack request not handled: %s", _kind(request.body))
        return
    frames = "".join(traceback.format_tb(error.__traceback__))  # the stack without the exception's message
    logger.error("slack listener failed: %s\n%s", type(error).__name__, frames)


def _kind(body: dict[str, Any]) -> str:
    """What a request is, without what it says: `event_callback/reaction_added`, `block_actions`, `/mllens`."""
    if body.get("command"):
        return str(body["command"])
    kind = str(body.get("type") or "unknown type")
    event = body.get("event")
    if isinstance(event, dict) and event.get("type"):
        subtype = f"/{event['subtype']}" if event.get("subtype") else ""
        return f"{kind}/{event['type']}{subtype}"
    return kind


class StartRetries:
    """The stop switch of the start-up retries: once `stop()` has returned (at server shutdown), no retry sets
    `state.slack`; one that was still building the app then (Slack slow to answer `auth.test`) drops what it built."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds`; True once stopped."""
        return self._stopped.wait(seconds)

    def publish(self, state: Any, app: App) -> bool:
        """Set `state.slack = app` unless stopped (the check and the set under one lock, so `stop()` cannot fall
        between them); True when set."""
        with self._lock:
            if self._stopped.is_set():
                return False
            state.slack = app
            return True


def start_slack_app(
    state: Any, services: Services, settings: Settings, retries: StartRetries, *, retry_s: float | None = None
) -> None:
    """Build the Bolt app into `state.slack` (HTTP mode, at server start). When that fails for want of Slack (it
    cannot be reached, or refuses the token at `auth.test`), log one warning and keep trying in a background thread,
    `retry_s` (START_RETRY_S) doubling up to START_RETRY_MAX_S, until `retries` is stopped; meanwhile POST /slack/events
    answers 503 `not_ready` (fail closed) and the rest of the server works. A token of an org-wide install is not
    retried (the log says why)."""
    first_wait = START_RETRY_S if retry_s is None else retry_s
    try:
        state.slack = build_slack_app(services, settings)
        return
    except ValueError as exc:  # a setting Slack cannot fix (an org-wide token): say so once, no retries
        logger.error("the Slack bot did not start: %s", exc)
        return
    except START_ERRORS as exc:
        logger.warning("the Slack bot did not start (%s); retrying in %.0f s", _reason(exc), first_wait)

    def retry() -> None:
        wait = first_wait
        while not retries.wait(wait):
            try:
                bolt = build_slack_app(services, settings)
            except START_ERRORS as exc:
                wait = min(wait * 2, START_RETRY_MAX_S)
                logger.warning("the Slack bot did not start (%s); retrying in %.0f s", _reason(exc), wait)
                continue
            if retries.publish(state, bolt):
                logger.info("the Slack bot started")
            return

    threading.Thread(target=retry, name="slack-start", daemon=True).start()


def _reason(exc: Exception) -> str:
    error = getattr(exc, "response", None)
    code = error.get("error") if error is not None and hasattr(error, "get") else None
    return f"{type(exc).__name__}: {code}" if code else type(exc).__name__


def _workspace_of_token(client: WebClient, token: str) -> str:
    """The one workspace the bot token belongs to, from `auth.test` (once, when the app is built)."""
    answer = client.auth_test(token=token)
    team = answer.get("team_id")
    if answer.get("is_enterprise_install") or not isinstance(team, str) or not team:
        raise ValueError(
            "the Slack bot token is an org-wide (Enterprise Grid) install; the bot serves one workspace: install the "
            "app to that workspace, or set MLLENS_SLACK_TEAM_ID"
        )
    return team


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


def _acknowledge_rate_limit_notice(req: BoltRequest, next: Any) -> BoltResponse:  # noqa: A002 (Bolt's argument name)
    """Slack sends `app_rate_limited` to every app with event subscriptions, subscribed or not, when it drops events
    (over 30,000 an hour from one workspace); it is a top-level type, not an event, so no Bolt listener can take it.
    Acknowledge it with 200 (Slack disables the subscriptions when 5% of deliveries in an hour are not 200) and log
    one warning line for the operator."""
    body = req.body
    if body.get("type") != "app_rate_limited":
        return next()  # type: ignore[no-any-return]
    logger.warning(
        "Slack is rate-limiting this app's events (team %s, from minute %s)",
        body.get("team_id"),
        body.get("minute_rate_limited"),
    )
    return BoltResponse(status=200, body="")
