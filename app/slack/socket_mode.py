"""Socket Mode: the same Bolt app over a WebSocket that the bot opens to Slack (no public URL; for workspaces behind
a firewall). Slack's builtin client: `apps.connections.open` with the app-level token, then events over the socket,
each acknowledged by envelope ID once Bolt has its response."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler


def socket_mode_handler(app: App, app_token: str) -> SocketModeHandler:
    """A handler for `app`; `connect()` returns once connected (tests), `start()` blocks (the CLI)."""
    return SocketModeHandler(app, app_token, ping_interval=30)
