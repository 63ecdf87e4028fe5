"""Tables: api_keys, conversations, turns, citations, feedback. Changes need a new migration in migrations/versions.

Conversations, turns and feedback belong to a principal (app.principal): the `tenant` and `subject` columns, which
every store query filters by."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.persistence.db import Base
from app.principal import MAX_SUBJECT_CHARS, MAX_TENANT_CHARS


def utcnow() -> datetime:
    return datetime.now(UTC)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16))  # shown in listings; the key itself is never stored
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # Migration 0004: "secret" (server-to-server) or "widget" (publishable, bound to origins, with the secret the
    # host portal's backend signs user tokens with; that secret is stored because the server must verify them).
    kind: Mapped[str] = mapped_column(String(16), default="secret", server_default="secret")
    allowed_origins: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON list (widget keys)
    user_token_secret: Mapped[str | None] = mapped_column(String(128), default=None)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_principal", "tenant", "subject"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(MAX_TENANT_CHARS))
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT_CHARS))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    turns: Mapped[list[Turn]] = relationship(back_populates="conversation", order_by="Turn.position")


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("conversation_id", "position"), Index("ix_turns_principal", "tenant", "subject"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    tenant: Mapped[str] = mapped_column(String(MAX_TENANT_CHARS))  # the conversation's principal
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT_CHARS))
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    resolved_question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    refused: Mapped[bool] = mapped_column(Boolean)
    mode: Mapped[str] = mapped_column(String(16))
    model: Mapped[str | None] = mapped_column(String(200), default=None)
    prompt_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    notice: Mapped[str | None] = mapped_column(Text, default=None)
    citations_removed: Mapped[str] = mapped_column(Text, default="")  # comma-separated BP IDs
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    conversation: Mapped[Conversation] = relationship(back_populates="turns")
    citations: Mapped[list[CitationRow]] = relationship(
        back_populates="turn", order_by="CitationRow.position", cascade="all, delete-orphan"
    )


class CitationRow(Base):
    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    bp_id: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(40))
    url: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    turn: Mapped[Turn] = relationship(back_populates="citations")


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_principal", "tenant", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # On an answer (turn_id) or, since migration 0004, on a review's drafted finding (review_id + finding_id).
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True, default=None)
    review_id: Mapped[str | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE", name="fk_feedback_review_id"), index=True, default=None
    )  # named as migration 0004 names it, so its downgrade can drop it from a database built from these definitions
    finding_id: Mapped[str | None] = mapped_column(String(40), default=None)
    tenant: Mapped[str] = mapped_column(String(MAX_TENANT_CHARS))  # who gave it (the turn's principal)
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT_CHARS))
    rating: Mapped[int] = mapped_column(Integer)  # +1 helpful, -1 not helpful
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
