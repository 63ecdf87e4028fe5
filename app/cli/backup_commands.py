"""`mllens import`, and the backup behind `mllens export --all`: all data as JSON Lines (app.persistence.backup).

The database layer (SQLAlchemy, Alembic, the backup schema) is imported inside the commands, so other commands
(`mllens search` above all) start without it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from app.cli import cli, settings_of
from app.settings import Settings


def backup_to(settings: Settings, out: Path | None) -> None:
    from app.persistence.backup import write_backup
    from app.services import build_database

    db = build_database(settings)
    try:
        if out is None:
            rows = write_backup(db, sys.stdout)
        else:
            with out.open("w", encoding="utf-8") as handle:
                rows = write_backup(db, handle)
    finally:
        db.dispose()
    click.echo(f"Backed up {rows} rows" + (f" to {out}" if out else ""), err=True)


@cli.command("import")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_backup(ctx: click.Context, backup: Path) -> None:
    """Restore a backup written by `mllens export --all` into this (empty) database, SQLite or PostgreSQL."""
    from app.persistence.backup import import_lines
    from app.services import build_database

    db = build_database(settings_of(ctx))
    try:
        with backup.open(encoding="utf-8") as lines:
            counts = import_lines(db, lines)
    finally:
        db.dispose()
    summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n) or "nothing"
    click.echo(f"Imported {summary}.", err=True)
