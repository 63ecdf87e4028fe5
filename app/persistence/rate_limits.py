"""Per-principal rate limits whose counts live in the database, so every instance enforces the same quota.

Fixed windows: a bucket ("requests of principal P", "reviews created by P", "feedback by P on answer N") counts hits
per window of `window_s` seconds in one row, incremented with an upsert that returns the new total. Frequent hits
(every request) are counted locally and added to the shared row at most every `sync_s` seconds per bucket, so a
request costs no database write and a quota is enforced across instances within about `sync_s`; rare, costly hits
(creating a review, leaving feedback) are added at once (`exact`). Over the quota: RateLimited (429) with the
seconds until the window ends. If the database cannot be reached the local count still applies.

A row's `window` is the second its window ends (Unix time), so a row that is over can be told from the row alone,
whatever its rule: at most every PRUNE_EVERY_S per instance, after a write, rows whose window ended more than
PRUNE_GRACE_S ago are deleted, PRUNE_BATCH at a time (a full batch lets the next write take another). Buckets hit
once and never again (an anonymous widget visitor, one client address) so leave the table within about a window.

No limiter library with a database backend fits: `limits` (behind slowapi) stores counters in memory, Redis,
Memcached, MongoDB or etcd, none of which this deployment runs; PostgreSQL (or SQLite) is the shared state it has."""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Delete, Integer, String, delete, select, tuple_
from sqlalchemy.orm import Mapped, mapped_column

from app.errors import AppError, RateLimited
from app.persistence.db import Base, Database
from app.principal import Principal

logger = logging.getLogger(__name__)

PRUNE_EVERY_S = 60.0  # per instance: pruning on every hit would add a statement to every write
PRUNE_BATCH = 500  # rows deleted per statement: one prune never holds the table for long
PRUNE_GRACE_S = 60  # a window ended this long ago before its row goes (instances' clocks may differ a little)


class RateLimitRow(Base):
    __tablename__ = "rate_limits"

    bucket: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The second the window ends (Unix time); indexed for the prune (migration 0007), which else scanned the table.
    window: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(Integer)


@dataclass(frozen=True)
class Rule:
    limit: int  # hits allowed per window; 0 turns the rule off
    window_s: int
    exact: bool = False  # add each hit to the shared count at once
    what: str = "requests"


@dataclass
class _Bucket:
    window: int  # the second it ends
    shared: int = 0  # the shared count when last read (includes this instance's synced hits)
    pending: int = 0  # hits here not yet added to the shared count
    synced_at: float = -math.inf


class RateLimiter:
    def __init__(
        self, db: Database, rules: dict[str, Rule], *, sync_s: float = 0.2, clock: Callable[[], float] = time.time
    ) -> None:
        self._db = db
        self._rules = rules
        self._sync_s = sync_s
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], _Bucket] = {}  # (kind, bucket key) -> this instance's view
        self._seen: dict[str, int] = {}  # "seen" bucket key -> the window it was recorded in (here or in the database)
        self._prune_due = -math.inf  # when this instance next prunes the rows of windows that are over

    def hit(self, kind: str, principal: Principal, detail: str = "") -> None:
        """Count one hit of `kind` for `principal` (and `detail`, e.g. an answer's ID); raise RateLimited if over."""
        self._hit(kind, f"{principal.tenant}\0{principal.subject}\0{detail}")

    def hit_tenant(self, kind: str, tenant: str, part: str = "") -> None:
        """Count one hit of `kind` for a whole tenant (every subject of it together, e.g. a widget key's anonymous
        users), or for the `part` of it (e.g. those at one client address); raise RateLimited if over."""
        self._hit(kind, f"{tenant}\0\0tenant" + (f"\0{part}" if part else ""))

    def hit_tenant_seen(self, kind: str, tenant: str, member: str) -> None:
        """Count one hit of `kind` for a whole tenant on behalf of `member` (e.g. one anonymous user of a widget key).
        Past the tenant's limit, only members not yet served in this window are refused: one served before it was
        reached keeps being served until the window ends (so a conversation under way is not cut off by newcomers).
        Who was served is recorded in the database, so every instance agrees. Raises RateLimited."""
        rule = self._rules[kind]
        if rule.limit <= 0:
            return
        window = _window_end(self._clock(), rule)
        seen = _bucket_key(kind + "\0seen", f"{tenant}\0{member}")
        try:
            self._hit(kind, f"{tenant}\0\0tenant")
        except RateLimited:
            if self._was_seen(seen, window):
                return
            raise
        self._record_seen(seen, window)

    def _was_seen(self, key: str, window: int) -> bool:
        with self._lock:
            if self._seen.get(key) == window:
                return True
        try:
            with self._db.session() as session:
                found = session.get(RateLimitRow, (key, window)) is not None
        except AppError as exc:
            logger.warning("rate limit counts not shared: %s", type(exc).__name__)
            return False  # fails closed: a member this instance has not seen is refused
        if found:
            with self._lock:
                self._seen[key] = window
        return found

    def _record_seen(self, key: str, window: int) -> None:
        with self._lock:
            if self._seen.get(key) == window:
                return  # already recorded: one write per member and window per instance
            if len(self._seen) >= 10_000:
                self._seen = {k: w for k, w in self._seen.items() if w >= window}
            self._seen[key] = window
        self._add(key, window, 1)  # database unavailable: known here only

    def _hit(self, kind: str, who: str) -> None:
        rule = self._rules[kind]
        if rule.limit <= 0:
            return
        now = self._clock()
        window = _window_end(now, rule)
        key = _bucket_key(kind, who)
        with self._lock:
            bucket = self._buckets.get((kind, key))
            if bucket is None or bucket.window != window:
                self._forget_old(now)
                bucket = self._buckets[(kind, key)] = _Bucket(window)
            due = rule.exact or now - bucket.synced_at >= self._sync_s
            refused = bucket.shared + bucket.pending >= rule.limit
            if refused and not (bucket.pending and due):
                raise self._limited(rule, window, now)
            if not refused:
                bucket.pending += 1
                if not due:
                    return  # within quota as far as this instance knows; shared at the next sync
            # Due: add this instance's hits (this one included unless refused) to the shared count. A refusal shares
            # the hits still pooled here too: else the other instances would never see them and serve them again.
            pending, bucket.pending, bucket.synced_at = bucket.pending, 0, now
        total = self._add(key, window, pending)
        with self._lock:
            if total is None:  # database unavailable: keep counting here
                bucket.pending += pending
            else:
                bucket.shared = max(bucket.shared, total)
            over = total is not None and bucket.shared + bucket.pending > rule.limit
        if refused or over:  # over here, or other instances used the quota meanwhile
            raise self._limited(rule, window, now)

    def _add(self, key: str, window: int, hits: int) -> int | None:
        # Each dialect's upsert; a SQLite server does not load PostgreSQL's dialect module (~50 ms at start).
        if self._db.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            values: Any = sqlite_insert(RateLimitRow)
        else:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            values = pg_insert(RateLimitRow)
        values = values.values(bucket=key, window=window, count=hits)
        statement = values.on_conflict_do_update(
            index_elements=["bucket", "window"], set_={"count": RateLimitRow.count + values.excluded.count}
        ).returning(RateLimitRow.count)
        try:
            with self._db.session() as session:
                total = int(session.execute(statement).scalar_one())
                if total == hits:  # the first hit of this window: earlier windows of the bucket are done with
                    session.execute(
                        delete(RateLimitRow).where(RateLimitRow.bucket == key, RateLimitRow.window < window)
                    )
        except AppError as exc:
            logger.warning("rate limit counts not shared: %s", type(exc).__name__)
            return None
        self._prune_if_due()
        return total

    def _prune_if_due(self) -> None:
        """Delete up to PRUNE_BATCH rows of windows that ended PRUNE_GRACE_S ago or more, at most every PRUNE_EVERY_S
        on this instance (sooner while full batches show a backlog). One thread prunes; the others go on."""
        now = self._clock()
        with self._lock:
            if now < self._prune_due:
                return
            self._prune_due = now + PRUNE_EVERY_S
        try:
            with self._db.session() as session:
                result = session.execute(prune_statement(now))
                deleted = int(getattr(result, "rowcount", 0))
        except AppError as exc:
            logger.warning("rate limit rows not pruned: %s", type(exc).__name__)
            return
        if deleted >= PRUNE_BATCH:
            with self._lock:
                self._prune_due = now  # more is waiting: the next write takes another batch

    def _forget_old(self, now: float) -> None:
        if len(self._buckets) < 10_000:
            return
        self._buckets = {k: b for k, b in self._buckets.items() if b.window > now}

    @staticmethod
    def _limited(rule: Rule, window: int, now: float) -> RateLimited:
        retry_after = max(1, math.ceil(window - now))
        return RateLimited(
            f"too many {rule.what}: the limit is {rule.limit} per {rule.window_s} s; retry in {retry_after} s",
            retry_after_s=retry_after,
        )


def prune_statement(now: float) -> Delete:
    """Deletes up to PRUNE_BATCH rows whose window ended PRUNE_GRACE_S before `now`, found by the index on `window`."""
    over = (
        select(RateLimitRow.bucket, RateLimitRow.window)
        .where(RateLimitRow.window < int(now) - PRUNE_GRACE_S)
        .limit(PRUNE_BATCH)
    )
    return delete(RateLimitRow).where(tuple_(RateLimitRow.bucket, RateLimitRow.window).in_(over))


def _window_end(now: float, rule: Rule) -> int:
    """The window `now` falls in, named by the second it ends."""
    return (int(now // rule.window_s) + 1) * rule.window_s


def _bucket_key(kind: str, who: str) -> str:
    """The row's key: a digest, so the table holds no principal identifiers of its own."""
    return hashlib.sha256(f"{kind}\0{who}".encode()).hexdigest()
