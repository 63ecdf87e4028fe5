"""`mllens serve`, `mllens ask` and `mllens keys create|list`.

The services, the database and the server are imported inside the commands, so other commands start without them."""

from __future__ import annotations

import errno
import os
import socket

import click
from pydantic import SecretStr

from app.cli import cli, log_level_of, settings_of, widget_commands
from app.cli.widget_commands import create_widget_key
from app.lens.models import Phase, PillarId
from app.logs import LEVELS, configure_logging
from app.principal import Principal
from app.qa.models import DeltaEvent, DoneEvent
from app.retrieval.base import SearchFilters
from app.settings import Settings


@cli.command()
@click.option("--host", help="Address to bind (default MLLENS_HOST, i.e. 127.0.0.1; others need an API key).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default MLLENS_PORT, i.e. 8000).")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes (one per core)."
)
@click.option(
    "--log-level",
    type=click.Choice(LEVELS),
    help="The server's log level (JSON lines on stderr); default `mllens --log-level`, i.e. info.",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int, log_level: str | None) -> None:
    """Run the HTTP API (REST + SSE, OpenAPI at /docs) with uvicorn. Each server process logs "ready: serving on
    http://HOST:PORT" once its start-up checks pass (index and model loaded, database migrated, bind allowed)."""
    from app.knowledge import check_knowledge_files
    from app.main import serve_http

    log_level = log_level or log_level_of(ctx)
    configure_logging(log_level)  # JSON lines from the first one (database waits, migrations), as the server's
    settings = _with(settings_of(ctx), host=host, port=port)
    _check_bind_early(settings)
    check_knowledge_files(settings)  # a missing index or corpus: one line now, not a traceback from the server
    loading = f"Starting {workers} worker processes, each loading" if workers > 1 else "Loading"
    click.echo(f"{loading} the index and model (a 'ready' line follows once the server can answer)", err=True)
    if workers > 1:  # worker processes rebuild the settings from the environment; migrations already ran above, once
        os.environ.update(settings_as_env(settings))
    serve_http(settings, log_level=log_level, workers=workers)


@cli.command()
@click.argument("question")
@click.option("--conversation", "conversation_id", help="Continue a conversation (for follow-up questions).")
@click.option("--pillar", type=click.Choice([p.value for p in PillarId]), multiple=True, help="Only this pillar.")
@click.option("--phase", type=click.Choice([p.slug for p in Phase]), multiple=True, help="Only this phase.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.pass_context
def ask(
    ctx: click.Context,
    question: str,
    conversation_id: str | None,
    pillar: tuple[str, ...],
    phase: tuple[str, ...],
    as_json: bool,
) -> None:
    """Answer QUESTION from the lens with citations (streams when an LLM is configured)."""
    from app.services import build_services

    services = build_services(settings_of(ctx))
    try:
        filters = SearchFilters(pillars=tuple(PillarId(p) for p in pillar), phases=tuple(Phase.parse(p) for p in phase))
        prepared = services.qa.prepare(
            question, principal=Principal.local(), conversation_id=conversation_id, filters=filters
        )
        stream_text = services.llm is not None and not as_json
        for event in services.qa.stream(prepared):
            if isinstance(event, DeltaEvent) and stream_text:
                click.echo(event.text, nl=False)
            elif isinstance(event, DoneEvent):
                answer = event.answer
        if as_json:
            click.echo(answer.model_dump_json(indent=2))
        else:
            click.echo("" if stream_text else answer.answer)
            click.echo(f"\n(conversation {answer.conversation_id}; follow up with --conversation)", err=True)
    finally:
        services.close()


@cli.group()
def keys() -> None:
    """Manage API keys (the server requires one once any key has existed, or when not bound to loopback)."""


@keys.command("create")
@click.option(
    "--name", help="Who or what uses the key, e.g. 'slack-bot' or 'portal' (widget keys: default the origin)."
)
@click.option("--widget", is_flag=True, help="A publishable key for the web widget, usable only from --origin pages.")
@click.option(
    "--origin", "origins", multiple=True, metavar="URL", help="An origin the widget key works from (repeatable)."
)
@click.pass_context
def keys_create(ctx: click.Context, name: str | None, widget: bool, origins: tuple[str, ...]) -> None:
    """Create a key and print it once (only its hash is stored); --widget also prints the user-token secret."""
    if widget:
        create_widget_key(ctx, name, origins)
        return
    if origins:
        raise click.UsageError("--origin is for widget keys: add --widget")
    if not name:
        raise click.UsageError("a secret key needs --name")
    from app.services import key_store

    with key_store(settings_of(ctx)) as keys:
        info, raw = keys.create(name)
    click.echo(raw)
    click.echo(
        f"Created key {info.prefix}… for {info.name!r}. It is shown only this once: store it now. "
        "Send it as 'Authorization: Bearer <key>'.",
        err=True,
    )


@keys.command("revoke")
@click.argument("key")
@click.pass_context
def keys_revoke(ctx: click.Context, key: str) -> None:
    """Revoke KEY (its ID, or its prefix as `keys list` shows it); refused from the next request on, everywhere."""
    from app.services import key_store

    with key_store(settings_of(ctx)) as keys:
        info = keys.revoke(key)
    click.echo(f"Revoked key {info.prefix}… ({info.name!r}). Requests with it are refused from now on.", err=True)


widget_commands.register(keys)


@keys.command("list")
@click.pass_context
def keys_list(ctx: click.Context) -> None:
    """List keys: prefix, kind (secret or widget), ID (for `keys user-token`) and name."""
    from app.services import key_store

    with key_store(settings_of(ctx)) as keys:
        for info in keys.list():
            click.echo(f"{info.prefix}…  {info.kind:<6}  {info.id}  {info.name}")


def _with(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={k: v for k, v in changes.items() if v is not None})


def settings_as_env(settings: Settings) -> dict[str, str]:
    """MLLENS_* variables that reproduce `settings` (including --env-file values and command-line overrides)."""
    env = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        env[f"MLLENS_{name.upper()}"] = str(value)
    return env


def _check_bind_early(settings: Settings) -> None:
    """Fail before loading the model when the bind address needs a key and none exists."""
    from app.persistence.keys import check_bind
    from app.services import key_store

    with key_store(settings) as keys:
        check_bind(settings.host, keys.count())
    _check_port_free(settings.host, settings.port)


def _check_port_free(host: str, port: int) -> None:
    """Say that the address is taken before spending seconds loading the model (uvicorn would only log errno 98
    after that). Binds as uvicorn does (SO_REUSEADDR), so a port in TIME_WAIT still counts as free."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"{host}:{port} is already in use (another `mllens serve`?): choose another port with --port "
                    "or MLLENS_PORT, e.g. `bash .ci/serve --port 8001`"
                ) from None
            raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
