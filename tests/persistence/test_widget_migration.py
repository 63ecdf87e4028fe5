"""Migration 0004 (widget keys, finding feedback, answer streams) on SQLite and PostgreSQL: the tables match the
models, rows survive, and it goes down to 0003 and up again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import app.persistence.review_models  # noqa: F401  (registers the review tables on Base.metadata)
import app.persistence.widget_models  # noqa: F401
from app.persistence.db import Base, Database
from app.persistence.migrate import downgrade, upgrade
from app.persistence.streams import SqlStreamStore
from app.persistence.widget_keys import WidgetKeyStore
from app.principal import Principal

TOUCHED = ("api_keys", "feedback", "answer_streams")


def test_0004_matches_the_models_keeps_rows_and_goes_down(database: Database) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if any(table in str(d) for table in TOUCHED)] == []
    key, _ = WidgetKeyStore(database).create("portal", ["https://portal.example"])
    SqlStreamStore(database).open("s" * 20, Principal.widget(key.id, "anon:x"))
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO api_keys (id, name, prefix, key_hash, created_at) "
                "VALUES ('k1', 'ops', 'mll_x', 'h1', CURRENT_TIMESTAMP)"
            )
        )
    downgrade(database, "0003")
    names = set(inspect(database.engine).get_table_names())
    assert "answer_streams" not in names
    columns = {c["name"] for c in inspect(database.engine).get_columns("api_keys")}
    assert "kind" not in columns and "allowed_origins" not in columns
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM api_keys")).scalars().all() == ["k1"]  # widget keys go, secret stay
    upgrade(database)
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM api_keys")).scalars().all() == ["secret"]
