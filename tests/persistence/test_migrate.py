from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from app.persistence.db import Database, normalise_url
from app.persistence.migrate import downgrade, is_at_head, upgrade

REPO = Path(__file__).resolve().parents[2]


def test_migrations_create_the_tables_and_are_idempotent(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"api_keys", "conversations", "turns", "citations", "feedback", "alembic_version"} <= tables
    assert is_at_head(database)
    upgrade(database)  # a second start is a no-op
    assert is_at_head(database)


def test_migrations_go_down_and_up_again(database: Database) -> None:
    downgrade(database, "base")
    assert "turns" not in inspect(database.engine).get_table_names()
    upgrade(database)
    assert is_at_head(database) and database.is_reachable()


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_the_heads_read_from_the_scripts_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    from app.persistence.migrate import _file_heads, alembic_config

    assert _file_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_start_on_a_database_at_head_does_not_load_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(Database(url))  # a new database: Alembic creates the schema
    check = (
        "import sys; from app.persistence.db import Database; from app.persistence.migrate import upgrade; "
        f"upgrade(Database({url!r})); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", check], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_a_database_behind_head_is_still_upgraded(database: Database) -> None:
    downgrade(database, "0005")
    assert not is_at_head(database)
    upgrade(database)
    assert is_at_head(database)
