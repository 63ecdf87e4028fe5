"""Slack request bodies as Slack sends them, and their signature headers (v0 HMAC-SHA256 over `v0:ts:body`)."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

TEAM, BOT, USER, OTHER = "T0TEAM", "U0BOT", "U0ALICE", "U0BOB"
SECRET = "test-signing-secret"
_ids = itertools.count(1)
_ts = itertools.count(1)


def next_ts() -> str:
    return f"1800000000.{next(_ts):06d}"


def signed_headers(body: str, *, secret: str = SECRET, timestamp: int | None = None, **extra: str) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    kind = "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, "Content-Type": kind, **extra}


def event(inner: dict[str, Any], *, event_id: str | None = None) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0APP",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT, "is_bot": True}],
            "event": inner,
        }
    )


def mention(text: str, *, channel: str = "C0CHAN", user: str = USER, thread_ts: str | None = None) -> dict[str, Any]:
    inner = {"type": "app_mention", "user": user, "text": f"<@{BOT}> {text}", "channel": channel, "ts": next_ts()}
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return inner


def message(
    text: str, *, channel: str = "D0DM", user: str = USER, thread_ts: str | None = None, channel_type: str = "im"
) -> dict[str, Any]:
    inner = {"type": "message", "user": user, "text": text, "channel": channel, "channel_type": channel_type}
    inner["ts"] = next_ts()
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return inner


def command(text: str, *, response_url: str, channel: str = "C0CHAN", user: str = USER) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": TEAM,
            "channel_id": channel,
            "user_id": user,
            "command": "/mllens",
            "text": text,
            "response_url": response_url,
            "trigger_id": f"trig{next(_ids)}",
        }
    )


def block_action(
    action: dict[str, Any],
    message: dict[str, Any],
    *,
    channel: str,
    user: str = USER,
    state: dict[str, Any] | None = None,
) -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0APP",
        "trigger_id": f"trig{next(_ids)}",
        "container": {"type": "message", "channel_id": channel, "message_ts": message["ts"]},
        "channel": {"id": channel},
        "message": message,
        "state": {"values": state or {}},
        "actions": [action],
    }
    return urlencode({"payload": json.dumps(payload)})


def view_submission(view: dict[str, Any], values: dict[str, Any], *, user: str = USER) -> str:
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0APP",
        "view": {**view, "id": "V1", "state": {"values": values}},
    }
    return urlencode({"payload": json.dumps(payload)})
