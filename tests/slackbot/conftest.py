"""Slack fixtures: a fake Slack Web API on loopback, the app with the Slack bot over the tiny lens, and a poster of
signed requests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.persistence.db import Database
from app.services import Services, build_services
from app.settings import Settings

from .fake_slack import FakeSlack
from .payloads import SECRET, TEAM, signed_headers


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def with_slack(settings: Settings, fake: FakeSlack) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr("xoxb-test-token"),
            "slack_signing_secret": SecretStr(SECRET),
            "slack_api_url": fake.api_url,
            "slack_team_id": TEAM,  # no auth.test at start (tests/slackbot/test_workspace.py covers that way)
        }
    )


@pytest.fixture
def slack_settings(tiny_settings: Settings, fake_slack: FakeSlack) -> Settings:
    return with_slack(tiny_settings, fake_slack)


@pytest.fixture
def slack_services(slack_settings: Settings, tiny_kb: KnowledgeBase, database: Database) -> Iterator[Services]:
    built = build_services(slack_settings, kb=tiny_kb, db=database)
    yield built


@pytest.fixture
def slack_app(slack_settings: Settings, slack_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(slack_settings, slack_services)) as client:
        yield client


def send(client: TestClient, body: str, **headers: str) -> httpx.Response:
    """POST a correctly signed Slack request to /slack/events."""
    return client.post("/slack/events", content=body, headers=signed_headers(body, **headers))
