"""Slack edge state in the database, so it holds across app instances and restarts: which event IDs were already
taken (Slack retries an event until it is acknowledged), and which conversation or review each Slack thread holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.persistence.db import Database
from app.persistence.slack_models import SlackEventRow, SlackThreadRow

EVENT_MEMORY = timedelta(days=1)  # Slack retries within minutes; a day is ample and keeps the table small
PRUNE_EVERY = 500  # prune old event IDs once per this many new ones (per process)

ThreadKind = Literal["conversation", "review"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SlackThread:
    team_id: str
    channel_id: str
    thread_ts: str
    kind: ThreadKind
    user_id: str
    conversation_id: str | None = None
    review_id: str | None = None


class SlackStateStore:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self._db = db
        self._clock = clock
        self._taken = 0

    def claim_event(self, event_id: str, team_id: str) -> bool:
        """True the first time an event ID is seen by any instance; False for a retry. One INSERT on the primary
        key, so two instances racing on the same retry cannot both win."""
        try:
            with self._db.session() as session:
                session.add(SlackEventRow(event_id=event_id, team_id=team_id, received_at=self._clock()))
        except IntegrityError:
            return False
        self._taken += 1
        if self._taken % PRUNE_EVERY == 0:
            self.prune_events()
        return True

    def prune_events(self) -> int:
        with self._db.session() as session:
            result = session.execute(
                delete(SlackEventRow).where(SlackEventRow.received_at < self._clock() - EVENT_MEMORY)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def thread(self, team_id: str, channel_id: str, thread_ts: str) -> SlackThread | None:
        with self._db.session() as session:
            row = session.get(SlackThreadRow, (team_id, channel_id, thread_ts))
            return _thread(row) if row else None

    def bind(self, thread: SlackThread) -> SlackThread:
        """Bind a thread; if another request bound it first, keep theirs and return it."""
        try:
            with self._db.session() as session:
                session.add(
                    SlackThreadRow(
                        team_id=thread.team_id,
                        channel_id=thread.channel_id,
                        thread_ts=thread.thread_ts,
                        kind=thread.kind,
                        user_id=thread.user_id,
                        conversation_id=thread.conversation_id,
                        review_id=thread.review_id,
                        created_at=self._clock(),
                    )
                )
            return thread
        except IntegrityError:
            existing = self.thread(thread.team_id, thread.channel_id, thread.thread_ts)
            assert existing is not None
            return existing

    def set_conversation(self, team_id: str, channel_id: str, thread_ts: str, conversation_id: str) -> None:
        with self._db.session() as session:
            session.execute(
                update(SlackThreadRow)
                .where(
                    SlackThreadRow.team_id == team_id,
                    SlackThreadRow.channel_id == channel_id,
                    SlackThreadRow.thread_ts == thread_ts,
                )
                .values(conversation_id=conversation_id)
            )

    def review_threads(self, team_id: str, review_id: str) -> list[SlackThread]:
        with self._db.session() as session:
            rows = session.scalars(
                select(SlackThreadRow).where(SlackThreadRow.team_id == team_id, SlackThreadRow.review_id == review_id)
            ).all()
            return [_thread(r) for r in rows]


def _thread(row: SlackThreadRow) -> SlackThread:
    kind: ThreadKind = "review" if row.kind == "review" else "conversation"
    return SlackThread(
        row.team_id, row.channel_id, row.thread_ts, kind, row.user_id, row.conversation_id, row.review_id
    )
