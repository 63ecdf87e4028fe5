"""Alembic environment: runs on the connection handed over by app.persistence.migrate (no alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import app.persistence.models  # noqa: F401  (registers the tables on Base.metadata)
import app.persistence.rate_limits  # noqa: F401  (rate limit counters, migration 0006)
import app.persistence.review_models  # noqa: F401  (review tables, migration 0002)
import app.persistence.slack_models  # noqa: F401  (Slack events and threads, identity links: migration 0005)
import app.persistence.widget_models  # noqa: F401  (widget tables, migration 0004)
from app.persistence.db import Base, normalise_url

# Other packages' tables (e.g. reviews) are imported here too when they add their migrations.
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch mode for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(normalise_url(context.config.get_main_option("sqlalchemy.url") or ""))
    with engine.begin() as conn:
        _run(conn)
