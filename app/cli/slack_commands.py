"""`mllens slack --socket`: run the Slack bot over Socket Mode (HTTP mode is served by `mllens serve`)."""

from __future__ import annotations

import click

from app.cli import cli, settings_of


@cli.command()
@click.option(
    "--socket", "socket_mode", is_flag=True, help="Connect to Slack over Socket Mode (needs MLLENS_SLACK_APP_TOKEN)."
)
@click.pass_context
def slack(ctx: click.Context, socket_mode: bool) -> None:
    """Run the Slack bot over Socket Mode, for workspaces behind a firewall (no public URL). In HTTP mode the bot is
    part of `mllens serve` at POST /slack/events instead. See docs/slack.md."""
    settings = settings_of(ctx)
    if not socket_mode:
        raise click.UsageError("HTTP mode runs inside `mllens serve` (POST /slack/events); use `mllens slack --socket`")
    if settings.slack_bot_token is None or settings.slack_app_token is None:
        raise click.ClickException(
            "Socket Mode needs MLLENS_SLACK_BOT_TOKEN (xoxb-…) and MLLENS_SLACK_APP_TOKEN (xapp-…)"
        )
    from app.main import serve_slack_socket

    click.echo("Loading the index and model; then connecting to Slack over Socket Mode (Ctrl-C stops)", err=True)
    serve_slack_socket(settings, settings.slack_app_token.get_secret_value())
