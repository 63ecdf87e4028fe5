"""Socket Mode against a local fake of Slack's Socket Mode WebSocket: `apps.connections.open` on the fake Web API
hands out a ws:// URL on loopback; the fake sends `hello` and one event envelope; the bot acks the envelope and
answers through the Web API."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr
from websockets.sync.server import Server, ServerConnection, serve

from app.knowledge import KnowledgeBase
from app.services import build_services
from app.settings import Settings
from app.slack.bolt_app import LISTENER_THREADS, build_slack_app, stop_slack_app
from app.slack.socket_mode import socket_mode_handler, stop_socket_mode

from .fake_slack import FakeSlack
from .payloads import event, message


class FakeSocketMode:
    """Slack's side of a Socket Mode connection: hello, then the envelopes queued in `deliver`; records the acks."""

    def __init__(self, envelopes: list[dict[str, Any]]) -> None:
        self.envelopes = envelopes
        self.received: list[dict[str, Any]] = []
        self.server: Server = serve(self._serve, "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link/?ticket=t1"

    def _serve(self, ws: ServerConnection) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0APP"}}))
        for envelope in self.envelopes:
            ws.send(json.dumps(envelope))
        for raw in ws:
            self.received.append(json.loads(raw))


@pytest.fixture
def socket_fake() -> Iterator[FakeSocketMode]:
    body = json.loads(event(message("least privilege access to training data"), event_id="Ev0SOCKET01"))
    fake = FakeSocketMode(
        [
            {
                "envelope_id": "env-1",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": body,
            }
        ]
    )
    fake.thread.start()
    yield fake
    fake.server.shutdown()


def socket_settings(tiny_settings: Settings, fake_slack: FakeSlack, socket_fake: FakeSocketMode) -> Settings:
    fake_slack.socket_url = socket_fake.url
    return tiny_settings.model_copy(
        update={
            "slack_bot_token": SecretStr("xoxb-test"),
            "slack_app_token": SecretStr("xapp-test"),
            "slack_api_url": fake_slack.api_url,
        }
    )


def test_socket_mode_acks_the_envelope_and_answers(
    tiny_settings: Settings, tiny_kb: KnowledgeBase, fake_slack: FakeSlack, socket_fake: FakeSocketMode
) -> None:
    settings = socket_settings(tiny_settings, fake_slack, socket_fake)
    services = build_services(settings, kb=tiny_kb)
    bolt = build_slack_app(services, settings, socket_mode=True)
    handler = socket_mode_handler(bolt, "xapp-test")
    try:
        handler.connect()  # type: ignore[no-untyped-call]
        fake_slack.wait_calls("apps.connections.open")
        fake_slack.wait_for(lambda: any(m.get("envelope_id") == "env-1" for m in socket_fake.received))
        [answer] = fake_slack.wait_calls("chat.postMessage")
        assert answer.params["channel"] == "D0DM" and "MLSEC03-BP01" in json.dumps(answer.params["blocks"])
    finally:
        stop_socket_mode(handler, bolt, 5.0)  # as `mllens slack --socket` does: the listeners' work ends first
        services.close()


def test_shutdown_closes_the_socket_before_draining_the_work(
    tiny_settings: Settings,
    tiny_kb: KnowledgeBase,
    fake_slack: FakeSlack,
    socket_fake: FakeSocketMode,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The executor used to stop before the socket client, so an event arriving in between failed inside Bolt
    ("cannot schedule new futures after shutdown") with a traceback, acknowledged and never handled. Now the client is
    closed while acknowledged work still runs, and that work is waited for."""
    settings = socket_settings(tiny_settings, fake_slack, socket_fake)
    services = build_services(settings, kb=tiny_kb)
    bolt = build_slack_app(services, settings, socket_mode=True)
    handler = socket_mode_handler(bolt, "xapp-test")
    release, finished = threading.Event(), threading.Event()
    try:
        handler.connect()  # type: ignore[no-untyped-call]
        fake_slack.wait_calls("chat.postMessage")  # the envelope's event answered
        work = bolt.listener_runner.listener_executor.submit(lambda: (release.wait(30), finished.set()))
        stopping = threading.Thread(target=stop_socket_mode, args=(handler, bolt, 30.0))
        stopping.start()
        fake_slack.wait_for(lambda: handler.client.closed)
        assert stopping.is_alive() and not work.done()  # closed first; the acknowledged work still being waited for
        release.set()
        stopping.join(30)
        assert not stopping.is_alive() and finished.is_set()
    finally:
        release.set()
        services.close()
    ours = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith(("app", "slack"))]
    assert not ours, caplog.text  # the fake server may log the dropped connection


def test_shutdown_waits_a_bounded_time_and_logs_what_was_left(
    tiny_settings: Settings,
    tiny_kb: KnowledgeBase,
    fake_slack: FakeSlack,
    socket_fake: FakeSocketMode,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Graceful shutdown waited for acknowledged work with no limit. Now it waits `slack_shutdown_wait_s`, then logs
    how many jobs still run (left to finish in their threads, never cut short: a confirmation running then is saved)
    and how many had not started (dropped)."""
    settings = socket_settings(tiny_settings, fake_slack, socket_fake)
    services = build_services(settings, kb=tiny_kb)
    bolt = build_slack_app(services, settings, socket_mode=True)
    release, ran = threading.Event(), []
    executor = bolt.listener_runner.listener_executor
    jobs = [executor.submit(lambda n=n: (release.wait(30), ran.append(n))) for n in range(LISTENER_THREADS + 1)]
    try:
        with caplog.at_level(logging.WARNING, logger="app.slack"):
            stopping = threading.Thread(target=stop_slack_app, args=(bolt, 0.2))
            stopping.start()
            stopping.join(30)
            assert not stopping.is_alive()  # returned while the jobs are still blocked
        assert f"{LISTENER_THREADS} acknowledged job(s) still running (left to finish) and 1 not started" in caplog.text
        release.set()
        for job in jobs[:LISTENER_THREADS]:
            job.result(30)
        assert sorted(ran) == list(range(LISTENER_THREADS)) and jobs[-1].cancelled()
    finally:
        release.set()
        services.close()
