"""hardening: index rate_limits.window, so the prune of windows that are over does not scan the table

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_rate_limits_window", "rate_limits", ["window"])


def downgrade() -> None:
    op.drop_index("ix_rate_limits_window", table_name="rate_limits")
