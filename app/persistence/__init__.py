"""SQLAlchemy 2 persistence: engine and sessions, tables, Alembic migrations, and the stores built on them."""
