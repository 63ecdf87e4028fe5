"""Slack's AI-assistant surface through Bolt's assistant middleware: suggested prompts when a thread starts, a
"thinking" status while answering, the answer in the assistant thread."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from .conftest import send
from .fake_slack import FakeSlack
from .payloads import USER, event, message, next_ts


def test_assistant_thread_start_suggests_prompts(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    thread_ts = next_ts()
    started = {
        "type": "assistant_thread_started",
        "assistant_thread": {"user_id": USER, "channel_id": "D0DM", "thread_ts": thread_ts, "context": {}},
        "event_ts": next_ts(),
    }
    assert send(slack_app, event(started)).status_code == 200
    [prompts] = fake_slack.wait_calls("assistant.threads.setSuggestedPrompts")
    assert prompts.params["channel_id"] == "D0DM" and prompts.params["thread_ts"] == thread_ts
    loaded = prompts.params["prompts"]
    titles = [p["title"] for p in (json.loads(loaded) if isinstance(loaded, str) else loaded)]
    assert "Protect training data" in titles
    [hello] = fake_slack.wait_calls("chat.postMessage")
    assert hello.params["thread_ts"] == thread_ts and "/mllens review" in hello.params["text"]


def test_a_message_in_an_assistant_thread_shows_thinking_then_answers(
    slack_app: TestClient, fake_slack: FakeSlack
) -> None:
    thread_ts = next_ts()
    assert send(slack_app, event(message("least privilege access to training data", thread_ts=thread_ts))).is_success
    [status] = fake_slack.wait_calls("assistant.threads.setStatus")
    assert status.params["thread_ts"] == thread_ts and "reading the lens" in status.params["status"]
    [answer] = fake_slack.wait_calls("chat.postMessage")
    assert answer.params["thread_ts"] == thread_ts and "MLSEC03-BP01" in json.dumps(answer.params["blocks"])
    assert status.at < answer.at
