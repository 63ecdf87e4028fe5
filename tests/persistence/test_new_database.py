"""A new SQLite database: built from the table definitions and stamped with the head revision (no Alembic at start),
with the same schema as the migration chain, in one transaction that holds the write lock; from an empty file through
the real `mllens` CLI and `mllens serve`."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from support.processes import AppInstance, run_mllens

from app.persistence.db import Database
from app.persistence.migrate import _schema_transaction, downgrade, is_at_head, tables, upgrade
from app.services import build_database
from app.settings import Settings

REPO = Path(__file__).resolve().parents[2]
ALEMBIC_MODULES = ("alembic", "mako", "pygments")


def _clauses(create: str) -> frozenset[str]:
    """A CREATE TABLE's column and constraint clauses, whitespace and quotes normalised, order left out (columns added
    by a later migration come last in a migrated table, and that order matters to no statement of the application)."""
    body = re.sub(r"\s+", " ", create[create.index("(") + 1 : create.rindex(")")]).strip()
    parts, depth, start = [], 0, 0
    for at, char in enumerate(body):
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(body[start:at].strip())
            start = at + 1
    parts.append(body[start:].strip())
    return frozenset(part.replace('"', "") for part in parts)


def _schema(path: Path) -> dict[str, object]:
    """Every table (its clauses and PRAGMA table_info: types, NOT NULL, defaults, keys), index (its SQL) and foreign key
    (PRAGMA foreign_key_list, with its actions), and the version row."""
    with sqlite3.connect(path) as conn:
        schema: dict[str, object] = {}
        for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"):
            if kind == "table":
                info = sorted(row[1:] for row in conn.execute(f"PRAGMA table_info('{name}')"))
                keys = sorted(row[2:] for row in conn.execute(f"PRAGMA foreign_key_list('{name}')"))
                schema[name] = (_clauses(sql), info, keys)
            else:
                schema[name] = (kind, re.sub(r"\s+", " ", sql or "").replace('"', ""))
        schema["version"] = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    return schema


@pytest.fixture
def new_and_migrated(tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    new, migrated = Database(f"sqlite:///{tmp_path / 'new.db'}"), Database(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(new)  # an empty database: built from the table definitions
    upgrade(migrated, "heads")  # the same target named differently, so Alembic runs every migration
    yield new, migrated
    new.dispose()
    migrated.dispose()


def test_a_new_database_has_the_schema_the_migrations_give(
    new_and_migrated: tuple[Database, Database], tmp_path: Path
) -> None:
    new, migrated = new_and_migrated
    built, chained = _schema(tmp_path / "new.db"), _schema(tmp_path / "migrated.db")
    assert built.keys() == chained.keys()
    assert {name: part for name, part in built.items() if chained[name] != part} == {}
    assert is_at_head(new) and is_at_head(migrated)
    for db in (new, migrated):  # and both equal the definitions, server defaults included
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
            assert compare_metadata(context, tables()) == []


def test_a_new_database_is_a_real_alembic_database(new_and_migrated: tuple[Database, Database]) -> None:
    new, _ = new_and_migrated
    with new.session() as session:
        session.execute(text("INSERT INTO conversations VALUES ('c1', 'local', 'local', '2026-01-01', '2026-01-01')"))
    downgrade(new, "0005")  # every later migration's downgrade finds what it drops (names included)
    assert not is_at_head(new)
    downgrade(new, "base")
    upgrade(new)  # no longer empty: Alembic's chain
    assert is_at_head(new)


def test_a_failed_schema_change_on_sqlite_leaves_nothing_behind(tmp_path: Path) -> None:
    """Python's sqlite3 runs DDL outside any transaction unless told; the schema transaction rolls it back."""
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(RuntimeError), db.engine.connect() as conn, _schema_transaction(conn):
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("a migration step failed")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master").all() == []
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == int(db.timeout_s * 1000)  # restored


def _env(settings: Settings, database: Path, **more: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("MLLENS_")},
        "MLLENS_DATABASE_URL": f"sqlite:///{database}",
        "MLLENS_CORPUS_DIR": str(settings.corpus_dir),
        "MLLENS_PROMPTS_DIR": str(settings.prompts_dir),
        "MLLENS_INDEX_DIR": str(settings.index_dir),
        "MLLENS_EMBEDDER": "hash",
        "MLLENS_RELEVANCE_THRESHOLD": str(settings.relevance_threshold),
        **more,
    }


def test_the_cli_on_an_empty_sqlite_file_creates_the_schema_without_alembic(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    database = tmp_path / "empty.db"
    database.touch()  # an empty file, as `touch` or a provisioning tool leaves it
    created = run_mllens(_env(tiny_settings, database, PYTHONPROFILEIMPORTTIME="1"), "keys", "create", "--name", "ops")
    assert created.returncode == 0, created.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in created.stderr.splitlines() if line.startswith("import ")}
    assert "sqlalchemy" in imported and imported.isdisjoint(ALEMBIC_MODULES), imported & set(ALEMBIC_MODULES)
    listed = run_mllens(_env(tiny_settings, database), "keys", "list")
    assert listed.returncode == 0 and "ops" in listed.stdout, listed.stderr[-2000:]
    assert is_at_head(Database(f"sqlite:///{database}"))


def test_processes_starting_on_one_new_database_at_once_all_start(tiny_settings: Settings, tmp_path: Path) -> None:
    """Before the schema transaction, the second process failed with "table api_keys already exists"."""
    database = tmp_path / "shared.db"
    with ThreadPoolExecutor(3) as pool:
        runs = list(pool.map(lambda _: run_mllens(_env(tiny_settings, database), "keys", "list"), range(3)))
    assert [run.returncode for run in runs] == [0, 0, 0], [run.stderr[-1500:] for run in runs]
    assert is_at_head(Database(f"sqlite:///{database}"))


@pytest.mark.parametrize("lock", ["IMMEDIATE", "EXCLUSIVE"])
def test_a_process_starting_while_another_holds_a_new_files_lock_waits_and_starts(
    tiny_settings: Settings, tmp_path: Path, lock: str
) -> None:
    """Another process switching a new file to WAL (or changing its schema) on a slow disk holds the write lock of a
    file still in rollback mode for longer than the ordinary timeout. The start-up's PRAGMA journal_mode=WAL failed
    then with "database is locked": at once while that lock was RESERVED (SQLite skips the busy handler, which could
    deadlock), after the timeout while it was EXCLUSIVE. Now start-up waits for it, as for a schema change."""
    database = tmp_path / "new.db"
    database.touch()
    settings = tiny_settings.model_copy(update={"database_url": f"sqlite:///{database}", "db_timeout_s": 0.1})
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    try:
        holder.execute(f"BEGIN {lock}")
        with ThreadPoolExecutor(1) as pool:
            starting = pool.submit(build_database, settings)
            time.sleep(1.0)  # ten times the ordinary timeout
            assert not starting.done(), starting.exception()
            holder.execute("COMMIT")
            db = starting.result(timeout=60)
    finally:
        holder.close()
    try:
        assert is_at_head(db)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 100  # later waits are the ordinary ones
    finally:
        db.dispose()


def test_serve_on_an_empty_sqlite_file_answers(tiny_settings: Settings, tmp_path: Path) -> None:
    database = tmp_path / "served.db"
    database.touch()
    instance = AppInstance(_env(tiny_settings, database), tmp_path / "serve.log")
    try:
        instance.start()
        instance.wait_ready()
        reply = httpx.post(
            f"http://127.0.0.1:{instance.port}/v1/ask", json={"question": "least privilege access to training data"}
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["citations"] and reply.json()["turn_id"]
    finally:
        instance.stop()
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM turns").fetchone() == (1,)
    assert is_at_head(Database(f"sqlite:///{database}"))
