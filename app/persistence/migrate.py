"""Apply Alembic migrations programmatically (at startup and from the CLI); no alembic.ini at the repo root.

To add a revision (e.g. for review tables), point at a database that is at head and autogenerate:
    .venv/bin/python -m app.persistence.migrate revision "add review tables" [sqlite:///var/dev.db]
then review the generated file in app/persistence/migrations/versions/.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.persistence.db import Database

if TYPE_CHECKING:  # alembic is imported only when a migration has to run (it costs a few hundred ms at start-up)
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK = 7_420_001  # advisory lock: two instances starting together migrate one after the other


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema up to `revision` in one transaction (a no-op when it is there already: a database already at
    the head revision is recognised from its version row without loading Alembic)."""
    if revision == "head" and _plainly_at_head(db):
        return
    from alembic import command

    _run(db, command.upgrade, revision)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    _run(db, command.downgrade, revision)


_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:\"([^\"]*)\"|'([^']*)'|None)\s*$", re.M)


def _file_heads() -> set[str] | None:
    """The head revisions of the migration scripts, read from their `revision = "…"` / `down_revision = "…"` lines;
    None when a script is not that simple (a merge, a tuple): then Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = {m.group(1): m.group(2) or m.group(3) for m in _REVISION.finditer(script.read_text(encoding="utf-8"))}
        if "revision" not in found:
            if script.name != "__init__.py":
                return None
            continue
        if "down_revision" not in found or not found["revision"]:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads if len(heads) == 1 else None


def _plainly_at_head(db: Database) -> bool:
    heads = _file_heads()
    if heads is None:
        return False
    try:
        with db.engine.connect() as conn:
            current = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    except SQLAlchemyError:  # no version table yet (a new database) or not readable: let Alembic handle it
        return False
    return current == heads


def _run(db: Database, action: Callable[[Config, str], None], revision: str) -> None:
    config = alembic_config()
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # Batch migrations copy a table, drop the old one and rename the copy. With foreign keys enforced, that DROP
            # would cascade-delete the rows that reference it (turns of conversations, answers of reviews), so they
            # are off while migrating (the pragma is ignored inside a transaction: set before it begins) and checked
            # after, before the commit.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    # Migrations may wait for another instance's and may take longer than a request's timeouts.
                    conn.execute(text("SET LOCAL lock_timeout = 0"))
                    conn.execute(text("SET LOCAL statement_timeout = 0"))
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
                config.attributes["connection"] = conn
                action(config, revision)
                if conn.dialect.name == "sqlite":
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration to {revision} left rows with broken references: {broken[:5]}")
        finally:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def is_at_head(db: Database) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == heads


def _main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[0] != "revision":
        raise SystemExit('usage: python -m app.persistence.migrate revision "message" [database-url]')
    url = argv[2] if len(argv) > 2 else "sqlite:///var/dev.db"
    upgrade(Database(url))
    from alembic import command

    command.revision(alembic_config(url), message=argv[1], autogenerate=True)


if __name__ == "__main__":
    _main(sys.argv[1:])
