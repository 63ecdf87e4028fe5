"""Event and interaction listeners: each parses the payload, acknowledges, and hands one job to questions.py or
reviews.py (run by Bolt after the ack). One router decides what a user's message is: a reply in a review thread, a
follow-up in a question thread, or a new question (DMs and @mentions)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Assistant, BoltContext, Say
from slack_sdk import WebClient

from app.errors import InvalidInput
from app.slack import questions
from app.slack import review_blocks as rb
from app.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP
from app.slack.bot import (
    SlackBot,
    Where,
    changed_message,
    is_ignored_message,
    is_thread_reply,
    new_request_id,
    strip_mentions,
)
from app.slack.reviews import ThreadReviews

Status = Callable[[str], object]


def register(app: App, assistant: Assistant, bot: SlackBot) -> None:
    reviews = ThreadReviews(bot)

    def route(
        client: WebClient, context: BoltContext, event: dict[str, Any], *, mention: bool, status: Status | None
    ) -> None:
        """Answer a user's message in its thread, or pass it to the review bound to that thread."""
        if is_ignored_message(event):
            return
        thread_ts = event.get("thread_ts")
        is_dm = event.get("channel_type") == "im"
        if not (mention or is_dm or thread_ts):
            return  # a channel message that is not for us
        bot_user = context.bot_user_id
        if not mention and not is_dm and bot_user and f"<@{bot_user}>" in (event.get("text") or ""):
            return  # the app_mention event for the same message answers it
        team_id = str(context.team_id or event.get("team") or "")
        request_id = str(context.get("mllens_event_id") or new_request_id())
        where = Where(team_id, event["channel"], event["user"], thread_ts or event["ts"], request_id)
        text = strip_mentions(event.get("text") or "")

        def work() -> None:
            thread = bot.services.slack_state.thread(team_id, where.channel_id, where.thread_ts or "")
            if thread is None and not (mention or is_dm):
                return  # a reply in someone else's channel thread
            if not bot.first_delivery(context, team_id):
                return  # Slack's retry of an event another delivery took
            if thread is not None and thread.kind == "review":
                reviews.reply(client, where, thread, text)
            elif thread is None and (not text or (is_dm and questions.is_start_request(text))):
                bot.post(client, where, rb.start_blocks())  # a bare @mention gets the help, not silence
            elif text:
                questions.answer(bot, client, where, text, thread, set_status=status)

        bot.attempt(client, where, work)

    # Before the catch-all `message` listener: Bolt runs the first listener that matches.
    @app.event({"type": "message", "subtype": ["message_changed", "message_deleted"]})
    def on_message_changed(client: WebClient, context: BoltContext, event: dict[str, Any]) -> None:
        """An edited or deleted message is never read again. The starter of a review who edits or deletes a reply is
        told so and how to correct; a person who edits a question (or follow-up) the bot answered is told to send the
        new words as a new reply."""
        changed = changed_message(event)
        if changed is None:
            return
        deleted = event.get("subtype") == "message_deleted"
        team_id = str(context.team_id or event.get("team") or "")
        request_id = str(context.get("mllens_event_id") or new_request_id())
        thread_ts = str(changed.get("thread_ts") or changed.get("ts") or "")
        where = Where(team_id, event["channel"], str(changed["user"]), thread_ts, request_id)

        def work() -> None:
            thread = bot.services.slack_state.thread(team_id, where.channel_id, thread_ts)
            if thread is None:
                return  # a message the bot never answered
            if thread.kind == "review":
                if (
                    is_thread_reply(changed)
                    and thread.user_id == where.user_id
                    and bot.first_delivery(context, team_id)
                ):
                    reviews.changed(client, where, deleted=deleted)
                return  # someone else's reply (who was told the review is not theirs)
            if not deleted and bot.first_delivery(context, team_id):
                bot.ephemeral(client, where, questions.QUESTION_EDITED)

        bot.attempt(client, where, work)

    @app.event("app_mention")
    def on_mention(client: WebClient, context: BoltContext, event: dict[str, Any]) -> None:
        route(client, context, event, mention=True, status=None)

    @app.event("message")
    def on_message(client: WebClient, context: BoltContext, event: dict[str, Any]) -> None:
        route(client, context, event, mention=False, status=None)

    @assistant.thread_started
    def on_thread_started(context: BoltContext, say: Say, set_suggested_prompts: Callable[..., Any]) -> None:
        if not bot.first_delivery(context, str(context.team_id or "")):
            return
        say(questions.GREETING)
        set_suggested_prompts(prompts=[{"title": t, "message": m} for t, m in questions.SUGGESTED_PROMPTS])

    @assistant.user_message
    def on_assistant_message(
        client: WebClient, context: BoltContext, payload: dict[str, Any], set_status: Status
    ) -> None:
        route(client, context, payload, mention=False, status=set_status)

    @app.action(re.compile(f"^({FEEDBACK_UP}|{FEEDBACK_DOWN})$"))
    def on_feedback(ack: Ack, client: WebClient, body: dict[str, Any]) -> None:
        ack()
        where = _where_of_action(body)
        rating = 1 if body["actions"][0]["action_id"] == FEEDBACK_UP else -1
        bot.attempt(client, where, lambda: questions.record_feedback(bot, client, where, body, rating))

    @app.action(rb.TICKS)
    def on_tick(ack: Ack) -> None:
        ack()  # ticks are read from the message state when "Submit ticks" is pressed

    @app.action(re.compile(f"^({rb.SUBMIT}|{rb.CONFIRM}|{rb.EDIT}|{rb.NOT_APPLICABLE}|{rb.SKIP})$"))
    def on_review_button(ack: Ack, client: WebClient, body: dict[str, Any]) -> None:
        ack()
        where = _where_of_action(body)

        def work() -> None:
            thread = bot.services.slack_state.thread(where.team_id, where.channel_id, where.thread_ts or "")
            if thread is None or thread.kind != "review":
                raise InvalidInput("This review thread is not known here any more; start again with /mllens review.")
            reviews.action(client, where, thread, body)

        bot.attempt(client, where, work)

    @app.action(rb.START)
    def on_start_button(ack: Ack, client: WebClient, body: dict[str, Any]) -> None:
        ack()
        where = _where_of_action(body)
        metadata = {"channel_id": where.channel_id}
        asked_in = (body.get("message") or {}).get("thread_ts")
        if asked_in:  # clicked in a thread (an AI-assistant thread, say): the review's thread gets linked there
            metadata["thread_ts"] = str(asked_in)
        bot.attempt(
            client, where, lambda: client.views_open(trigger_id=body["trigger_id"], view=rb.start_modal(metadata))
        )

    @app.view(re.compile(f"^({rb.NA_MODAL}|{rb.EDIT_MODAL})$"))
    def on_review_modal(ack: Ack, client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
        ack()
        meta = _metadata(view)
        where = Where(
            body["team"]["id"], meta.get("channel_id", ""), body["user"]["id"], meta.get("thread_ts"), new_request_id()
        )

        def work() -> None:
            thread = bot.services.slack_state.thread(where.team_id, where.channel_id, where.thread_ts or "")
            if thread is None or thread.kind != "review" or thread.review_id != meta.get("review_id"):
                raise InvalidInput("This review thread is not known here any more.")
            reviews.submitted(client, where, thread, view)

        bot.attempt(client, where, work)

    @app.view(rb.START_MODAL)
    def on_start_modal(ack: Ack, client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
        name = (view["state"]["values"].get("name", {}).get("value", {}).get("value") or "").strip()
        if not name:
            ack(response_action="errors", errors={"name": "Give the workload a name."})
            return
        ack()
        meta = _metadata(view)
        where = Where(body["team"]["id"], meta.get("channel_id", ""), body["user"]["id"], None, new_request_id())
        bot.attempt(client, where, lambda: reviews.start(client, where, name, asked_in=meta.get("thread_ts")))


def _where_of_action(body: dict[str, Any]) -> Where:
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id", "")
    thread_ts = message.get("thread_ts") or container.get("thread_ts") or message.get("ts")
    team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
    return Where(team, channel, body["user"]["id"], thread_ts, new_request_id())


def _metadata(view: dict[str, Any]) -> dict[str, str]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in meta.items()} if isinstance(meta, dict) else {}
