"""What every Slack listener shares: who is acting (the Slack user, or the identity they linked), posting blocks into
a thread (split at 50 blocks), and the outermost error guard (a short ephemeral message; the log names the request
ID and the error type, never the user's text)."""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from app.errors import AppError
from app.principal import Principal
from app.services import Services
from app.slack.blocks import Block, fallback_text, messages
from app.text_faults import visible

logger = logging.getLogger("app.slack")
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
SORRY = "Sorry, something went wrong on my side and I could not finish that. Please try again in a moment."
# Slack's answers when the bot cannot post in a channel: removed from it, never invited (private), or it is archived.
# Trying again will not help, and an ephemeral message there fails the same way: the user is told in a DM.
NOT_THERE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
CANNOT_POST = (
    "I could not answer in <#{channel}>: I am not a member of it any more, or it is private or archived. "
    "Invite me with `/invite @mllens` and ask again, or ask me here."
)


@dataclass(frozen=True)
class Where:
    """A place to reply: a channel and (usually) a thread, on behalf of a user's request."""

    team_id: str
    channel_id: str
    user_id: str
    thread_ts: str | None = None
    request_id: str = ""


def strip_mentions(text: str) -> str:
    return visible(_MENTION.sub(" ", text or ""))


def is_ignored_message(event: dict[str, Any]) -> bool:
    """Bots (ours included), edits, deletions and other system subtypes never trigger an answer."""
    if event.get("bot_id") or event.get("bot_profile") or event.get("hidden"):
        return True
    return event.get("subtype") not in (None, "file_share", "thread_broadcast") or not event.get("user")


def changed_message(event: dict[str, Any]) -> dict[str, Any] | None:
    """The message of a `message_changed` event whose words a person changed, or of a `message_deleted` event; None
    for a bot's update (ours, retiring buttons) or a link preview added (same words)."""
    deleted = event.get("subtype") == "message_deleted"
    message = event.get("previous_message" if deleted else "message") or {}
    if message.get("bot_id") or not message.get("user"):
        return None
    before = event.get("previous_message") or {}
    if not deleted and strip_mentions(message.get("text") or "") == strip_mentions(before.get("text") or ""):
        return None
    return dict(message)


def is_thread_reply(message: dict[str, Any]) -> bool:
    """A reply in a thread, not the thread's root (whose `thread_ts` is its own `ts`) nor a lone message."""
    return bool(message.get("thread_ts")) and message.get("thread_ts") != message.get("ts")


class SlackBot:
    def __init__(self, services: Services) -> None:
        self.services = services

    def principal(self, team_id: str, user_id: str) -> Principal:
        """The Slack user, or the identity they linked (`/mllens link`), so one review follows them everywhere."""
        slack = Principal.slack(team_id, user_id)
        return self.services.identity.target_of(slack) or slack

    def first_delivery(self, context: dict[str, Any], team_id: str) -> bool:
        """Claim this event's ID in the database: True once per event across instances and restarts, False for
        Slack's retries of it (which are then acknowledged and dropped)."""
        event_id = context.get("mllens_event_id")
        if not event_id:
            return True  # not an Events API delivery (Socket Mode envelopes carry the same payload, so they have one)
        if self.services.slack_state.claim_event(str(event_id), team_id):
            return True
        logger.info(
            "slack event %s already taken (retry %s); not answered again", event_id, context.get("mllens_retry", "?")
        )
        return False

    def post(self, client: WebClient, where: Where, blocks: list[Block]) -> str:
        """Post `blocks` into the thread (several messages if over 50 blocks); returns the first message's ts."""
        first = ""
        for chunk in messages(blocks) if blocks else []:
            response = client.chat_postMessage(
                channel=where.channel_id, thread_ts=where.thread_ts, blocks=chunk, text=fallback_text(chunk)
            )
            first = first or str(response.get("ts", ""))
        return first

    def ephemeral(self, client: WebClient, where: Where, text: str) -> None:
        client.chat_postEphemeral(channel=where.channel_id, user=where.user_id, thread_ts=where.thread_ts, text=text)

    def attempt(
        self,
        client: WebClient,
        where: Where,
        work: Callable[[], object],
        *,
        respond: Callable[..., object] | None = None,
    ) -> None:
        """Run one listener's work after the ack; any error ends as a short ephemeral message (see `fail`)."""
        try:
            work()
        except Exception as exc:  # the outermost edge of a Slack request
            self.fail(client, where, exc, respond=respond)

    def fail(
        self, client: WebClient, where: Where, exc: BaseException, *, respond: Callable[..., object] | None = None
    ) -> None:
        """The outermost edge: map our errors to their message, anything else to a generic apology with a ref."""
        error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        if isinstance(exc, AppError):
            logger.info("slack request %s refused: %s", where.request_id, exc.code)
            text = exc.message
        elif error in NOT_THERE:  # not our fault and not worth a stack trace
            logger.warning("slack request %s: cannot post in the channel: %s", where.request_id, error)
            text = CANNOT_POST.format(channel=where.channel_id)
            if respond is None:
                where = Where(where.team_id, where.user_id, where.user_id, None, where.request_id)  # the user's DM
                self._tell(client, where, text, direct=True)
                return
        else:
            frames = "".join(traceback.format_tb(exc.__traceback__))  # the stack without the exception's message
            logger.error("slack request %s failed: %s\n%s", where.request_id, type(exc).__name__, frames)
            text = f"{SORRY} (ref {where.request_id})"
        self._tell(client, where, text, respond=respond)

    def _tell(
        self,
        client: WebClient,
        where: Where,
        text: str,
        *,
        respond: Callable[..., object] | None = None,
        direct: bool = False,
    ) -> None:
        try:
            if respond is not None:  # a slash command's response_url works even where the bot is not a member
                respond(text=text, response_type="ephemeral")
            elif direct:  # a user ID as the channel: the bot's DM with them (chat:write)
                client.chat_postMessage(channel=where.user_id, text=text)
            else:
                self.ephemeral(client, where, text)
        except (SlackApiError, OSError) as err:
            reason = err.response.get("error") if isinstance(err, SlackApiError) else type(err).__name__
            logger.error("slack request %s: could not post the error message: %s", where.request_id, reason)


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]
