"""`mllens slack`: Socket Mode only, with clear messages when it cannot start (the connection itself is tested in
tests/slackbot/test_socket_mode.py)."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.settings import Settings


def test_http_mode_is_part_of_serve(cli_env: Settings) -> None:
    result = CliRunner().invoke(cli, ["slack"])
    assert result.exit_code == 2 and "mllens serve" in result.output and "--socket" in result.output


def test_socket_mode_needs_both_tokens(cli_env: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLLENS_SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("MLLENS_SLACK_SIGNING_SECRET", "s")
    result = CliRunner().invoke(cli, ["slack", "--socket"])
    assert result.exit_code == 1 and "MLLENS_SLACK_APP_TOKEN" in result.output


def test_a_bot_token_alone_is_refused_as_a_setting(cli_env: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLLENS_SLACK_BOT_TOKEN", "xoxb-1")
    result = CliRunner().invoke(cli, ["slack", "--socket"])
    assert result.exit_code == 1 and "MLLENS_SLACK_SIGNING_SECRET" in result.output and "Traceback" not in result.output


def test_slack_out_of_reach_at_start_is_a_message_not_a_traceback(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as closed:  # a loopback port nobody listens on once closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("MLLENS_SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("MLLENS_SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("MLLENS_SLACK_API_URL", f"http://127.0.0.1:{port}/api/")
    result = CliRunner().invoke(cli, ["slack", "--socket"])
    assert result.exit_code == 1 and "did not start" in result.output and "Traceback" not in result.output
