"""principals: conversations, turns, feedback and reviews belong to a (tenant, subject)

Existing rows are carried over: a conversation or feedback row with an API key ID becomes ("key:<id>", "<id>"), one
without becomes ("local", "local"); a turn takes its conversation's principal; a review's free-text owner "local"
becomes ("local", "local") and any other owner (an API key ID) becomes ("key:<id>", "<id>"). The owner leaves the
review's stored JSON state (the review's principal lives only in the columns).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TENANT = 100  # app.principal.MAX_TENANT_CHARS (a migration keeps its own copy of the figures it was written with)
SUBJECT = 200  # app.principal.MAX_SUBJECT_CHARS

_FROM_KEY_TENANT = "CASE WHEN {col} IS NULL THEN 'local' ELSE 'key:' || {col} END"
_FROM_KEY_SUBJECT = "COALESCE({col}, 'local')"


def _add_principal_columns(table: str) -> None:
    op.add_column(table, sa.Column("tenant", sa.String(TENANT), nullable=True))
    op.add_column(table, sa.Column("subject", sa.String(SUBJECT), nullable=True))


def upgrade() -> None:
    for table in ("conversations", "turns", "feedback", "reviews"):
        _add_principal_columns(table)
    op.execute(
        f"UPDATE conversations SET tenant = {_FROM_KEY_TENANT.format(col='api_key_id')}, "
        f"subject = {_FROM_KEY_SUBJECT.format(col='api_key_id')}"
    )
    op.execute(
        "UPDATE turns SET "
        "tenant = (SELECT c.tenant FROM conversations c WHERE c.id = turns.conversation_id), "
        "subject = (SELECT c.subject FROM conversations c WHERE c.id = turns.conversation_id)"
    )
    op.execute(
        f"UPDATE feedback SET tenant = {_FROM_KEY_TENANT.format(col='api_key_id')}, "
        f"subject = {_FROM_KEY_SUBJECT.format(col='api_key_id')}"
    )
    op.execute(
        "UPDATE reviews SET tenant = CASE WHEN owner = 'local' THEN 'local' ELSE 'key:' || owner END, subject = owner"
    )
    _rewrite_review_states(lambda state, _tenant, _subject: state.pop("owner", None))

    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_api_key_id")
        batch.drop_column("api_key_id")
        batch.alter_column("tenant", existing_type=sa.String(TENANT), nullable=False)
        batch.alter_column("subject", existing_type=sa.String(SUBJECT), nullable=False)
        batch.create_index("ix_conversations_principal", ["tenant", "subject"])
    with op.batch_alter_table("turns") as batch:
        batch.alter_column("tenant", existing_type=sa.String(TENANT), nullable=False)
        batch.alter_column("subject", existing_type=sa.String(SUBJECT), nullable=False)
        batch.create_index("ix_turns_principal", ["tenant", "subject"])
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("api_key_id")
        batch.alter_column("tenant", existing_type=sa.String(TENANT), nullable=False)
        batch.alter_column("subject", existing_type=sa.String(SUBJECT), nullable=False)
        batch.create_index("ix_feedback_principal", ["tenant", "subject"])
    with op.batch_alter_table("reviews") as batch:
        batch.drop_index("ix_reviews_owner")
        batch.drop_column("owner")
        batch.alter_column("tenant", existing_type=sa.String(TENANT), nullable=False)
        batch.alter_column("subject", existing_type=sa.String(SUBJECT), nullable=False)
        batch.create_index("ix_reviews_principal", ["tenant", "subject", "created_at"])


def downgrade() -> None:
    """Only local and API-key principals existed before 0003; rows of any other principal cannot be represented
    without handing them to someone else, so the downgrade refuses while they exist."""
    bind = op.get_bind()
    for table in ("conversations", "feedback", "reviews"):
        others = bind.execute(
            sa.text(f"SELECT COUNT(*) FROM {table} WHERE tenant <> 'local' AND tenant NOT LIKE 'key:%'")
        ).scalar()
        if others:
            raise RuntimeError(f"cannot downgrade below 0003: {table} has {others} rows of widget or Slack principals")

    op.add_column("conversations", sa.Column("api_key_id", sa.String(32), nullable=True))
    op.add_column("feedback", sa.Column("api_key_id", sa.String(32), nullable=True))
    op.add_column("reviews", sa.Column("owner", sa.String(64), nullable=True))
    key_id = "CASE WHEN tenant = 'local' THEN NULL ELSE subject END"
    op.execute(f"UPDATE conversations SET api_key_id = {key_id}")
    op.execute(f"UPDATE feedback SET api_key_id = {key_id}")
    op.execute("UPDATE reviews SET owner = subject")
    _rewrite_review_states(lambda state, _tenant, subject: state.update(owner=subject))

    with op.batch_alter_table("reviews") as batch:
        batch.drop_index("ix_reviews_principal")
        batch.drop_column("tenant")
        batch.drop_column("subject")
        batch.alter_column("owner", existing_type=sa.String(64), nullable=False)
        batch.create_index("ix_reviews_owner", ["owner"])
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_principal")
        batch.drop_column("tenant")
        batch.drop_column("subject")
        batch.create_foreign_key("fk_feedback_api_key_id", "api_keys", ["api_key_id"], ["id"])
    with op.batch_alter_table("turns") as batch:
        batch.drop_index("ix_turns_principal")
        batch.drop_column("tenant")
        batch.drop_column("subject")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_principal")
        batch.drop_column("tenant")
        batch.drop_column("subject")
        batch.create_foreign_key("fk_conversations_api_key_id", "api_keys", ["api_key_id"], ["id"])
        batch.create_index("ix_conversations_api_key_id", ["api_key_id"])


def _rewrite_review_states(change: Callable[[dict[str, Any], str, str], object]) -> None:
    """Apply `change(state, tenant, subject)` to every review's JSON state, row by row."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, tenant, subject, state FROM reviews")).all()
    for review_id, tenant, subject, state in rows:
        document = json.loads(state)
        change(document, tenant, subject)
        bind.execute(
            sa.text("UPDATE reviews SET state = :state WHERE id = :id"),
            {"state": json.dumps(document, separators=(",", ":")), "id": review_id},
        )
