"""The committed Slack app manifest matches what the bot listens to and calls."""

from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack-manifest.yaml"


def test_manifest_subscribes_to_what_the_bot_handles() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "assistant_thread_started", "message.im", "message.channels"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "commands", "files:write", "assistant:write", "im:history", "app_mentions:read"} <= scopes
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/mllens"
    urls = {command["url"], manifest["settings"]["event_subscriptions"]["request_url"]}
    urls.add(manifest["settings"]["interactivity"]["request_url"])
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")  # one URL for events, interactivity, command
    assert "assistant_view" in manifest["features"]
