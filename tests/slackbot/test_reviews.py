"""A whole review through Slack payloads on the tiny lens (MLOPS01, MLOPS02 · MLSEC03, MLSEC04): the slash command
opens a thread; free text, ticks, Edit and Doesn't-apply modals, a side question, confirmations; another user gets a
polite ephemeral; a stale button is refused; the end posts a summary and uploads the Markdown report."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.principal import Principal
from app.services import Services

from .conftest import send
from .fake_slack import Call, FakeSlack
from .payloads import OTHER, TEAM, block_action, command, event, message, view_submission

SKILLS = "Every data scientist has a yearly training budget and we run internal ML study groups."
NO_EXPLAINABILITY = "Explainability never came up in conversations with the business side."
CHANNEL = "C0CHAN"


class SlackReviewer:
    """Drives a review thread like a Slack user: replies, clicks, modal submissions; reads the fake's record."""

    def __init__(
        self, app: TestClient, fake: FakeSlack, *, channel: str = CHANNEL, channel_type: str = "channel"
    ) -> None:
        self.app, self.fake = app, fake
        self.channel, self.channel_type = channel, channel_type  # a DM with the bot: "D0DM", "im"
        self.thread_ts = ""

    def posts(self) -> list[Call]:
        return [c for c in self.fake.of("chat.postMessage") if c.params.get("thread_ts") == self.thread_ts]

    def after(self, count: int, *markers: str) -> list[Call]:
        """Wait until the posts after the first `count` in the thread contain every marker (an action ID or some
        text; by default, any post at all); return them."""
        self.fake.wait_for(
            lambda: (
                len(self.posts()) > count and all(m in str([c.params for c in self.posts()[count:]]) for m in markers)
            )
        )
        return self.posts()[count:]

    def start(self, name: str) -> list[Call]:
        response = send(
            self.app, command(f"review {name}", response_url=self.fake.url + "hooks/1", channel=self.channel)
        )
        assert response.status_code == 200 and "Starting your review" in response.text
        root = self.fake.wait_calls("chat.postMessage")[0]  # the thread's root; the question may follow at once
        self.thread_ts = root.ts
        return self.after(0, "review_submit")

    def reply(self, text: str, *, user: str = "U0ALICE") -> None:
        inner = message(text, channel=self.channel, channel_type=self.channel_type, thread_ts=self.thread_ts, user=user)
        assert send(self.app, event(inner)).status_code == 200

    def click(self, post: Call, action_id: str, *, user: str = "U0ALICE", state: dict[str, Any] | None = None) -> None:
        for block in post.params["blocks"]:
            for element in block.get("elements", []):
                if element.get("action_id") == action_id:
                    msg = {"ts": post.ts, "thread_ts": self.thread_ts, "blocks": post.params["blocks"], "text": "q"}
                    action = {**element, "block_id": block["block_id"], "type": "button"}
                    body = block_action(action, msg, channel=self.channel, user=user, state=state)
                    assert send(self.app, body).status_code == 200
                    return
        raise AssertionError(f"no {action_id} button in that message")


def _text(calls: list[Call]) -> str:
    out = []
    for call in calls:
        for block in call.params.get("blocks", []):
            if "text" in block:
                out.append(block["text"]["text"])
            out += [e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(out)


def _with(calls: list[Call], action_id: str) -> Call:
    found = [c for c in calls if action_id in str(c.params.get("blocks"))]
    assert found, f"no message with {action_id}"
    return found[-1]


def test_a_whole_review_in_a_thread(slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services) -> None:
    r = SlackReviewer(slack_app, fake_slack)
    first = r.start("Churn model")
    thread = slack_services.slack_state.thread(TEAM, CHANNEL, r.thread_ts)
    assert thread is not None and thread.kind == "review" and thread.user_id == "U0ALICE"
    question = _with(first, "review_submit")
    text = _text([question])
    assert "MLOPS01" in text and "question 1 of 4" in text and "🔴 High" in text
    [ticks] = [b for b in question.params["blocks"] if b.get("block_id", "").startswith("ticks:")]
    assert ticks["elements"][0]["type"] == "checkboxes" and len(ticks["elements"][0]["options"]) == 3

    # Free text: the proposal quotes the user's words and offers Confirm / Edit.
    r.reply(f"{SKILLS} {NO_EXPLAINABILITY}")
    proposal = _with(r.after(1, "review_confirm"), "review_confirm")
    shown = _text([proposal])
    assert "MLOPS01-BP01" in shown and "✅ implemented" in shown and "study groups" in shown
    assert "❌ not implemented" in shown and "can't tell yet" in shown

    # Someone else in the channel: a polite ephemeral, nothing changes.
    r.reply("We do everything perfectly.", user=OTHER)
    [polite] = fake_slack.wait_calls("chat.postEphemeral")
    assert polite.params["user"] == OTHER and "belongs to <@U0ALICE>" in polite.params["text"]
    r.click(proposal, "review_confirm", user=OTHER)
    fake_slack.wait_calls("chat.postEphemeral", 2)

    # A side question keeps the place.
    count = len(r.posts())
    r.reply("what does BP03 mean?")
    side = r.after(count, "Back to the review")
    assert "Side question" in _text(side) and "MLOPS01-BP03" in _text(side)

    # Confirm: the old buttons are retired, the risk is computed, the next question follows.
    count = len(r.posts())
    r.click(proposal, "review_confirm")
    new = r.after(count, "Saved", "review_submit")
    assert "*Saved.* Risk for MLOPS01" in _text(new) and "HIGH" in _text(new)
    saved = next(c for c in new if "*Saved.*" in _text([c]))
    assert "MLOPS01-BP" in _text([saved])  # drafted findings, which quote the lens: the AWS attribution goes with them
    assert "Amazon.com, Inc. or its affiliates" in _text([saved]) and "AWS docs" in _text([saved])
    assert fake_slack.of("chat.update") and "Confirm by <@U0ALICE>" in _text(fake_slack.of("chat.update"))
    second = _with(new, "review_submit")
    assert "MLOPS02" in _text([second])

    # A stale button (the first question's Confirm again): refused, the current state is shown.
    r.click(proposal, "review_confirm")
    fake_slack.wait_for(lambda: any("moved on" in c.params["text"] for c in fake_slack.of("chat.postEphemeral")))

    # Ticks, then Edit in a modal, then confirm.
    [ticks] = [b for b in second.params["blocks"] if b.get("block_id", "").startswith("ticks:")]
    options = ticks["elements"][0]["options"]
    state = {ticks["block_id"]: {"review_ticks": {"type": "checkboxes", "selected_options": options[:1]}}}
    count = len(r.posts())
    r.click(second, "review_submit", state=state)
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    assert f"*{options[0]['value']}*" in _text([proposal]) and "✅ implemented" in _text([proposal])
    r.click(proposal, "review_edit")
    [opened] = fake_slack.wait_calls("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == "review_edit_modal"
    values = {
        b["block_id"]: {"value": {"type": "static_select", "selected_option": {"value": "partially_implemented"}}}
        for b in view["blocks"]
    }
    count = len(r.posts())
    assert send(slack_app, view_submission(view, values)).status_code == 200
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    assert _text([proposal]).count("partly implemented") == len(values)
    count = len(r.posts())
    r.click(proposal, "review_confirm")
    third = _with(r.after(count, "Saved", "review_submit"), "review_submit")
    assert "MLSEC03" in _text([third])

    # Doesn't apply, with a WA Tool reason, in a modal.
    r.click(third, "review_na")
    opened = fake_slack.wait_calls("views.open", 2)[-1]
    view = opened.params["view"]
    assert view["callback_id"] == "review_na_modal"
    values = {
        "reason": {"value": {"type": "static_select", "selected_option": {"value": "BUSINESS_PRIORITIES"}}},
        "note": {"value": {"type": "plain_text_input", "value": "decided upstream"}},
    }
    count = len(r.posts())
    send(slack_app, view_submission(view, values))
    new = r.after(count, "Saved", "review_submit")
    assert "Risk for MLSEC03" in _text(new) and "NOT APPLICABLE" in _text(new)
    fourth = _with(new, "review_submit")

    # The last question: ticks for all, confirm; the summary and the uploaded report end the review.
    [ticks] = [b for b in fourth.params["blocks"] if b.get("block_id", "").startswith("ticks:")]
    state = {ticks["block_id"]: {"review_ticks": {"selected_options": ticks["elements"][0]["options"]}}}
    count = len(r.posts())
    r.click(fourth, "review_submit", state=state)
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    count = len(r.posts())
    r.click(proposal, "review_confirm")
    end = r.after(count, "Top findings")
    assert "Review complete: Churn model" in _text(end) and "Top findings" in _text(end)
    assert "Operational Excellence" in _text(end) and "Security" in _text(end)
    [url] = fake_slack.wait_calls("files.getUploadURLExternal")
    [upload] = fake_slack.wait_calls("upload")
    [done] = fake_slack.wait_calls("files.completeUploadExternal")
    assert "# " in upload.params["content"] and "Amazon.com" in upload.params["content"]  # the Markdown report
    assert done.params["channel_id"] == CHANNEL and done.params["thread_ts"] == r.thread_ts
    assert url.params["filename"].endswith(".md")

    # Resuming a finished review shows its summary and report again, in a new thread.
    send(slack_app, command(f"resume {thread.review_id}", response_url=fake_slack.url + "hooks/5"))
    fake_slack.wait_calls("files.completeUploadExternal", 2)
    assert "(resumed)" in fake_slack.of("chat.postMessage")[-2].params["text"]


def test_start_button_opens_a_modal_and_starts_a_review_in_the_dm(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    response = send(slack_app, command("help", response_url=fake_slack.url + "hooks/2", channel="D0DM"))
    assert response.status_code == 200
    [help_message] = fake_slack.wait_calls("response_url")
    start = help_message.params["blocks"][-1]["elements"][0]
    assert start["action_id"] == "review_start"
    msg = {"ts": "1.1", "blocks": help_message.params["blocks"], "text": "help"}
    send(slack_app, block_action({**start, "block_id": "start"}, msg, channel="D0DM"))
    [opened] = fake_slack.wait_calls("views.open")
    view = opened.params["view"]
    empty = send(slack_app, view_submission(view, {"name": {"value": {"type": "plain_text_input", "value": " "}}}))
    assert empty.json()["response_action"] == "errors"
    named = {"name": {"value": {"type": "plain_text_input", "value": "Fraud scoring"}}}
    assert send(slack_app, view_submission(view, named)).status_code == 200
    posts = fake_slack.wait_calls("chat.postMessage", 2)
    assert posts[0].params["channel"] == "D0DM" and "Fraud scoring" in posts[0].params["text"]
    assert posts[1].params["thread_ts"] == posts[0].ts


def test_review_command_without_a_name_says_how(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    send(slack_app, command("review   ", response_url=fake_slack.url + "hooks/3"))
    [told] = fake_slack.wait_calls("response_url")
    assert "Give the workload a name" in told.params["text"] and told.params["response_type"] == "ephemeral"


def test_resume_without_an_id_says_how(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    send(slack_app, command("resume ", response_url=fake_slack.url + "hooks/3"))
    [told] = fake_slack.wait_calls("response_url")
    assert "/mllens resume <review id>" in told.params["text"] and "/mllens reviews" in told.params["text"]
    assert told.params["response_type"] == "ephemeral"


def test_an_unknown_command_says_so_above_the_help(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    send(slack_app, command("Frobnicate now", response_url=fake_slack.url + "hooks/6"))
    [told] = fake_slack.wait_calls("response_url")
    first, *help_blocks = told.params["blocks"]
    assert first["text"]["text"] == "Unknown command `Frobnicate`." and told.params["response_type"] == "ephemeral"
    assert told.params["text"] == "Unknown command `Frobnicate`." and help_blocks[-1]["block_id"] == "start"
    # What the user typed stays inert: it cannot end the code span, form a Slack control sequence or run on.
    send(slack_app, command("`<!channel>`" + "x" * 60, response_url=fake_slack.url + "hooks/7"))
    shown = fake_slack.wait_calls("response_url", 2)[1].params["blocks"][0]["text"]["text"]
    assert shown == "Unknown command `'&lt;!channel&gt;'" + "x" * 28 + "…`."
    # `help` and a bare `/mllens` show the help alone.
    for text, hook in (("help", "hooks/8"), ("", "hooks/9")):
        send(slack_app, command(text, response_url=fake_slack.url + hook))
    for bare in fake_slack.wait_calls("response_url", 4)[2:]:
        assert "Unknown" not in bare.params["text"] and bare.params["blocks"][-1]["block_id"] == "start"


def test_a_review_where_the_bot_cannot_post_apologises_through_the_response_url(
    slack_app: TestClient, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("chat.postMessage", "not_in_channel")
    send(slack_app, command("review Churn model", response_url=fake_slack.url + "hooks/4", channel="C0PRIVATE"))
    [told] = fake_slack.wait_calls("response_url")
    assert "<#C0PRIVATE>" in told.params["text"] and "/invite" in told.params["text"]


def test_an_answer_that_settles_nothing_offers_no_confirm(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    """It used to post "Here is what I understood … then confirm" over an empty list, with a Confirm button that
    had nothing to save; now it says nothing is settled, shows the follow-up, and offers Edit / Doesn't apply."""
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Nothing settled")
    count = len(r.posts())
    r.reply("Let me check with the team first.")
    [post] = r.after(count, "review_edit")
    shown = _text([post])
    assert "Nothing settled yet" in shown and "Here is what I understood" not in shown
    assert "One follow-up:" in shown
    assert "review_confirm" not in str(post.params["blocks"])
    # An answer that does settle something still offers Confirm.
    count = len(r.posts())
    r.reply(SKILLS)
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    assert "Here is what I understood — change anything that's wrong, then confirm." in _text([proposal])


def test_a_reply_longer_than_an_answer_takes_is_refused_not_cut(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    """A review answer holds 4,000 characters; a longer reply (Slack allows far longer messages) was cut to 4,000
    without a word, so its end was lost. Now the user is told, only they see it, and nothing is proposed from half
    a reply; a reply within the limit is read as before."""
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Long answers")
    count = len(r.posts())
    long_reply = (SKILLS + " ") * 50  # about 4,350 characters, the practice named in the first 4,000
    assert len(long_reply) > 4000
    r.reply(long_reply)
    [told] = fake_slack.wait_calls("chat.postEphemeral")
    assert f"{len(long_reply.strip()):,} characters" in told.params["text"] and "4,000" in told.params["text"]
    assert told.params["thread_ts"] == r.thread_ts
    r.reply(SKILLS)
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    assert len(r.posts()) == count + 1 and "Here is what I understood" in _text([proposal])


def test_a_review_started_from_an_assistant_thread_is_linked_there(
    slack_app: TestClient, fake_slack: FakeSlack
) -> None:
    """In Slack's AI-assistant pane a review asked for in the thread opened in a new thread the user did not see (a
    user tour): the thread it was asked in now gets a link to it."""
    asked_in = "1800000000.777777"
    send(slack_app, event(message("start a review", channel="D0DM", thread_ts=asked_in)))
    [help_message] = fake_slack.wait_calls("chat.postMessage")
    assert help_message.params["thread_ts"] == asked_in
    blocks = help_message.params["blocks"]
    start = next(e for b in blocks for e in b.get("elements", []) if e.get("action_id") == "review_start")
    msg = {"ts": help_message.ts, "thread_ts": asked_in, "blocks": blocks, "text": "help"}
    send(slack_app, block_action({**start, "block_id": "start"}, msg, channel="D0DM"))
    [opened] = fake_slack.wait_calls("views.open")
    named = {"name": {"value": {"type": "plain_text_input", "value": "Support bot"}}}
    assert send(slack_app, view_submission(opened.params["view"], named)).status_code == 200
    fake_slack.wait_for(
        lambda: len([c for c in fake_slack.of("chat.postMessage") if c.params.get("thread_ts") == asked_in]) == 2
    )
    root = next(
        c
        for c in fake_slack.of("chat.postMessage")
        if "Support bot" in c.params["text"] and not c.params.get("thread_ts")
    )
    pointer = [c for c in fake_slack.of("chat.postMessage") if c.params.get("thread_ts") == asked_in][-1]
    assert f"p{root.ts.replace('.', '')}" in str(pointer.params["blocks"]) and "Support bot" in str(
        pointer.params["blocks"]
    )


def test_a_reply_with_a_nul_character_is_refused_and_nothing_is_lost(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    """NUL (which PostgreSQL cannot store) in a Slack reply reached the review and failed at the database; the HTTP
    edges refused it already. Now the user is told which text was refused, and the review goes on."""
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Odd characters")
    count = len(r.posts())
    r.reply(SKILLS.replace(" budget", "\u0000 budget"))
    [told] = fake_slack.wait_calls("chat.postEphemeral")
    assert "text contains a NUL character (U+0000)" in told.params["text"], told.params["text"]
    r.reply(SKILLS)
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    assert "Here is what I understood" in _text([proposal])


def _edit(r: SlackReviewer, reply: Call | dict[str, Any], new_text: str, *, user: str = "U0ALICE") -> None:
    """A `message_changed` event as Slack sends it when `user` edits a message in the review thread."""
    before = {"type": "message", "user": user, "text": reply["text"], "ts": reply["ts"], "thread_ts": r.thread_ts}
    after = {**before, "text": new_text, "edited": {"user": user, "ts": "1800000999.000001"}}
    inner = {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": r.channel,
        "channel_type": r.channel_type,
        "ts": "1800000999.000002",
        "message": after,
        "previous_message": before,
    }
    assert send(r.app, event(inner)).status_code == 200


def test_an_edited_or_deleted_reply_is_answered_with_how_to_correct_and_changes_nothing(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Edited answers")
    inner = message(SKILLS, channel=CHANNEL, channel_type="channel", thread_ts=r.thread_ts)
    assert send(slack_app, event(inner)).status_code == 200
    proposal = _with(r.after(1, "review_confirm"), "review_confirm")
    thread = slack_services.slack_state.thread(TEAM, CHANNEL, r.thread_ts)
    assert thread is not None and thread.review_id is not None
    alice = Principal.slack(TEAM, "U0ALICE")
    before = slack_services.review.current(thread.review_id, alice)

    # A link preview (same words) and someone else's edit: nothing said, nothing changed.
    _edit(r, inner, f"{SKILLS} ")
    _edit(r, {"text": "We do everything perfectly.", "ts": "1800000998.000001"}, "We do nothing.", user=OTHER)
    # The starter edits the answer before confirming it: told that edits are not read and how to correct.
    _edit(r, inner, NO_EXPLAINABILITY)
    [told] = fake_slack.wait_calls("chat.postEphemeral")
    assert told.params["user"] == "U0ALICE" and told.params["thread_ts"] == r.thread_ts
    assert "don't read edited messages" in told.params["text"] and "*Confirm*" in told.params["text"]
    assert slack_services.review.current(thread.review_id, alice).version == before.version  # nothing taken

    # Confirmed, then edited: the saved answer stays exactly as confirmed.
    count = len(r.posts())
    r.click(proposal, "review_confirm")
    r.after(count, "Saved")
    saved = slack_services.review.get(thread.review_id, alice).answers["MLOPS01"]
    _edit(r, inner, "We have no training budget at all.")
    fake_slack.wait_calls("chat.postEphemeral", 2)
    assert slack_services.review.get(thread.review_id, alice).answers["MLOPS01"] == saved
    assert len(fake_slack.of("chat.postEphemeral")) == 2  # the link preview and the other user's edit said nothing

    # Deleted: the same, and the saved answer stays.
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": CHANNEL,
        "channel_type": "channel",
        "ts": "1800000999.000003",
        "deleted_ts": inner["ts"],
        "previous_message": {
            "type": "message",
            "user": "U0ALICE",
            "text": SKILLS,
            "ts": inner["ts"],
            "thread_ts": r.thread_ts,
        },
    }
    assert send(slack_app, event(deleted)).status_code == 200
    told = fake_slack.wait_calls("chat.postEphemeral", 3)[-1]
    assert "does not take it back" in told.params["text"] and "*Progress*" in told.params["text"]
    assert slack_services.review.get(thread.review_id, alice).answers["MLOPS01"] == saved


def test_ok_under_a_proposal_confirms_it_and_is_not_added_to_the_answer(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    """A user tour: replying "confirm", "yes" or "looks good" under a proposal reposted the same proposal each time
    and added those words to the answer. A bare confirmation now confirms (the proposal says so); before there is a
    proposal it is still an answer."""
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Confirm by words")
    thread = slack_services.slack_state.thread(TEAM, CHANNEL, r.thread_ts)
    assert thread is not None and thread.review_id is not None
    alice = Principal.slack(TEAM, "U0ALICE")
    r.reply("ok")  # nothing proposed yet: an answer that settles nothing, not a confirmation
    nothing = r.after(1, "Nothing settled yet")
    assert "Saved" not in _text(nothing)
    count = len(r.posts())
    r.reply(SKILLS)
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    assert "A reply of `ok` confirms too." in _text([proposal])
    count = len(r.posts())
    r.reply("Looks good, thanks!")
    new = r.after(count, "Saved", "review_submit")
    assert "*Saved.* Risk for MLOPS01" in _text(new)
    saved = slack_services.review.get(thread.review_id, alice).answers["MLOPS01"]
    assert saved.confirmed and "Looks good" not in saved.text and "study groups" in saved.text


def test_a_bare_yes_under_a_yes_no_follow_up_answers_it_and_confirm_saves(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    """Re-read of session 17: a bare "yes" under a proposal whose follow-up asks yes or no ("Before building, did you
    agree …?") confirmed the proposal, and the answer to the follow-up was lost (the practice saved as can't tell).
    Now it answers the follow-up, kept with the answer and nothing saved; the bot says how to confirm."""
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Yes to the follow-up")
    thread = slack_services.slack_state.thread(TEAM, CHANNEL, r.thread_ts)
    assert thread is not None and thread.review_id is not None
    alice = Principal.slack(TEAM, "U0ALICE")
    r.reply(SKILLS)
    proposal = _with(r.after(1, "review_confirm"), "review_confirm")
    assert "One follow-up: Before building, did you agree" in _text([proposal])
    assert "A bare `yes` or `no` answers it" in _text([proposal])
    count = len(r.posts())
    r.reply("yes")
    answered = r.after(count, "review_confirm", "answer to the follow-up")
    shown = _text(answered)
    assert "Saved" not in shown and "MLOPS01-BP02" in shown and "because you said “yes”" in shown
    assert "Press *Confirm* (or reply `confirm`)" in shown
    assert "MLOPS01" not in slack_services.review.get(thread.review_id, alice).answers
    count = len(r.posts())
    r.reply("confirm")
    assert "*Saved.* Risk for MLOPS01" in _text(r.after(count, "Saved", "review_submit"))
    saved = slack_services.review.get(thread.review_id, alice).answers["MLOPS01"].practices["MLOPS01-BP02"]
    assert (saved.status.value, saved.quote) == ("implemented", "yes")


def test_an_edited_reply_in_a_dm_review_thread_is_answered_as_in_a_channel(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services
) -> None:
    """A DM thread is an AI-assistant thread to Bolt, whose Assistant middleware acknowledged and dropped every edit
    there before any listener: the starter who edited an unconfirmed answer was never told it is not read."""
    r = SlackReviewer(slack_app, fake_slack, channel="D0DM", channel_type="im")
    r.start("Edited in a DM")
    r.reply(SKILLS)
    r.after(1, "review_confirm")
    thread = slack_services.slack_state.thread(TEAM, "D0DM", r.thread_ts)
    assert thread is not None and thread.review_id is not None
    alice = Principal.slack(TEAM, "U0ALICE")
    before = slack_services.review.current(thread.review_id, alice)
    _edit(r, {"text": SKILLS, "ts": "1800000990.000001"}, NO_EXPLAINABILITY)
    [told] = fake_slack.wait_calls("chat.postEphemeral")
    assert told.params["channel"] == "D0DM" and told.params["user"] == "U0ALICE"
    assert told.params["thread_ts"] == r.thread_ts and "don't read edited messages" in told.params["text"]
    assert slack_services.review.current(thread.review_id, alice) == before  # nothing taken, nothing lost


def test_a_confirm_whose_save_fails_shows_nothing_saved_and_a_retry_saves_it(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack's button press is acknowledged before the review is saved (Slack wants the ack within 3 s). If the save
    then fails (the database is down or full), the thread must not say "Saved", the Confirm button must stay, and the
    user gets a short apology with a reference and no stack trace; pressing Confirm again once the store is back saves
    the answer with nothing lost."""
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Store down at confirm")
    thread = slack_services.slack_state.thread(TEAM, CHANNEL, r.thread_ts)
    assert thread is not None and thread.review_id is not None
    alice = Principal.slack(TEAM, "U0ALICE")
    r.reply(SKILLS)
    proposal = _with(r.after(1, "review_confirm"), "review_confirm")
    store = slack_services.review.store
    real_save = store.save

    def disk_full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "save", disk_full)
    count, updates = len(r.posts()), len(fake_slack.of("chat.update"))
    r.click(proposal, "review_confirm")
    [sorry] = fake_slack.wait_calls("chat.postEphemeral")
    assert sorry.params["text"].startswith("Sorry, something went wrong on my side") and "(ref " in sorry.params["text"]
    assert "Traceback" not in sorry.params["text"] and "No space left" not in sorry.params["text"]
    assert "Saved" not in _text(r.posts()[count:]) and len(fake_slack.of("chat.update")) == updates  # button kept
    assert "MLOPS01" not in slack_services.review.get(thread.review_id, alice).answers

    monkeypatch.setattr(store, "save", real_save)
    r.click(proposal, "review_confirm")
    assert "*Saved.* Risk for MLOPS01" in _text(r.after(count, "Saved", "review_submit"))
    saved = slack_services.review.get(thread.review_id, alice).answers["MLOPS01"]
    assert saved.confirmed and "study groups" in saved.text
