"""Answer streams kept for replay: a row is opened when an SSE answer starts and filled with its frames when it ends
(in the database, so any instance can replay it). Another principal gets "not found". Rows older than a day go."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict, InvalidInput, NotFound
from app.persistence.db import Database
from app.persistence.models import utcnow
from app.persistence.widget_models import AnswerStream
from app.principal import Principal

STREAM_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP = timedelta(days=1)
Frame = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class StoredStream:
    finished: bool
    frames: list[Frame]


def check_stream_id(stream_id: str) -> str:
    if not STREAM_ID.match(stream_id):
        raise InvalidInput("a stream ID is 16 to 64 letters, digits, '-' or '_'")
    return stream_id


class SqlStreamStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def open(self, stream_id: str, principal: Principal) -> None:
        """Raises Conflict when the ID is taken (IDs are random; a clash means a client reused one)."""
        check_stream_id(stream_id)
        try:
            with self._db.session() as session:
                session.execute(delete(AnswerStream).where(AnswerStream.created_at < utcnow() - KEEP))
                session.add(AnswerStream(id=stream_id, tenant=principal.tenant, subject=principal.subject))
        except IntegrityError:
            raise Conflict(f"stream {stream_id} already exists; use a new stream ID") from None

    def finish(self, stream_id: str, frames: list[Frame]) -> None:
        with self._db.session() as session:
            row = session.get(AnswerStream, stream_id)
            if row is not None:
                row.frames = json.dumps(frames, ensure_ascii=False)
                row.finished = True

    def find(self, stream_id: str, principal: Principal) -> StoredStream:
        """Raises NotFound for an unknown stream or another principal's."""
        check_stream_id(stream_id)
        with self._db.session() as session:
            row = session.get(AnswerStream, stream_id)
            if row is None or (row.tenant, row.subject) != (principal.tenant, principal.subject):
                raise NotFound(f"no answer stream {stream_id}")
            frames = [(name, data) for name, data in json.loads(row.frames)]
            return StoredStream(row.finished, frames)
