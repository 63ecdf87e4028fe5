"""reviews, review answers, review milestones

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("lens_version", sa.String(200), nullable=False),
        sa.Column("corpus_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reviews_owner", "reviews", ["owner"])
    op.create_table(
        "review_answers",
        sa.Column("review_id", sa.String(64), sa.ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("question_id", sa.String(16), primary_key=True),
        sa.Column("risk", sa.String(16), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_milestones",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("review_id", sa.String(64), sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("review_version", sa.Integer, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("review_id", "name"),
    )
    op.create_index("ix_review_milestones_review_id", "review_milestones", ["review_id"])


def downgrade() -> None:
    op.drop_index("ix_review_milestones_review_id", table_name="review_milestones")
    op.drop_table("review_milestones")
    op.drop_table("review_answers")
    op.drop_index("ix_reviews_owner", table_name="reviews")
    op.drop_table("reviews")
