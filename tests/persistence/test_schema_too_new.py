"""A rolling upgrade's wrong turn: code whose newest migration is older than the database's revision (a newer release
migrated it) refuses to start with one line naming both revisions (SchemaTooNew), not Alembic's "Can't locate
revision" stack trace; the database is left as it was. On SQLite and PostgreSQL, and through `mllens`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from support.processes import run_mllens, sqlite_env

from app.errors import SchemaTooNew
from app.persistence.db import Database
from app.persistence.migrate import _file_heads, upgrade

REPO = Path(__file__).resolve().parents[2]
NEWER = "0099"  # a revision a newer release would have written


def _migrated_by_a_newer_release(db: Database) -> None:
    """What a newer release leaves: its own table, and the version row at its revision."""
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE newer_release_things (id INTEGER PRIMARY KEY)"))
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": NEWER})


def test_older_code_refuses_a_newer_schema_in_one_line(database: Database) -> None:
    _migrated_by_a_newer_release(database)
    with pytest.raises(SchemaTooNew) as refused:
        upgrade(database)
    (newest,) = _file_heads() or {""}
    message = refused.value.message
    assert f"schema revision {NEWER}" in message and f"newest ({newest})" in message, message
    assert "\n" not in message and "docs/deploy.md" in message
    with database.engine.connect() as conn:  # untouched: still the newer release's
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == NEWER
        assert conn.execute(text("SELECT count(*) FROM newer_release_things")).scalar() == 0


def test_mllens_says_so_without_a_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    db = Database(url)
    upgrade(db)
    _migrated_by_a_newer_release(db)
    db.dispose()
    env = sqlite_env(tmp_path / "db.sqlite")
    for args in (["keys", "list"], ["serve", "--port", "1"]):
        done = run_mllens(env, *args)
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr and "Can't locate revision" not in done.stderr, done.stderr
        lines = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
        assert len(lines) == 1 and f"schema revision {NEWER}, newer than this code's newest" in lines[0], done.stderr
