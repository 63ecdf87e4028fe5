"""Review tables: reviews (the whole review as a JSON document plus the columns we filter on), one row per confirmed
answer with its risk (for queries and reporting), and milestones (frozen snapshots). Migrations: 0002_reviews, and
0003_principals (a review belongs to a principal: `tenant` and `subject`, which every store query filters by)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.persistence.db import Base
from app.principal import MAX_SUBJECT_CHARS, MAX_TENANT_CHARS


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_principal", "tenant", "subject", "created_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(MAX_TENANT_CHARS))
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT_CHARS))
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)  # optimistic concurrency: every write says which version it saw
    lens_version: Mapped[str] = mapped_column(String(200))
    corpus_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(Text)  # app.review.models.Review as JSON
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewAnswerRow(Base):
    __tablename__ = "review_answers"

    review_id: Mapped[str] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    risk: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str] = mapped_column(Text)  # app.review.models.QuestionAnswer as JSON (confirmed)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewMilestoneRow(Base):
    __tablename__ = "review_milestones"
    __table_args__ = (UniqueConstraint("review_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    review_id: Mapped[str] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    review_version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)  # app.findings.milestones.Milestone as JSON
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
