"""Engine and session factory for SQLite (default) or PostgreSQL (by URL), and the declarative `Base` of all tables.

Faults of the database itself (unreachable, restarting, a lock or statement past `timeout_s`, disk full, a pool with
no free connection, a SQLite file deleted or replaced under the running process) surface as DatabaseUnavailable
(503 + Retry-After at the API), never as a 500 and never as a write that silently goes nowhere. SQL parameters are
never written into error messages or logs (`hide_parameters`): they carry user answers."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app.errors import DatabaseUnavailable, SettingsProblem


class Base(DeclarativeBase):
    pass


def normalise_url(url: str) -> str:
    """`postgres://` and `postgresql://` mean psycopg 3 here (psycopg2 is not installed)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise SettingsProblem(
            "MLLENS_DATABASE_URL: the value is not a database URL: use sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
        ) from None


def is_unavailable(exc: BaseException) -> bool:
    """A fault of the database rather than of the statement: worth a retry later."""
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


SqliteSynchronous = Literal["full", "normal"]

# How long a starting process waits for another's schema change or switch to WAL on SQLite (app/persistence/migrate.py)
SQLITE_START_WAIT_S = 600.0
# A start-up wait longer than this is logged when it starts and when it ends or gives up (StartWait)
QUIET_WAIT_S = 1.0
logger = logging.getLogger(__name__)


class StartWait:
    """One start-up wait that outlasted QUIET_WAIT_S, logged: a line when it starts (what it waits for, for how long
    at most), a line when it ends (after how long), or a warning when it gives up. A wait that ends sooner is silent."""

    def __init__(self, log: logging.Logger, what: str, limit_s: float | None) -> None:
        self._log, self._what, self._started = log, what, time.monotonic()
        most = f"up to {limit_s:g} s" if limit_s is not None else "with no time limit"
        log.info("waiting for %s, %s", what, most)

    def ended(self) -> None:
        self._log.info("done waiting for %s after %.1f s", self._what, time.monotonic() - self._started)

    def gave_up(self) -> None:
        self._log.warning("gave up waiting for %s after %.1f s", self._what, time.monotonic() - self._started)


def is_sqlite_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY), raw or wrapped by SQLAlchemy."""
    raw = getattr(exc, "orig", exc)
    return (
        isinstance(raw, sqlite3.OperationalError) and getattr(raw, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
    )


def _name(file: Path | None) -> str:
    return file.name if file is not None else "the database"


class Database:
    def __init__(
        self, url: str, *, echo: bool = False, timeout_s: float = 5.0, sqlite_synchronous: SqliteSynchronous = "full"
    ) -> None:
        """`sqlite_synchronous` (SQLite only; see docs/performance.md): "full" fsyncs the write-ahead log at every
        commit, so a committed write survives a power loss or OS crash; "normal" fsyncs it only at checkpoints, so a
        commit survives the process being killed (the log is in the OS's page cache) but the last commits before a
        power loss or OS crash can be lost (the database stays consistent). Either way nothing is lost to kill -9."""
        url = normalise_url(url)
        parsed = parse_url(url)
        if sqlite_synchronous not in ("full", "normal"):
            raise ValueError(f"sqlite_synchronous must be 'full' or 'normal', not {sqlite_synchronous!r}")
        self.sqlite_synchronous = sqlite_synchronous
        kwargs: dict[str, Any] = {
            "echo": echo,
            # A network database's idle connection can die under the pool (a server restart); a SQLite file cannot.
            "pool_pre_ping": parsed.get_backend_name() != "sqlite",
            "hide_parameters": True,
            "pool_timeout": timeout_s,
        }
        self.file: Path | None = None
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                self.file = Path(parsed.database)
                self.file.parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": timeout_s}
        else:
            kwargs["connect_args"] = {"connect_timeout": max(1, round(timeout_s))}
        self.url = url
        self.timeout_s = timeout_s
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (ArgumentError, ModuleNotFoundError):  # no such dialect, or its driver is not installed
            raise SettingsProblem(
                f"MLLENS_DATABASE_URL: no database driver for {parsed.drivername!r} is installed: use "
                "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
            ) from None
        if self.is_sqlite:
            event.listen(self.engine, "connect", self._sqlite_pragmas)
        else:
            event.listen(self.engine, "connect", self._postgres_timeouts)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._identity: tuple[int, int] | None = None
        # The first connection may switch a new file to WAL while another process does the same or changes its
        # schema: it waits as long as a schema change would. Later connections find the file in WAL already.
        self._wal_wait_s, self._starting = SQLITE_START_WAIT_S, True
        if self.file is not None:
            with self.opening(), self.engine.connect():  # creates the file, so its identity can be pinned
                pass
            self._identity = _identity(self.file)
        self._wal_wait_s, self._starting = timeout_s, False

    @contextmanager
    def opening(self) -> Iterator[None]:
        """Opening the database and bringing its schema up at start: a fault of the database (unreachable, refused,
        a file that cannot be opened) is one DatabaseUnavailable naming the setting, the URL without its password and
        the driver's reason, which the CLI prints as one line instead of a traceback."""
        try:
            yield
        except SQLAlchemyError as exc:
            if not is_unavailable(exc):
                raise
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            shown = make_url(self.url).render_as_string(hide_password=True)
            raise DatabaseUnavailable(f"MLLENS_DATABASE_URL: cannot open the database at {shown}: {reason}") from None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def _faults_typed(self) -> Iterator[None]:
        """Checks the SQLite file, then turns database faults raised inside into DatabaseUnavailable."""
        self.check_file()
        try:
            yield
        except SQLAlchemyError as exc:
            if is_unavailable(exc):
                raise DatabaseUnavailable(_describe(exc)) from exc
            raise

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error; database faults become DatabaseUnavailable."""
        with self._faults_typed(), self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for a read on every request's path (the API key checks): no ORM session and no explicit
        transaction, about a quarter of a session's CPU; faults become DatabaseUnavailable as with `session`."""
        with self._faults_typed(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in a transaction that commits on success and rolls back on error, without an ORM session: for
        the writes on every answer's path (a turn and its citations), about half a session's CPU; faults become
        DatabaseUnavailable as with `session`."""
        with self._faults_typed(), self.engine.begin() as connection:
            yield connection

    def check_file(self) -> None:
        """SQLite only: the file opened at start must still be the one at its path. A deleted file would keep taking
        writes into an unlinked inode (lost at exit); a replaced one would be written behind the new file's back."""
        if self.file is None:
            return
        if _identity(self.file) != self._identity:
            raise DatabaseUnavailable(
                f"the database file {self.file.name} was deleted or replaced while the service ran; restart it"
            )

    def is_reachable(self) -> bool:
        try:
            self.check_file()
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except (SQLAlchemyError, DatabaseUnavailable):
            return False

    def check_ready(self) -> None:
        """Raises DatabaseUnavailable unless the database can be read and written now: the file is the one opened at
        start (SQLite), a read works, and a write (a no-op update of Alembic's version row, rolled back) gets its
        lock within the timeout on a database that is not read-only."""
        with self.session() as session:
            session.execute(text("SELECT 1"))
            session.execute(text("UPDATE alembic_version SET version_num = version_num"))
            session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()

    def _sqlite_pragmas(self, dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers run while a turn is written; foreign keys are off by default in SQLite. A writer waits at
        # most timeout_s for the lock, then the request gets a 503 (not a worker held for 30 s).
        cursor = dbapi_connection.cursor()
        self._switch_to_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(self.timeout_s * 1000)}")
        cursor.execute(f"PRAGMA synchronous={self.sqlite_synchronous.upper()}")
        cursor.close()

    def _switch_to_wal(self, cursor: Any) -> None:
        """PRAGMA journal_mode=WAL, retried while the file is busy, for at most `_wal_wait_s`. On a file still in
        rollback mode the switch writes the header in a write transaction: while another connection holds the write
        lock (another process switching the same new file, or changing its schema, on a slow or loaded disk) SQLite
        answers "database is locked" at once, without waiting in the busy handler (that could deadlock), and when the
        other holds it exclusively the busy handler gives up after timeout_s. Either way the other's switch or schema
        change ends, and then this one goes through (a no-op when the other switched the file already)."""
        started = time.monotonic()
        deadline = started + self._wal_wait_s
        pause = 0.005
        waiting: StartWait | None = None
        while True:
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                if waiting is not None:
                    waiting.ended()
                return
            except sqlite3.OperationalError as exc:
                if not is_sqlite_busy(exc) or time.monotonic() >= deadline:
                    if waiting is not None:
                        waiting.gave_up()
                    raise
            if waiting is None and time.monotonic() - started >= QUIET_WAIT_S:
                waiting = StartWait(
                    logger,
                    f"the switch of {_name(self.file)} to WAL (another process holds its lock)",
                    self._wal_wait_s,
                )
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, 0.1)

    def _postgres_timeouts(self, dbapi_connection: Any, _record: Any) -> None:
        # A lock wait past timeout_s fails (55P03) rather than holding a worker; a runaway statement likewise.
        ms = int(self.timeout_s * 1000)
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET lock_timeout = {ms}")
        cursor.execute(f"SET statement_timeout = {ms * 3}")
        cursor.close()
        dbapi_connection.autocommit = autocommit


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _describe(exc: SQLAlchemyError) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in text_ or "lock timeout" in text_ or "lock_timeout" in text_:
        return "the database is busy (a lock was held too long); retry shortly"
    if "disk" in text_ and "full" in text_:
        return "the database cannot write (disk full); retry later"
    return "the database is not available; retry shortly"
