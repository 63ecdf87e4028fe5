"""The rate_limits table stays bounded: buckets hit once and never again (an anonymous widget visitor, one client
address) have their rows pruned once their window is over, in batches, and not on every hit. SQLite, and PostgreSQL
when MLLENS_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import RateLimited
from app.persistence.db import Database
from app.persistence.rate_limits import PRUNE_BATCH, PRUNE_EVERY_S, RateLimiter, RateLimitRow, Rule
from app.principal import Principal

RULES = {
    "requests": Rule(100, 60),
    "reviews": Rule(5, 3600, exact=True, what="reviews created"),
}
START = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def rows(db: Database) -> int:
    with db.session() as session:
        return int(session.execute(select(func.count()).select_from(RateLimitRow)).scalar_one())


def visitor(n: int) -> Principal:
    return Principal(tenant="widget:docs", subject=f"anon-{n}")


def test_one_off_buckets_do_not_pile_up(database: Database) -> None:
    clock = Clock()
    limiter = RateLimiter(database, RULES, sync_s=0.0, clock=clock)
    for n in range(200):  # a new visitor every 5 minutes for 16 hours, each seen once, one per client address too
        limiter.hit("requests", visitor(n))
        limiter.hit_tenant("requests", "widget:docs", f"203.0.113.{n}")
        limiter.hit("reviews", visitor(n))
        clock.now += 300
    # Live rows: at most the last hour's visitors (the longest window) plus one prune interval; 600 without pruning.
    per_interval = 3 * (3600 + PRUNE_EVERY_S + 300) / 300
    assert rows(database) <= per_interval


def test_a_live_window_is_never_pruned(database: Database) -> None:
    clock = Clock()
    limiter = RateLimiter(database, RULES, sync_s=0.0, clock=clock)
    for _ in range(5):
        limiter.hit("reviews", visitor(0))
    clock.now += 2 * PRUNE_EVERY_S  # the hour's window is still open: its count survives the prune others trigger
    for n in range(1, 4):
        limiter.hit("requests", visitor(n))
    fresh = RateLimiter(database, RULES, sync_s=0.0, clock=clock)  # another instance: it knows only the database
    with pytest.raises(RateLimited):
        fresh.hit("reviews", visitor(0))


def test_pruning_runs_in_bounded_batches_and_not_on_every_hit(database: Database) -> None:
    clock = Clock()
    limiter = RateLimiter(database, RULES, sync_s=0.0, clock=clock)
    old = 2 * PRUNE_BATCH + 10
    with database.session() as session:  # windows that ended a day ago, as a busy day leaves them
        session.add_all(RateLimitRow(bucket=f"{n:064x}", window=int(START) - 86_400, count=1) for n in range(old))
    limiter.hit("reviews", visitor(0))
    assert rows(database) == old + 1 - PRUNE_BATCH  # one batch, not the whole backlog in one statement
    limiter.hit("reviews", visitor(1))  # a full batch means more is waiting: the next write takes another
    assert rows(database) == old + 2 - 2 * PRUNE_BATCH
    limiter.hit("reviews", visitor(2))
    assert rows(database) == 3  # the rest of the backlog, and now it is cleared
    with database.session() as session:
        session.add(RateLimitRow(bucket="f" * 64, window=int(START) - 86_400, count=1))
    clock.now += PRUNE_EVERY_S / 2
    limiter.hit("reviews", visitor(3))
    assert rows(database) == 5  # within the interval: no prune, the old row stays
    clock.now += PRUNE_EVERY_S
    limiter.hit("reviews", visitor(4))
    assert rows(database) == 5  # the old row went, the new one came
