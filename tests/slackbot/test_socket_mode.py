"""Socket Mode against a local fake of Slack's Socket Mode WebSocket: `apps.connections.open` on the fake Web API
hands out a ws:// URL on loopback; the fake sends `hello` and one event envelope; the bot acks the envelope and
answers through the Web API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr
from websockets.sync.server import Server, ServerConnection, serve

from app.knowledge import KnowledgeBase
from app.services import build_services
from app.settings import Settings
from app.slack.bolt_app import build_slack_app, stop_slack_app
from app.slack.socket_mode import socket_mode_handler

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


def test_socket_mode_acks_the_envelope_and_answers(
    tiny_settings: Settings, tiny_kb: KnowledgeBase, fake_slack: FakeSlack, socket_fake: FakeSocketMode
) -> None:
    fake_slack.socket_url = socket_fake.url
    settings = tiny_settings.model_copy(
        update={
            "slack_bot_token": SecretStr("xoxb-test"),
            "slack_app_token": SecretStr("xapp-test"),
            "slack_api_url": fake_slack.api_url,
        }
    )
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
        handler.close()  # type: ignore[no-untyped-call]
        stop_slack_app(bolt)  # as `mllens slack --socket` does: the listeners' work ends before the services
        services.close()
