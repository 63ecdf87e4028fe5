"""Backups as JSON Lines: every row of every table the app owns (reviews, conversations, turns, citations, feedback,
API key hashes, ...), so the data outlives one database and moves between SQLite and PostgreSQL.

The first line is a header {"format": "mllens-backup", "version": 1, "revision": <Alembic head>, "tables": {...}};
each further line is {"table": NAME, "row": {column: value}}, parents before children. Every line is checked against
the committed JSON Schema (backup.schema.json, generated from the table definitions; a test keeps it current) when
written and when read. Left out, as state of the moment rather than data: rate-limit counts, Slack event dedupe rows,
one-time link codes and stream replay buffers. A module that adds tables is imported here as in migrations/env.py.

Import goes into a database at the same schema revision whose tables are empty, in one transaction; on PostgreSQL the
ID sequences are moved past the imported IDs so new rows do not collide."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from alembic.script import ScriptDirectory
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from sqlalchemy import Boolean, DateTime, Integer, String, Table, Text, func, insert, select, text
from sqlalchemy.sql.sqltypes import BigInteger

import app.persistence.models  # noqa: F401  (every table, as migrations/env.py imports them)
import app.persistence.rate_limits  # noqa: F401
import app.persistence.review_models  # noqa: F401
import app.persistence.slack_models  # noqa: F401
import app.persistence.widget_models  # noqa: F401
from app.errors import InvalidInput
from app.persistence.db import Base, Database
from app.persistence.migrate import alembic_config

FORMAT = "mllens-backup"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("backup.schema.json")
# State of the moment, not data: rate-limit counts, Slack's event dedupe, one-time link codes (minutes to live),
# replay buffers of answer streams.
SKIPPED = {"rate_limits", "slack_events", "identity_link_codes", "answer_streams"}
BATCH = 500


def tables() -> list[Table]:
    """The tables backed up, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return ",".join(sorted(heads))


def generated_schema() -> dict[str, Any]:
    """The JSON Schema of one backup line, from the table definitions."""
    rows = {table.name: _row_schema(table) for table in tables()}
    header = {
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "revision", "tables"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "revision": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "tables": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
        },
    }
    lines = [
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["table", "row"],
            "properties": {"table": {"const": name}, "row": {"$ref": f"#/$defs/{name}"}},
        }
        for name in rows
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ML Lens Assistant backup line (JSON Lines: a header, then one line per row)",
        "oneOf": [header, *lines],
        "$defs": rows,
    }


def write_schema() -> None:
    SCHEMA_PATH.write_text(json.dumps(generated_schema(), indent=2) + "\n", encoding="utf-8")


def _row_schema(table: Table) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required = []
    for column in table.columns:
        kind: dict[str, Any]
        if isinstance(column.type, Boolean):
            kind = {"type": "boolean"}
        elif isinstance(column.type, Integer | BigInteger):
            kind = {"type": "integer"}
        elif isinstance(column.type, DateTime):
            kind = {"type": "string", "format": "date-time"}
        elif isinstance(column.type, String | Text):
            kind = {"type": "string"}
            if isinstance(column.type, String) and column.type.length:
                kind["maxLength"] = column.type.length
        else:
            raise TypeError(f"{table.name}.{column.name}: no JSON type for {column.type!r}")
        if column.nullable:
            kind = {"anyOf": [kind, {"type": "null"}]}
        properties[column.name] = kind
        required.append(column.name)
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def export_lines(db: Database) -> Iterator[str]:
    """The backup, line by line (each checked against the schema)."""
    validator = _validator()
    with db.session() as session:
        counts = {t.name: int(session.scalar(select(func.count()).select_from(t)) or 0) for t in tables()}
        header = {
            "format": FORMAT,
            "version": VERSION,
            "revision": _current_revision(session),
            "created_at": datetime.now().astimezone().isoformat(),
            "tables": counts,
        }
        yield _checked(validator, header)
        for table in tables():
            order = list(table.primary_key.columns)
            for row in session.execute(select(table).order_by(*order)).mappings():
                yield _checked(validator, {"table": table.name, "row": {k: _to_json(v) for k, v in row.items()}})


def import_lines(db: Database, lines: Iterable[str]) -> dict[str, int]:
    """Load a backup into `db` (at the same schema revision, its tables empty). Returns rows per table."""
    validator = _validator()
    by_name = {t.name: t for t in tables()}
    pending: dict[str, list[dict[str, Any]]] = {name: [] for name in by_name}
    header: dict[str, Any] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"line {number}: not JSON ({exc.msg})") from None
        errors = sorted(validator.iter_errors(item), key=lambda e: list(e.path))
        if errors:
            raise InvalidInput(f"line {number}: does not match the backup schema: {_describe(errors)}")
        if header is None:
            if "format" not in item:
                raise InvalidInput("line 1: a backup starts with its header line")
            header = item
            continue
        if "format" in item:
            raise InvalidInput(f"line {number}: a second header")
        table = by_name[item["table"]]
        pending[table.name].append({k: _from_json(table, k, v) for k, v in item["row"].items()})
    if header is None:
        raise InvalidInput("the backup is empty")
    got = {name: len(rows) for name, rows in pending.items()}
    expected = {name: header["tables"].get(name, 0) for name in by_name}
    if got != expected:
        raise InvalidInput(f"the backup is incomplete: the header lists {expected}, the file holds {got}")
    with db.session() as session:
        revision = _current_revision(session)
        if header["revision"] != revision:
            raise InvalidInput(
                f"the backup is at schema revision {header['revision']}, this database at {revision}: "
                "import with the same version of mllens"
            )
        filled = [t.name for t in tables() if session.scalar(select(func.count()).select_from(t))]
        if filled:
            raise InvalidInput(f"the target database already has data in {', '.join(filled)}; import into an empty one")
        for table in tables():
            rows = pending[table.name]
            for start in range(0, len(rows), BATCH):
                session.execute(insert(table), rows[start : start + BATCH])
        if db.engine.dialect.name == "postgresql":
            _advance_sequences(session)
    return got


def _advance_sequences(session: Any) -> None:
    for table in tables():
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )


def _current_revision(session: Any) -> str:
    rows = session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(rows))


def _checked(validator: Draft202012Validator, item: dict[str, Any]) -> str:
    errors = list(validator.iter_errors(item))
    if errors:  # the schema file is stale or a column holds what its type does not allow
        raise InvalidInput(f"cannot export a line that does not match the backup schema: {_describe(errors)}")
    return json.dumps(item, ensure_ascii=False)


def _describe(errors: list[Any]) -> str:
    first = errors[0]
    where = "/".join(str(p) for p in first.absolute_path) or "line"
    return f"{where}: {first.message[:200]}"


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):  # stored in UTC; SQLite hands them back without a zone
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return value


def _from_json(table: Table, column: str, value: Any) -> Any:
    if value is not None and isinstance(table.columns[column].type, DateTime):
        return datetime.fromisoformat(value)
    return value


def write_backup(db: Database, out: TextIO) -> int:
    count = 0
    for line in export_lines(db):
        out.write(line + "\n")
        count += 1
    return count - 1
