"""A migrated database per test: SQLite always; PostgreSQL (a fresh schema on MLLENS_TEST_POSTGRES_URL) when set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.persistence.db import Database, normalise_url
from app.persistence.migrate import upgrade


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'persist.db'}")
        upgrade(db)
        yield db
        db.dispose()
        return
    url = os.environ.get("MLLENS_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("MLLENS_TEST_POSTGRES_URL is not set")
    yield from _postgres_schema(normalise_url(url))


def _postgres_schema(url: str) -> Iterator[Database]:
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    db = Database(scoped.render_as_string(hide_password=False))
    try:
        upgrade(db)
        yield db
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
