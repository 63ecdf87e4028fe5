from __future__ import annotations

from sqlalchemy import inspect

from app.persistence.db import Database, normalise_url
from app.persistence.migrate import downgrade, is_at_head, upgrade


def test_migrations_create_the_tables_and_are_idempotent(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"api_keys", "conversations", "turns", "citations", "feedback", "alembic_version"} <= tables
    assert is_at_head(database)
    upgrade(database)  # a second start is a no-op
    assert is_at_head(database)


def test_migrations_go_down_and_up_again(database: Database) -> None:
    downgrade(database, "base")
    assert "turns" not in inspect(database.engine).get_table_names()
    upgrade(database)
    assert is_at_head(database) and database.is_reachable()


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
