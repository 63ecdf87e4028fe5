"""Apply Alembic migrations programmatically (at startup and from the CLI); no alembic.ini at the repo root.

A new (empty) SQLite database is built from the table definitions and stamped with the head revision, without loading
Alembic (with mako and pygments, about a quarter of a second of a first start); tests/persistence/test_new_database.py
checks that this gives the schema the migration chain gives. On SQLite every schema change runs in a real transaction
that holds the write lock (BEGIN IMMEDIATE): Python's sqlite3 begins one only before INSERT, UPDATE and DELETE, so
CREATE, DROP and ALTER would commit one by one, and a second process creating the same new database at the same time
failed with "table … already exists". Now it waits for the first and finds the schema done. Before that, each
process's first connection switches the file to WAL, and waits as long for another's switch or schema change
(`Database._switch_to_wal`): SQLite refuses that switch at once, without its busy handler, while another holds the lock.

To add a revision (e.g. for review tables), point at a database that is at head and autogenerate:
    .venv/bin/python -m app.persistence.migrate revision "add review tables" [sqlite:///var/dev.db]
then review the generated file in app/persistence/migrations/versions/.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, MetaData, PrimaryKeyConstraint, String, Table, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app.errors import SchemaTooNew
from app.persistence.db import QUIET_WAIT_S, SQLITE_START_WAIT_S, Base, Database, StartWait, is_sqlite_busy

if TYPE_CHECKING:  # alembic is imported only when a migration has to run (it costs a few hundred ms at start-up)
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK = 7_420_001  # advisory lock: two instances starting together migrate one after the other
_SQLITE_WAIT_MS = int(SQLITE_START_WAIT_S * 1000)  # a wait for another process's schema change (PostgreSQL: none)
_QUIET_WAIT_MS = int(QUIET_WAIT_S * 1000)  # the part of it that is not logged
logger = logging.getLogger(__name__)

# Alembic's own version table, as Alembic creates it (name, column, primary key name), for stamping a new database.
_VERSION = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def tables() -> MetaData:
    """Every table of the application (the migrations' target too): importing the modules registers them."""
    import app.persistence.models  # noqa: F401
    import app.persistence.rate_limits  # noqa: F401  (rate limit counters, migration 0006)
    import app.persistence.review_models  # noqa: F401  (review tables, migration 0002)
    import app.persistence.slack_models  # noqa: F401  (Slack events and threads, identity links: migration 0005)
    import app.persistence.widget_models  # noqa: F401  (widget tables, migration 0004)

    return Base.metadata


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
    with db.opening():
        if revision == "head" and (_plainly_at_head(db) or (db.is_sqlite and _create_new_sqlite(db))):
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


def _create_new_sqlite(db: Database) -> bool:
    """On an empty SQLite database, create every table from its definition and stamp the head revision, in one
    transaction: True when the database is at head afterwards (made here, or by another process that held the lock
    first); False when it holds anything else (an older schema, someone's own tables): then Alembic decides."""
    heads = _file_heads()
    if heads is None:
        return False
    with db.engine.connect() as conn, _schema_transaction(conn):
        names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite%'").scalars())
        if names:
            if "alembic_version" not in names:
                return False
            return set(conn.execute(_VERSION.select()).scalars()) == heads
        tables().create_all(conn)
        _VERSION.create(conn)
        conn.execute(_VERSION.insert(), [{"version_num": head} for head in heads])
    return True


@contextmanager
def _schema_transaction(conn: Connection) -> Iterator[None]:
    """`conn.begin()`, made a real transaction on SQLite. Python's sqlite3 would begin one only before INSERT, UPDATE
    and DELETE, so CREATE, DROP and ALTER committed one by one and a failure left a half-changed schema; here sqlite3
    leaves BEGIN and COMMIT to SQLAlchemy's pysqlite recipe, and BEGIN IMMEDIATE takes the write lock at once, so a
    second process changing the same schema waits for the first (up to _SQLITE_WAIT_MS) and then sees its result."""
    if conn.dialect.name != "sqlite":
        with conn.begin():
            yield
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    isolation = raw.isolation_level
    busy_ms = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    conn.exec_driver_sql(f"PRAGMA busy_timeout={_QUIET_WAIT_MS}")
    conn.commit()
    raw.isolation_level = None  # no transaction is open here, so this commits nothing
    try:
        with conn.begin():
            _begin_immediate(conn)
            yield
    finally:
        raw.isolation_level = isolation
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(busy_ms or 0)}")
        conn.commit()


def _begin_immediate(conn: Connection) -> None:
    """BEGIN IMMEDIATE: at once, or after another process's schema change on the same file (up to _SQLITE_WAIT_MS), a
    wait that is logged when it starts and when it ends or gives up."""
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    except OperationalError as exc:
        if not is_sqlite_busy(exc):
            raise
    waiting = StartWait(logger, "another process's schema change of the SQLite database", SQLITE_START_WAIT_S)
    conn.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_WAIT_MS - _QUIET_WAIT_MS}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError:
        waiting.gave_up()
        raise
    waiting.ended()


def _advisory_lock(conn: Connection) -> None:
    """PostgreSQL: take the migration lock, at once or after another instance's migration (no time limit: a migration
    may take long), a wait that is logged when it starts and when it ends."""
    if conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _PG_LOCK}).scalar():
        return
    waiting = StartWait(logger, "another instance's migration of the PostgreSQL database (its advisory lock)", None)
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
    waiting.ended()


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
            with _schema_transaction(conn):
                if conn.dialect.name == "postgresql":
                    # Migrations may wait for another instance's and may take longer than a request's timeouts.
                    conn.execute(text("SET LOCAL lock_timeout = 0"))
                    conn.execute(text("SET LOCAL statement_timeout = 0"))
                    _advisory_lock(conn)
                config.attributes["connection"] = conn
                _refuse_unknown_revisions(conn, config)
                action(config, revision)
                if conn.dialect.name == "sqlite":
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration to {revision} left rows with broken references: {broken[:5]}")
        finally:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _refuse_unknown_revisions(conn: Connection, config: Config) -> None:
    """Raises SchemaTooNew, in one line, when the database is at a revision none of this code's scripts has: a newer
    release migrated it (a rolling upgrade restarted an old instance, or a rollback kept the new database). Alembic
    would stop with "Can't locate revision" and a stack trace."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(config)
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = sorted(set(MigrationContext.configure(conn).get_current_heads()) - known)
    if unknown:
        newest = ", ".join(sorted(scripts.get_heads()))
        raise SchemaTooNew(
            f"the database is at schema revision {', '.join(unknown)}, newer than this code's newest ({newest}): a "
            "newer release migrated it. Run that release (or a newer one) against this database; an older release "
            'cannot start on it (docs/deploy.md, "Upgrading")'
        )


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
