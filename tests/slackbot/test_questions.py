"""Questions through signed Slack requests: DMs and @mentions answered in a thread with sources and feedback
buttons, follow-ups in one conversation, feedback stored, bots and edits ignored, Slack's 429 honoured."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from app.services import Services

from .conftest import send
from .fake_slack import FakeSlack
from .payloads import BOT, OTHER, TEAM, block_action, event, mention, message

IN_SCOPE = "least privilege access to training data"
OUT_OF_SCOPE = "how do I bake sourdough bread"


def _texts(blocks: list[dict]) -> str:
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(out)


def test_url_verification_echoes_the_challenge(slack_app: TestClient) -> None:
    body = json.dumps({"type": "url_verification", "token": "x", "challenge": "abc123"})
    response = send(slack_app, body)
    assert response.status_code == 200
    assert response.json() == {"challenge": "abc123"}


def test_a_dm_is_answered_in_a_thread_with_sources_and_feedback(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    dm = message(IN_SCOPE)
    response = send(slack_app, event(dm))
    assert response.status_code == 200
    [post] = fake_slack.wait_calls("chat.postMessage")
    assert post.params["channel"] == "D0DM"
    assert post.params["thread_ts"] == dm["ts"]
    blocks = post.params["blocks"]
    text = _texts(blocks)
    assert "MLSEC03-BP01" in text and "docs.aws.amazon.com" in text  # a linked practice ID
    assert "*Sources*" in text and "Amazon.com" in text  # the sources context with the AWS attribution
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[-1]["elements"]] == ["feedback_up", "feedback_down"]


def test_a_mention_is_answered_in_its_thread_and_a_reply_there_follows_up(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    first = mention(IN_SCOPE)
    send(slack_app, event(first))
    fake_slack.wait_calls("chat.postMessage")
    thread = slack_services.slack_state.thread(TEAM, "C0CHAN", first["ts"])
    assert thread is not None and thread.kind == "conversation" and thread.conversation_id

    reply = message("and what about encrypting it?", channel="C0CHAN", channel_type="channel", thread_ts=first["ts"])
    send(slack_app, event(reply))
    posts = fake_slack.wait_calls("chat.postMessage", 2)
    assert posts[1].params["thread_ts"] == first["ts"]
    again = slack_services.slack_state.thread(TEAM, "C0CHAN", first["ts"])
    assert again is not None and again.conversation_id == thread.conversation_id  # one conversation


def test_out_of_scope_gets_a_warning_with_the_nearest_topics(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    send(slack_app, event(message(OUT_OF_SCOPE)))
    [post] = fake_slack.wait_calls("chat.postMessage")
    text = _texts(post.params["blocks"])
    assert ":warning:" in text and "Nearest topics" in text
    assert "<https://docs.aws.amazon.com/" in text


def test_channel_messages_bots_and_edits_are_not_answered(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    bot_message = {**message(IN_SCOPE), "bot_id": "B0OTHER"}
    own = {**message(IN_SCOPE), "user": BOT}
    edited = {**message(IN_SCOPE), "subtype": "message_changed"}
    deleted = {**message(IN_SCOPE), "subtype": "message_deleted"}
    channel_chatter = message(IN_SCOPE, channel="C0CHAN", channel_type="channel")
    for inner in (bot_message, own, edited, deleted, channel_chatter):
        assert send(slack_app, event(inner)).status_code == 200
    send(slack_app, event(message("sentinel: " + IN_SCOPE)))  # one real question, to know the others were skipped
    fake_slack.wait_calls("chat.postMessage")
    assert len(fake_slack.of("chat.postMessage")) == 1


def test_feedback_buttons_store_a_rating_and_thank(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    dm = message(IN_SCOPE)
    send(slack_app, event(dm))
    [post] = fake_slack.wait_calls("chat.postMessage")
    posted = {"ts": "1700000000.000001", "thread_ts": dm["ts"], "blocks": post.params["blocks"], "text": "a"}
    actions = [b for b in post.params["blocks"] if b["type"] == "actions"][-1]
    up = {**actions["elements"][0], "block_id": actions["block_id"]}

    stranger = send(slack_app, block_action(up, posted, channel="D0DM", user=OTHER))
    assert stranger.status_code == 200
    [polite] = fake_slack.wait_calls("chat.postEphemeral")
    assert polite.params["user"] == OTHER and "Only the person who asked" in polite.params["text"]

    assert send(slack_app, block_action(up, posted, channel="D0DM")).status_code == 200
    [update] = fake_slack.wait_calls("chat.update")
    assert "Thanks" in _texts(update.params["blocks"])
    assert not [b for b in update.params["blocks"] if b.get("block_id") == actions["block_id"]]
    with slack_services.db.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT rating FROM feedback")).scalars().all() == [1]


def test_a_429_from_slack_is_retried_after_retry_after(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=1)
    send(slack_app, event(message(IN_SCOPE)))
    [post] = fake_slack.wait_calls("chat.postMessage")
    [limited] = fake_slack.of("chat.postMessage:429")
    assert post.at - limited.at >= 0.9  # waited for Retry-After before the retry


def test_asking_to_start_a_review_in_a_dm_gets_the_start_button(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    send(slack_app, event(message("Start a review")))
    [post] = fake_slack.wait_calls("chat.postMessage")
    buttons = [e["action_id"] for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["review_start"]


@pytest.mark.parametrize("text", ["", "\u200b", " \ufeff\u2060 "])  # invisible characters only: still bare
def test_a_bare_mention_gets_the_help_in_its_thread(slack_app: TestClient, fake_slack: FakeSlack, text: str) -> None:
    inner = mention(text)
    send(slack_app, event(inner))
    [post] = fake_slack.wait_calls("chat.postMessage")
    assert post.params["thread_ts"] == inner["ts"] and post.params["channel"] == "C0CHAN"
    buttons = [e["action_id"] for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["review_start"] and "/mllens review" in _texts(post.params["blocks"])


def _changed(original: dict, new_text: str | None, *, channel_type: str) -> dict:
    """A `message_changed` event (or `message_deleted` when `new_text` is None) for a message the bot answered: Slack
    sends the answered root with `thread_ts` set to its own `ts`, a reply with its thread's."""
    before = {k: original[k] for k in ("type", "user", "text", "ts")}
    before["thread_ts"] = original.get("thread_ts") or original["ts"]
    inner = {"type": "message", "channel": original["channel"], "channel_type": channel_type, "hidden": True}
    inner["ts"] = "1800000999.000002"
    if new_text is None:
        return {**inner, "subtype": "message_deleted", "previous_message": before, "deleted_ts": original["ts"]}
    after = {**before, "text": new_text, "edited": {"user": original["user"], "ts": "1800000999.000001"}}
    return {**inner, "subtype": "message_changed", "message": after, "previous_message": before}


def test_an_edited_question_is_answered_with_how_to_ask_again(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    """Edits are never read (the answer is to the first words): whoever edits an answered @mention, follow-up or DM
    question is told so, only them, in the thread; a link preview (same words), a deletion and a message never answered
    get nothing. In a DM, Bolt's Assistant middleware used to drop the edit before any listener."""
    asked = mention(IN_SCOPE)
    send(slack_app, event(asked))
    fake_slack.wait_calls("chat.postMessage")
    follow_up = message("and in notebooks?", channel="C0CHAN", channel_type="channel", thread_ts=asked["ts"])
    send(slack_app, event(follow_up))
    dm = message(IN_SCOPE)
    send(slack_app, event(dm))
    fake_slack.wait_calls("chat.postMessage", 3)

    quiet = [
        _changed(asked, f"{asked['text']} ", channel_type="channel"),  # a link preview: the same words
        _changed(follow_up, None, channel_type="channel"),  # deleted
        _changed(message("never asked", channel="C0CHAN", channel_type="channel"), "edited", channel_type="channel"),
        _changed(dm, None, channel_type="im"),  # deleted
    ]
    for inner in quiet:
        assert send(slack_app, event(inner)).status_code == 200
    edits = [
        (_changed(asked, f"<@{BOT}> how do we version models?", channel_type="channel"), "C0CHAN"),
        (_changed(follow_up, "and in pipelines?", channel_type="channel"), "C0CHAN"),
        (_changed(dm, "how do we version models?", channel_type="im"), "D0DM"),
    ]
    for n, (inner, channel) in enumerate(edits, start=1):
        assert send(slack_app, event(inner)).status_code == 200
        told = fake_slack.wait_calls("chat.postEphemeral", n)[-1]
        assert told.params["channel"] == channel and told.params["user"] == inner["message"]["user"]
        assert told.params["thread_ts"] == inner["message"]["thread_ts"]
        assert "don't read edited messages" in told.params["text"] and "new reply" in told.params["text"]
    time.sleep(0.3)
    assert len(fake_slack.of("chat.postEphemeral")) == 3 and len(fake_slack.of("chat.postMessage")) == 3
