"""Tables added for the web widget (migration 0004): answer_streams, a finished streamed answer kept under its stream
ID so a client that lost the connection (a reload, a dropped network) can replay it from its Last-Event-ID."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.db import Base
from app.persistence.models import utcnow


class AnswerStream(Base):
    __tablename__ = "answer_streams"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(200))
    # The server defaults are migration 0004's, so a new database built from these definitions has the same schema.
    finished: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    frames: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON list of [event name, data]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
