"""The `mllens` command line: one click group; each module under app/cli adds its commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from app.errors import AppError
from app.logs import LEVELS, configure_cli_logging
from app.settings import Settings


class AppGroup(click.Group):
    """Maps the project's errors, and a file that cannot be written or read (`--out` into a missing directory, a full
    disk), to a one-line message and exit code 1 (never a traceback)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except AppError as exc:
            raise click.ClickException(exc.message) from None
        except OSError as exc:
            if exc.filename is None:  # not about a file: a bug or the network, keep the traceback
                raise
            raise click.ClickException(f"{exc.filename}: {exc.strerror or exc}") from None


@click.group(cls=AppGroup)
@click.option(
    "--env-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read MLLENS_* settings from this file (default: ./.env if present).",
)
@click.option(
    "--log-level",
    type=click.Choice(LEVELS),
    default="info",
    show_default=True,
    envvar="MLLENS_LOG_LEVEL",
    show_envvar=True,
    help="Log lines on stderr from this level (what start-up loads and waits for is info); stdout is only the output.",
)
@click.version_option(package_name="mllens", prog_name="mllens")
@click.pass_context
def cli(ctx: click.Context, env_file: Path | None, log_level: str) -> None:
    """ML Lens Assistant: search, ask and review against the AWS Well-Architected Machine Learning Lens."""
    if ctx.invoked_subcommand != "serve":  # the server logs JSON lines (app.logs.logging_config), set up by `serve`
        configure_cli_logging(log_level)
    try:
        ctx.obj = Settings(_env_file=env_file) if env_file else Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise click.ClickException(f"invalid settings: {problems}") from None


def log_level_of(ctx: click.Context) -> str:
    """The `mllens --log-level` (or MLLENS_LOG_LEVEL) the command was run with."""
    return str(ctx.find_root().params["log_level"])


def settings_of(ctx: click.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def main() -> None:
    cli(prog_name="mllens", args=sys.argv[1:])


# Command modules add themselves to `cli`; imported last because they import `cli` and `settings_of` from here.
from app.cli import (  # noqa: E402,F401
    backup_commands,
    eval_commands,
    lens_commands,
    mcp_commands,
    review_commands,
    service_commands,
    slack_commands,
    wa_tool_commands,
)
