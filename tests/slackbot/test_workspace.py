"""One bot token, one workspace: correctly signed requests from any other workspace (another org's install of the
app, a Slack Connect user of another workspace, a replayed request) get an empty 200, one warning line and no reply,
and nothing is stored. The workspace comes from MLLENS_SLACK_TEAM_ID or, unset, from `auth.test` at start; when Slack
refuses the token there, the Slack route answers 503 (typed) until a retry succeeds, and the rest of the server works.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import app.slack.bolt_app as bolt_app
from app.knowledge import KnowledgeBase
from app.main import create_app
from app.persistence.db import Database
from app.persistence.slack_models import SlackEventRow
from app.services import Services, build_services
from app.settings import Settings

from .conftest import send, with_slack
from .fake_slack import FakeSlack
from .payloads import TEAM, block_action, command, event, mention, message

OTHER_TEAM = "T0OTHER"
QUESTION = "least privilege access to training data"


def foreign(body: str) -> str:
    return body.replace(TEAM, OTHER_TEAM)


def refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "another workspace" in r.getMessage()]


def events_claimed(services: Services) -> int:
    with services.db.session() as session:
        return int(session.execute(select(func.count()).select_from(SlackEventRow)).scalar_one())


def test_requests_from_another_workspace_get_no_reply(
    slack_app: TestClient, slack_services: Services, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    respond = fake_slack.url + "respond/1"
    shared = json.loads(event(mention(QUESTION)))  # a Slack Connect channel: our install, a user of another workspace
    shared["is_ext_shared_channel"] = True
    shared["event"]["user_team"] = OTHER_TEAM
    bodies = [
        foreign(event(mention(QUESTION))),
        foreign(event(message(QUESTION))),
        foreign(command("review Churn model", response_url=respond)),
        foreign(block_action({"action_id": "feedback_up", "value": "1"}, {"ts": "1.2"}, channel="C0CHAN")),
        json.dumps(shared),
    ]
    with caplog.at_level(logging.WARNING, logger="app.slack"):
        for body in bodies:
            answer = send(slack_app, body)
            assert answer.status_code == 200 and answer.content == b"", answer.text
    assert len(refusals(caplog)) == len(bodies)  # one line each
    assert all(r.levelno == logging.WARNING for r in refusals(caplog))
    time.sleep(0.3)
    assert fake_slack.calls == []  # no reply, no response_url call, no ephemeral
    assert events_claimed(slack_services) == 0  # nothing stored under the other workspace
    send(slack_app, event(message(QUESTION)))  # our own workspace is still served
    fake_slack.wait_calls("chat.postMessage")


def test_a_signed_request_naming_no_workspace_is_refused_in_plain_words(
    slack_app: TestClient, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.loads(event(message(QUESTION)))
    del body["team_id"]
    body["authorizations"] = [{"user_id": "U0BOT", "is_bot": True}]
    with caplog.at_level(logging.WARNING, logger="app.slack"):
        answer = send(slack_app, json.dumps(body))
    assert answer.status_code == 200 and answer.content == b"", answer.text
    lines = [r.getMessage() for r in caplog.records if r.name == "app.slack"]
    assert lines == ["slack request refused: it names no workspace (no team ID in the body)"]
    time.sleep(0.3)
    assert fake_slack.calls == []


@pytest.fixture
def learning_settings(tiny_settings: Settings, fake_slack: FakeSlack) -> Settings:
    return with_slack(tiny_settings, fake_slack).model_copy(update={"slack_team_id": None})


@pytest.fixture
def learning_services(learning_settings: Settings, tiny_kb: KnowledgeBase, database: Database) -> Iterator[Services]:
    yield build_services(learning_settings, kb=tiny_kb, db=database)


def test_the_workspace_is_learnt_from_auth_test_at_start(
    learning_settings: Settings, learning_services: Services, fake_slack: FakeSlack
) -> None:
    with TestClient(create_app(learning_settings, learning_services)) as client:
        assert len(fake_slack.of("auth.test")) == 1
        send(client, foreign(event(message(QUESTION))))
        send(client, event(message(QUESTION)))
        [reply] = fake_slack.wait_calls("chat.postMessage")
        time.sleep(0.2)
    assert len(fake_slack.of("chat.postMessage")) == 1 and reply.params["channel"] == "D0DM"
    assert len(fake_slack.of("auth.test")) == 1  # once, not per request


def test_a_token_slack_refuses_at_start_leaves_the_route_closed_until_a_retry_works(
    learning_settings: Settings,
    learning_services: Services,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bolt_app, "START_RETRY_S", 0.2)
    fake_slack.fail("auth.test", "invalid_auth")
    with (
        caplog.at_level(logging.WARNING, logger="app.slack"),
        TestClient(create_app(learning_settings, learning_services)) as client,
    ):
        closed = send(client, event(message(QUESTION)))
        assert closed.status_code == 503 and closed.json()["error"]["code"] == "not_ready"
        assert client.get("/healthz").status_code == 200
        assert any("invalid_auth" in r.getMessage() for r in caplog.records)
        fake_slack.recover("auth.test")  # the operator fixed the token (or Slack came back)
        fake_slack.wait_for(lambda: send(client, event(message(QUESTION))).status_code == 200)
        fake_slack.wait_calls("chat.postMessage")


def test_a_retry_still_building_at_shutdown_does_not_set_the_app_afterwards(
    learning_settings: Settings,
    learning_services: Services,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bolt_app, "START_RETRY_S", 0.05)
    fake_slack.fail("auth.test", "invalid_auth")
    server = create_app(learning_settings, learning_services)
    with TestClient(server) as client:
        fake_slack.wait_calls("auth.test")  # the first attempt failed: the route is closed, a retry thread waits
        gate = fake_slack.hold("auth.test")
        fake_slack.recover("auth.test")
        fake_slack.wait_calls("auth.test:held")  # a retry is in auth.test (Slack slow to answer) ...
        assert send(client, event(message(QUESTION))).status_code == 503
    gate.set()  # ... and gets its answer only after the server has shut down
    fake_slack.wait_calls("auth.test", 2)
    for thread in [t for t in threading.enumerate() if t.name == "slack-start"]:
        thread.join(10)
    assert getattr(server.state, "slack", None) is None  # the stopped server was not handed a Slack app


def test_an_org_wide_token_is_refused_once_with_a_reason(
    learning_settings: Settings,
    learning_services: Services,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fake_slack, "team_id", "")  # auth.test of an org-wide install names no workspace
    with (
        caplog.at_level(logging.WARNING, logger="app.slack"),
        TestClient(create_app(learning_settings, learning_services)) as client,
    ):
        assert send(client, event(message(QUESTION))).status_code == 503
    assert [r.levelname for r in caplog.records if "did not start" in r.getMessage()] == ["ERROR"]
    assert "MLLENS_SLACK_TEAM_ID" in caplog.text
