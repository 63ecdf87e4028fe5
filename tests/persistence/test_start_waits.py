"""A start-up that waits says so: one line when the wait starts (what it waits for, for how long at most) and one when
it ends or gives up, so a service that sits for minutes at start (another process holding a new SQLite file's lock or
changing its schema, another instance migrating PostgreSQL) is not silent. A wait shorter than QUIET_WAIT_S is not
logged. Index loading says when it starts and ends."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.errors import DatabaseUnavailable
from app.knowledge import load_knowledge_base
from app.persistence import db as db_module
from app.persistence import migrate
from app.persistence.db import Database
from app.persistence.migrate import downgrade, is_at_head, upgrade
from app.services import build_database
from app.settings import Settings

HELD_S = 1.5  # longer than QUIET_WAIT_S (1 s): waits this long are logged


def lines(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger]


@contextmanager
def held(database: Path, *, wal: bool) -> Iterator[sqlite3.Connection]:
    """Another process's connection holding the file's write lock (BEGIN IMMEDIATE), on a file in rollback mode (a
    process switching a new file to WAL) or in WAL mode (a process changing the schema)."""
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    try:
        if wal:
            holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("BEGIN IMMEDIATE")
        yield holder
    finally:
        holder.close()


def start_while_held(settings: Settings, holder: sqlite3.Connection) -> Database:
    with ThreadPoolExecutor(1) as pool:
        starting = pool.submit(build_database, settings)
        time.sleep(HELD_S)
        assert not starting.done(), starting.exception()
        holder.execute("COMMIT")
        return starting.result(timeout=60)


@pytest.fixture
def new_file(tiny_settings: Settings, tmp_path: Path) -> tuple[Path, Settings]:
    database = tmp_path / "new.db"
    database.touch()
    return database, tiny_settings.model_copy(update={"database_url": f"sqlite:///{database}", "db_timeout_s": 0.1})


@pytest.mark.parametrize(
    ("wal", "logger", "waited_for"),
    [
        (False, "app.persistence.db", "the switch of new.db to WAL (another process holds its lock), up to 600 s"),
        (True, "app.persistence.migrate", "another process's schema change of the SQLite database, up to 600 s"),
    ],
)
def test_a_start_waiting_for_a_sqlite_lock_says_so_and_when_it_ends(
    new_file: tuple[Path, Settings], caplog: pytest.LogCaptureFixture, wal: bool, logger: str, waited_for: str
) -> None:
    database, settings = new_file
    caplog.set_level(logging.INFO)
    with held(database, wal=wal) as holder:
        db = start_while_held(settings, holder)
    try:
        assert is_at_head(db)
    finally:
        db.dispose()
    said = lines(caplog, logger)
    assert said[0] == f"waiting for {waited_for}", said
    assert len(said) == 2 and said[1].startswith(f"done waiting for {waited_for.rsplit(',', 1)[0]} after "), said


def test_a_start_that_gives_up_waiting_says_so(
    new_file: tuple[Path, Settings], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, settings = new_file
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(db_module, "SQLITE_START_WAIT_S", HELD_S)
    with held(database, wal=False), pytest.raises(DatabaseUnavailable, match="locked"):
        build_database(settings)
    said = lines(caplog, "app.persistence.db")
    assert said[0].startswith("waiting for the switch of new.db to WAL"), said
    assert said[1].startswith("gave up waiting for the switch of new.db to WAL") and len(said) == 2, said
    assert [r.levelname for r in caplog.records if r.name == "app.persistence.db"] == ["INFO", "WARNING"]

    monkeypatch.setattr(migrate, "_SQLITE_WAIT_MS", int(HELD_S * 1000))
    caplog.clear()
    with held(database, wal=True), pytest.raises(DatabaseUnavailable, match="locked"):
        build_database(settings)
    said = lines(caplog, "app.persistence.migrate")
    assert said[1].startswith("gave up waiting for another process's schema change") and len(said) == 2, said


def test_a_start_without_contention_logs_no_wait(
    new_file: tuple[Path, Settings], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    build_database(new_file[1]).dispose()
    assert not [m for m in caplog.messages if "waiting" in m], caplog.messages


def test_loading_the_index_says_when_it_starts_and_ends(
    tiny_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    load_knowledge_base(tiny_settings)
    said = lines(caplog, "app.knowledge")
    assert said[0] == f"loading the lens and its index from {tiny_settings.index_dir}", said
    assert said[-1].startswith("loaded the lens and its index in "), said


def test_a_postgres_start_waiting_for_another_instances_migration_says_so(
    migrated_database: Callable[[str], Database], caplog: pytest.LogCaptureFixture
) -> None:
    db = migrated_database("postgres")
    downgrade(db, "0005")  # behind head: the start migrates, under the advisory lock
    caplog.set_level(logging.INFO)
    other = create_engine(db.url)
    try:
        with other.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": migrate._PG_LOCK})
            with ThreadPoolExecutor(1) as pool:
                starting = pool.submit(upgrade, db)
                time.sleep(HELD_S)
                assert not starting.done(), starting.exception()
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": migrate._PG_LOCK})
                starting.result(timeout=60)
    finally:
        other.dispose()
    assert is_at_head(db)
    said = lines(caplog, "app.persistence.migrate")
    waited_for = "another instance's migration of the PostgreSQL database (its advisory lock)"
    assert said == [f"waiting for {waited_for}, with no time limit", said[1]], said
    assert said[1].startswith(f"done waiting for {waited_for} after "), said
