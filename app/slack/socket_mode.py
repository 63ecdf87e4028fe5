"""Socket Mode: the same Bolt app over a WebSocket that the bot opens to Slack (no public URL; for workspaces behind
a firewall). Slack's builtin client: `apps.connections.open` with the app-level token, then events over the socket,
each acknowledged by envelope ID once Bolt has its response."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler

from app.slack.bolt_app import stop_slack_app


def socket_mode_handler(app: App, app_token: str) -> SocketModeHandler:
    """A handler for `app`; `connect()` returns once connected (tests), `start()` blocks (the CLI)."""
    return SocketModeHandler(app, app_token, ping_interval=30)


def stop_socket_mode(handler: SocketModeHandler, app: App, wait_s: float) -> None:
    """Shutdown in order: close the socket client first (no new envelope arrives; the ones being dispatched are
    acknowledged and handed to the listener executor), then drain that executor for up to `wait_s`
    (bolt_app.stop_slack_app). The other way round, an event arriving after the executor stopped failed in Bolt
    with a traceback in the log, acknowledged and never handled."""
    handler.close()  # type: ignore[no-untyped-call]
    stop_slack_app(app, wait_s)
