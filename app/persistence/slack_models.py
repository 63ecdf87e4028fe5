"""Tables for the Slack edge and identity links (migration 0005): delivered event IDs (dedupe across instances and
restarts), Slack threads bound to a conversation or a review, one-time link codes, identity links and their audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.db import Base


class SlackEventRow(Base):
    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # Slack's Ev…, unique per delivery target
    team_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SlackThreadRow(Base):
    __tablename__ = "slack_threads"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "conversation" | "review"
    user_id: Mapped[str] = mapped_column(String(32))  # who started it; only they may act in a review thread
    conversation_id: Mapped[str | None] = mapped_column(String(64), default=None)
    review_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IdentityLinkCodeRow(Base):
    __tablename__ = "identity_link_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the code; never the code
    tenant: Mapped[str] = mapped_column(String(200))  # the principal that asked for the code (a Slack user)
    subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class IdentityLinkRow(Base):
    __tablename__ = "identity_links"

    tenant: Mapped[str] = mapped_column(String(200), primary_key=True)  # the linked principal (a Slack user)
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    target_tenant: Mapped[str] = mapped_column(String(200))  # who it acts as (the widget user)
    target_subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IdentityAuditRow(Base):
    __tablename__ = "identity_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(32))  # code_created | linked | unlinked | redeem_refused
    tenant: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    target_tenant: Mapped[str | None] = mapped_column(String(200), default=None)
    target_subject: Mapped[str | None] = mapped_column(String(200), default=None)
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
