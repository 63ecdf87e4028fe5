"""Questions in Slack: a DM or an @mention is answered in a thread, and replies in that thread are follow-ups in one
conversation (the thread is bound to it in the database). Answers are Block Kit with sources and 👍/👎 buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from app.errors import ConversationNotFound, NotFound
from app.persistence.slack_state import SlackThread
from app.slack.blocks import answer_blocks, feedback_done
from app.slack.bot import SlackBot, Where, logger

GREETING = (
    "Hi! Ask me anything about the AWS Well-Architected Machine Learning Lens, "
    "or start a review with `/mllens review <workload name>`."
)
THINKING = "is reading the lens…"
QUESTION_EDITED = (
    "I don't read edited messages: I answered your message as you first sent it. To ask with the new words, send them "
    "as a new reply in this thread."
)
SUGGESTED_PROMPTS = (
    ("Protect training data", "How should we protect sensitive training data?"),
    ("Version data and models", "How do we version training data and models?"),
    ("Watch for drift", "How should we monitor a model for drift in production?"),
    ("Start a review", "Start a review"),
)
_START = re.compile(
    r"^\s*(help|review|start( an?)?( ml lens)? review|how do i start an? (ml lens )?review\b.*)[.!?]*\s*$", re.I
)


def is_start_request(text: str) -> bool:
    """A DM asking how to begin rather than a lens question: answered with the Start button."""
    return bool(_START.match(text))


def answer(
    bot: SlackBot,
    client: WebClient,
    where: Where,
    text: str,
    thread: SlackThread | None,
    *,
    set_status: Callable[[str], object] | None = None,
) -> None:
    """Answer `text` in the thread `where.thread_ts`, continuing the thread's conversation when it is the asker's."""
    assert where.thread_ts is not None
    if set_status is not None:
        try:
            set_status(THINKING)
        except SlackApiError:  # outside an assistant thread there is no status to set
            pass
    principal = bot.principal(where.team_id, where.user_id)
    conversation_id = thread.conversation_id if thread and thread.user_id == where.user_id else None
    try:
        result = bot.services.qa.ask(text, principal=principal, conversation_id=conversation_id)
    except ConversationNotFound:  # the conversation moved (e.g. the user linked or unlinked): start afresh
        result = bot.services.qa.ask(text, principal=principal)
    if thread is None:
        thread = bot.services.slack_state.bind(
            SlackThread(
                where.team_id,
                where.channel_id,
                where.thread_ts,
                "conversation",
                where.user_id,
                conversation_id=result.conversation_id,
            )
        )
    elif thread.user_id == where.user_id and thread.conversation_id != result.conversation_id:
        bot.services.slack_state.set_conversation(
            where.team_id, where.channel_id, where.thread_ts, result.conversation_id
        )
    bot.post(client, where, answer_blocks(result))


def record_feedback(bot: SlackBot, client: WebClient, where: Where, body: dict[str, Any], rating: int) -> None:
    """👍/👎 on an answer: stored with the same feedback store as the API's; the buttons become a thank-you."""
    action = body["actions"][0]
    try:
        turn_id = int(action["value"])
        bot.services.feedback.add(turn_id, bot.principal(where.team_id, where.user_id), rating, None)
    except (ValueError, NotFound):
        bot.ephemeral(client, where, "Only the person who asked can rate this answer.")
        return
    message = body.get("message") or {}
    blocks = [b for b in message.get("blocks", []) if b.get("block_id") != action.get("block_id")]
    client.chat_update(
        channel=where.channel_id,
        ts=message.get("ts") or body["container"]["message_ts"],
        blocks=[*blocks, feedback_done(rating)],
        text=message.get("text") or "ML Lens answer",
    )
    logger.info("slack feedback recorded for turn %s", turn_id)
