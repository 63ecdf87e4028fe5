"""Alembic environment: runs on the connection handed over by app.persistence.migrate (no alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from app.persistence.db import normalise_url
from app.persistence.migrate import tables

target_metadata = tables()  # every table of the application (a new SQLite database is created from the same)


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
