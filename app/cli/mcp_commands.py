"""`mllens mcp`: the MCP server over stdio, for AI tools that launch it (Claude Desktop, IDE assistants)."""

from __future__ import annotations

import click

from app.cli import cli, log_level_of, settings_of
from app.logs import configure_cli_logging


@cli.command("mcp")
@click.pass_context
def mcp_command(ctx: click.Context) -> None:
    """Serve the lens and reviews as MCP tools over stdio (search_lens, get_best_practice, ask_lens, start_review,
    answer_review_question, get_review_report); logs go to stderr. Over HTTP the same tools are at /mcp."""
    from app.main import serve_mcp_stdio

    # the MCP SDK's own lines (a tool call refused or failed is info) follow --log-level like ours, on stderr
    configure_cli_logging(log_level_of(ctx), libraries=("mcp",))
    serve_mcp_stdio(settings_of(ctx))
