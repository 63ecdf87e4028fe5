"""`mllens keys create --widget` (publishable widget keys bound to origins) and `mllens keys user-token` (sign a
user token as a portal's backend would, for trying the widget as a named user). The database layer is imported inside
the commands."""

from __future__ import annotations

import time

import click

from app.cli import settings_of


def create_widget_key(ctx: click.Context, name: str | None, origins: tuple[str, ...]) -> None:
    """Print the widget key, then its user-token secret (both once)."""
    if not origins:
        raise click.UsageError("a widget key needs at least one --origin, e.g. --origin https://portal.example")
    from app.persistence.widget_keys import WidgetKeyStore
    from app.services import build_database

    db = build_database(settings_of(ctx))
    try:
        key, raw = WidgetKeyStore(db).create(name or origins[0], origins)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--origin") from None
    finally:
        db.dispose()
    click.echo(raw)
    click.echo(key.user_token_secret)
    click.echo(
        f"Created widget key {key.prefix}… (id {key.id}) for {', '.join(key.origins)}.\n"
        f"Line 1 is the publishable key: put it in the page's <script src=.../widget.js data-key={raw}>.\n"
        "Line 2 is the user-token secret: keep it on the portal's backend only (it signs data-user-token; see "
        "docs/widget.md). Both are shown only this once.",
        err=True,
    )


def register(keys: click.Group) -> None:
    @keys.command("user-token")
    @click.argument("key_id")
    @click.option("--user", required=True, help="The portal's user ID the token vouches for.")
    @click.option("--ttl", type=click.IntRange(1, 7 * 24 * 3600), default=3600, show_default=True, help="Seconds.")
    @click.pass_context
    def user_token(ctx: click.Context, key_id: str, user: str, ttl: int) -> None:
        """Sign a widget user token for USER with widget key KEY_ID's secret (what a portal's backend does)."""
        from app.persistence.widget_keys import WidgetKeyStore
        from app.services import build_database
        from app.user_tokens import sign_user_token

        db = build_database(settings_of(ctx))
        try:
            key = WidgetKeyStore(db).get(key_id)
        except KeyError:
            message = f"no widget key with id {key_id} (mllens keys list)"
            raise click.BadParameter(message, param_hint="KEY_ID") from None
        finally:
            db.dispose()
        try:
            click.echo(sign_user_token(key.user_token_secret, user, int(time.time()) + ttl))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--user") from None
