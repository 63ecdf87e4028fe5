"""Slack's rules: signatures (bad or replayed -> 401, no reply), retried events answered once (also across two app
instances on PostgreSQL), no route without a token, failures end as a short ephemeral message whose log names the
request but never the user's text."""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml
from fastapi.testclient import TestClient

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.persistence.db import Database
from app.services import Services, build_services
from app.settings import Settings

from .conftest import send, with_slack
from .fake_slack import FakeSlack
from .payloads import SECRET, TEAM, USER, event, mention, message, next_ts, signed_headers
from .test_manifest import MANIFEST

QUESTION = "least privilege access to training data"


def test_a_bad_signature_is_refused_and_not_answered(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    body = event(message(QUESTION))
    forged = signed_headers(body, secret="not-the-secret")
    unsigned = {"Content-Type": "application/json"}
    tampered = signed_headers(body)
    form = "payload=" + body  # a form body (interactivity, commands) is verified in the worker-thread path
    for sent, headers in ((body, forged), (body, unsigned), (body.replace("least", "most"), tampered), (form, forged)):
        refused = slack_app.post("/slack/events", content=sent, headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"]["code"] == "unauthorized", refused.text  # typed, as every other surface
    time.sleep(0.3)
    assert fake_slack.calls == []


def test_a_refused_signature_does_not_log_the_request_body(
    slack_settings: Settings, slack_services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """Bolt logs a refused request's body at INFO; a genuine request that arrives late carries a user's words."""
    body = event(message("our secret project zebra needs least privilege access to training data"))
    with caplog.at_level(logging.INFO), TestClient(create_app(slack_settings, slack_services)) as client:
        stale = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
        assert client.post("/slack/events", content=body, headers=stale).status_code == 401
        forged = signed_headers(body, secret="not-the-secret")
        assert client.post("/slack/events", content=body, headers=forged).status_code == 401
    assert "zebra" not in caplog.text
    assert any(getattr(r, "status", None) == 401 for r in caplog.records)  # the access log has the refusal


def test_a_request_no_listener_takes_is_a_typed_404_logged_without_its_body(
    slack_app: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """An event the manifest does not subscribe to, interactions the bot has no listener for and a signed body of no
    kind Slack sends. Bolt's own warning would carry what a user typed (a select's search text, a dialog's fields)
    and a code suggestion; the log has the request's kind only."""
    words = "our secret project zebra"
    user, team = {"id": USER, "team_id": TEAM}, {"id": TEAM}
    suggestion = {"type": "block_suggestion", "team": team, "user": user, "action_id": "pick", "value": words}
    dialog = {"type": "dialog_submission", "team": team, "user": user, "callback_id": "old", "submission": {"n": words}}
    bodies = {
        event({"type": "reaction_added", "user": USER, "reaction": "eyes", "item": {"text": words}}): "event_callback/"
        "reaction_added",
        urlencode({"payload": json.dumps(suggestion)}): "block_suggestion",
        urlencode({"payload": json.dumps(dialog)}): "dialog_submission",
        json.dumps({"type": "frobnicate", "team_id": TEAM, "api_app_id": "A0APP", "text": words}): "frobnicate",
    }
    with caplog.at_level(logging.INFO):
        for body in bodies:
            unhandled = send(slack_app, body)
            assert unhandled.status_code == 404 and unhandled.json()["error"]["code"] == "not_found", unhandled.text
    assert "zebra" not in caplog.text and "Suggestion" not in caplog.text
    logged = [r.getMessage() for r in caplog.records if "handled" in r.getMessage()]
    assert logged == [f"slack request not handled: {kind}" for kind in bodies.values()]


def test_shutdown_finishes_acknowledged_work_and_stops_the_listener_threads(
    slack_settings: Settings, slack_services: Services, fake_slack: FakeSlack
) -> None:
    """Graceful shutdown: an event acknowledged before the server stops is answered (Slack will not send it again),
    and no listener thread is left to use the database after the services are closed (the psycopg connection it
    would open then was never closed: a ResourceWarning in whichever test ran next)."""
    before = set(threading.enumerate())
    gate = fake_slack.hold("chat.postMessage")
    with TestClient(create_app(slack_settings, slack_services)) as client:
        assert send(client, event(message(QUESTION))).status_code == 200
        fake_slack.wait_calls("chat.postMessage:held")
        threading.Timer(0.3, gate.set).start()  # Slack answers after the server was told to stop
    assert len(fake_slack.of("chat.postMessage")) == 1  # the work ended before shutdown did
    left = [t.name for t in threading.enumerate() if t not in before and t.name.startswith("slack-listener")]
    assert left == []


def _subscribed_event(name: str) -> dict[str, Any]:
    """A minimal event of a manifest `bot_events` name (`message.im` is a `message` in a DM), from another bot, so
    nothing is answered."""
    kind, _, where = name.partition(".")
    channel_type = {"channels": "channel", "groups": "group", "im": "im", "mpim": "mpim"}.get(where, "im")
    thread = {"user_id": USER, "channel_id": "D0DM", "thread_ts": "1.1", "context": {}}
    return {
        "type": kind,
        "subtype": "bot_message",
        "bot_id": "B0OTHER",
        "text": "",
        "channel": "D0DM",
        "channel_type": channel_type,
        "ts": next_ts(),
        "event_ts": next_ts(),
        "assistant_thread": thread,
    }


def test_every_event_type_the_manifest_subscribes_to_is_acknowledged(
    slack_app: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Slack retries a delivery that is not answered 200 and disables the subscriptions when 5% of an hour's
    deliveries fail: every subscribed event type is acknowledged, whether a listener acts on it or not, and so is
    `app_rate_limited`, which Slack sends unsubscribed (a top-level type, with a warning in the log)."""
    manifest = yaml.safe_load(MANIFEST.read_text())
    for name in manifest["settings"]["event_subscriptions"]["bot_events"]:
        acked = send(slack_app, event(_subscribed_event(name)))
        assert acked.status_code == 200, (name, acked.text)
    notice = {"token": "legacy", "type": "app_rate_limited", "team_id": TEAM, "minute_rate_limited": 1518467820}
    with caplog.at_level(logging.WARNING, logger="app.slack"):
        acked = send(slack_app, json.dumps({**notice, "api_app_id": "A0APP"}))
    assert acked.status_code == 200 and acked.text == "", acked.text
    assert "rate-limiting" in caplog.text and TEAM in caplog.text


def test_a_request_bolt_fails_on_is_a_typed_500(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    """Signed, but not in Slack's shape: Bolt fails building the request (before dispatch), or one of our middlewares
    fails inside Bolt's dispatch (Bolt answers an empty 500): both end as the API's typed 500."""
    for authorizations in (["not an object"], [{"team_id": TEAM, "user_id": "U0X", "is_bot": False}, "not an object"]):
        body = json.loads(event(message(QUESTION)))
        body["authorizations"] = authorizations
        failed = send(slack_app, json.dumps(body))
        assert failed.status_code == 500 and failed.json()["error"]["code"] == "internal_error", failed.text
    time.sleep(0.3)
    assert fake_slack.calls == []


def test_a_replayed_request_older_than_five_minutes_is_refused(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    body = event(message(QUESTION))
    old = signed_headers(body, timestamp=int(time.time()) - 6 * 60)  # a correct signature, replayed too late
    replayed = slack_app.post("/slack/events", content=body, headers=old)
    assert replayed.status_code == 401 and replayed.json()["error"]["code"] == "unauthorized"
    time.sleep(0.3)
    assert fake_slack.calls == []


def test_the_ack_does_not_wait_for_the_reply(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    gate = fake_slack.hold("chat.postMessage")
    try:
        assert send(slack_app, event(message(QUESTION))).status_code == 200  # acknowledged ...
        fake_slack.wait_calls("chat.postMessage:held")  # ... while the reply is still on its way
        assert fake_slack.of("chat.postMessage") == []
    finally:
        gate.set()
    fake_slack.wait_calls("chat.postMessage")


def test_retries_of_one_event_are_answered_once(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    body = event(message(QUESTION), event_id="Ev0RETRY0001")
    assert send(slack_app, body).status_code == 200
    for retry in ("1", "2", "3"):
        response = send(slack_app, body, **{"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"})
        assert response.status_code == 200
    fake_slack.wait_calls("chat.postMessage")
    time.sleep(0.5)
    assert len(fake_slack.of("chat.postMessage")) == 1


@pytest.mark.postgres
def test_retries_across_two_instances_on_postgres_are_answered_once(
    tiny_settings: Settings, tiny_kb: KnowledgeBase, fake_slack: FakeSlack, migrated_database
) -> None:
    shared = migrated_database("postgres")
    settings = with_slack(tiny_settings, fake_slack)
    first = build_services(settings, kb=tiny_kb, db=shared)
    second = build_services(settings, kb=tiny_kb, db=Database(shared.url))  # its own engine and pool
    try:
        with TestClient(create_app(settings, first)) as one, TestClient(create_app(settings, second)) as two:
            bodies = [event(message(f"{QUESTION} {n}"), event_id=f"Ev0PG{n:04d}") for n in range(5)]
            deliveries = [(client, body, str(retry)) for body in bodies for retry in range(3) for client in (one, two)]
            with ThreadPoolExecutor(6) as pool:
                statuses = list(
                    pool.map(lambda d: send(d[0], d[1], **{"X-Slack-Retry-Num": d[2]}).status_code, deliveries)
                )
            assert set(statuses) == {200}
            fake_slack.wait_calls("chat.postMessage", 5)
            time.sleep(0.5)
            assert len(fake_slack.of("chat.postMessage")) == 5
    finally:
        second.db.dispose()


def test_without_a_bot_token_there_is_no_slack_route(client: TestClient) -> None:
    body = event(message(QUESTION))
    assert client.post("/slack/events", content=body, headers=signed_headers(body)).status_code == 404
    assert client.get("/healthz").status_code == 200


def test_a_failure_is_a_short_ephemeral_and_the_log_has_no_user_text(
    slack_app: TestClient, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.fail("chat.postMessage", "internal_error")  # Slack's own fault: nothing the user can do but retry
    secret_words = "our secret project zebra needs least privilege access to training data"
    with caplog.at_level(logging.INFO):
        send(slack_app, event(message(secret_words)))
        [apology] = fake_slack.wait_calls("chat.postEphemeral")
    assert "something went wrong" in apology.params["text"] and "(ref " in apology.params["text"]
    ref = apology.params["text"].split("(ref ")[1].rstrip(")")
    assert any(ref in r.getMessage() for r in caplog.records)
    assert not any("zebra" in r.getMessage() for r in caplog.records)


def test_settings_refuse_a_token_without_a_way_to_verify(tiny_settings: Settings) -> None:
    from pydantic import SecretStr, ValidationError

    with pytest.raises(ValidationError, match="MLLENS_SLACK_SIGNING_SECRET"):
        Settings(_env_file=None, slack_bot_token=SecretStr("xoxb-1"))  # type: ignore[call-arg]
    assert SECRET


def test_a_body_that_is_not_json_is_a_typed_error_not_a_500(slack_app: TestClient, fake_slack: FakeSlack) -> None:
    """Bolt parses the body before it checks the signature, so broken JSON used to escape as a 500."""
    for body in ('{"type": "event_callback", "event": ', "payload=%7Bnot-json"):
        signed = send(slack_app, body)
        assert signed.status_code == 422 and signed.json()["error"]["code"] == "invalid_input", signed.text
        unsigned = slack_app.post(
            "/slack/events", content=body, headers={"Content-Type": signed_headers(body)["Content-Type"]}
        )
        assert unsigned.status_code == 401 and unsigned.json()["error"]["code"] == "unauthorized", unsigned.text
        forged = slack_app.post("/slack/events", content=body, headers=signed_headers(body, secret="not-the-secret"))
        assert forged.status_code == 401
    time.sleep(0.3)
    assert fake_slack.calls == []


def test_a_channel_the_bot_was_removed_from_is_explained_in_a_dm(
    slack_app: TestClient, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot removed from a channel (Slack answers not_in_channel there, for ephemeral messages too): the user used
    to get "something went wrong, try again" in an ephemeral that could not be posted either, and the log a stack
    trace. Now the user is told in a DM why, and what to do; the log has one warning line."""
    for method in ("chat.postMessage", "chat.postEphemeral"):
        fake_slack.fail(method, "not_in_channel", channel="C0GONE")
    with caplog.at_level(logging.INFO):
        assert send(slack_app, event(mention("how do we monitor endpoints?", channel="C0GONE"))).status_code == 200
        fake_slack.wait_for(lambda: any(c.params.get("channel") == USER for c in fake_slack.of("chat.postMessage")))
    [told] = [c for c in fake_slack.of("chat.postMessage") if c.params.get("channel") == USER]
    assert "<#C0GONE>" in told.params["text"] and "/invite" in told.params["text"]
    assert "something went wrong" not in told.params["text"]
    assert not any(r.levelno >= logging.ERROR for r in caplog.records if r.name == "app.slack")
    assert any("not_in_channel" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
