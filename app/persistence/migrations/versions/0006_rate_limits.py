"""hardening: rate limit counters shared by every instance (one row per bucket and time window)

Revision ID: 0006
Revises: 0005 (0004, the widget branch, was not on main yet when this was written)
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("bucket", sa.String(64), nullable=False),  # SHA-256 of "kind:tenant:subject[:detail]"
        sa.Column("window", sa.BigInteger(), nullable=False),  # epoch seconds // the rule's window length
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window"),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
