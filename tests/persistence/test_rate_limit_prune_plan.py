"""The once-a-minute prune of rate limit rows finds the rows of windows that are over through the index on `window`
(migration 0007) instead of scanning the table: the statement the limiter runs, explained by the database itself
(SQLite's EXPLAIN QUERY PLAN; PostgreSQL's EXPLAIN after ANALYZE, when MLLENS_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

from sqlalchemy import insert, inspect

from app.persistence.db import Database
from app.persistence.migrate import downgrade, is_at_head, upgrade
from app.persistence.rate_limits import RateLimitRow, prune_statement

NOW = 1_800_000_000
INDEX = "ix_rate_limits_window"


def _window_indexes(db: Database) -> list[str]:
    indexes = inspect(db.engine).get_indexes("rate_limits")
    return [ix["name"] or "" for ix in indexes if ix["column_names"] == ["window"]]


def _plan(db: Database) -> str:
    with db.engine.begin() as conn:  # a day's live buckets, a few rows of windows long over
        live = [{"bucket": f"{n:064x}", "window": NOW + 60 * (n % 60), "count": 1} for n in range(20_000)]
        conn.execute(insert(RateLimitRow), live)
        old = [{"bucket": f"{n:064x}", "window": NOW - 86_400, "count": 1} for n in range(20)]
        conn.execute(insert(RateLimitRow), old)
        conn.exec_driver_sql("ANALYZE")  # the planner's statistics, as a live table has them
        sql = str(prune_statement(NOW).compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        explain = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
        return "\n".join(str(row[-1]) for row in conn.exec_driver_sql(explain + sql))


def test_the_prune_finds_rows_through_the_window_index(database: Database) -> None:
    plan = _plan(database)
    assert INDEX in plan, plan
    if database.is_sqlite:
        assert "SCAN rate_limits" not in plan, plan  # no step reads the whole table
    else:
        assert "Seq Scan" not in plan, plan


def test_migration_0007_adds_and_removes_the_index(database: Database) -> None:
    assert _window_indexes(database) == [INDEX]
    downgrade(database, "0006")
    assert _window_indexes(database) == []
    upgrade(database)
    assert _window_indexes(database) == [INDEX] and is_at_head(database)
