"""web widget: widget keys (kind, allowed origins, user-token secret), feedback on drafted findings, answer streams
kept for replay

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="secret"))
        batch.add_column(sa.Column("allowed_origins", sa.Text, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("user_token_secret", sa.String(128), nullable=True))
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("turn_id", existing_type=sa.Integer, nullable=True)
        batch.add_column(sa.Column("review_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("finding_id", sa.String(40), nullable=True))
        batch.create_foreign_key("fk_feedback_review_id", "reviews", ["review_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_feedback_review_id", ["review_id"])
    op.create_table(
        "answer_streams",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("finished", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("frames", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_answer_streams_created_at", "answer_streams", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_answer_streams_created_at", table_name="answer_streams")
    op.drop_table("answer_streams")
    op.execute("DELETE FROM feedback WHERE turn_id IS NULL")  # finding feedback has no place before 0004
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_review_id")
        batch.drop_constraint("fk_feedback_review_id", type_="foreignkey")
        batch.drop_column("finding_id")
        batch.drop_column("review_id")
        batch.alter_column("turn_id", existing_type=sa.Integer, nullable=False)
    op.execute("DELETE FROM api_keys WHERE kind = 'widget'")  # not usable as secret keys
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("user_token_secret")
        batch.drop_column("allowed_origins")
        batch.drop_column("kind")
