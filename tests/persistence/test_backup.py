"""Backups: `mllens export --all` writes every review, conversation, turn, citation, feedback row and key hash as
JSON Lines checked against the committed schema; `mllens import` restores them into an empty database, here from
SQLite into PostgreSQL, where everything reads back the same and new rows still get fresh IDs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.cli import cli
from app.errors import InvalidInput
from app.knowledge import KnowledgeBase
from app.main import create_app
from app.persistence.backup import SCHEMA_PATH, generated_schema, import_lines, tables
from app.persistence.db import Database
from app.services import build_services
from app.settings import Settings

PICKS = {"MLSEC03-BP01": "implemented", "MLSEC03-BP02": "not_implemented"}


def fill(settings: Settings, kb: KnowledgeBase, db: Database) -> dict[str, object]:
    """Real data through the API: a key, a conversation with a follow-up and feedback, a review with a confirmed
    answer and a milestone."""
    services = build_services(settings, kb=kb, db=db)
    _, key = services.keys.create("portal")
    with TestClient(create_app(settings, services)) as client:
        client.headers["authorization"] = f"Bearer {key}"
        first = client.post("/v1/ask", json={"question": "least privilege access to training data"}).json()
        client.post("/v1/ask", json={"question": "and encryption?", "conversation_id": first["conversation_id"]})
        client.post("/v1/feedback", json={"turn_id": first["turn_id"], "rating": "up", "comment": "clear ünïcødé"})
        turn = client.post("/v1/reviews", json={"profile": {"name": "fraud"}, "scope": {"pillars": ["sec"]}}).json()
        review_id = turn["review_id"]
        turn = client.post(f"/v1/reviews/{review_id}/turns", json={"expected_version": turn["version"], "picks": PICKS})
        turn = turn.json()
        confirm = {"expected_version": turn["version"], "action": {"type": "confirm"}}
        client.post(f"/v1/reviews/{review_id}/turns", json=confirm)
        client.post(f"/v1/reviews/{review_id}/milestones", json={"name": "before"})
        report = client.get(f"/v1/reviews/{review_id}/report", params={"format": "json"}).json()
        history = client.get(f"/v1/reviews/{review_id}").json()
    return {"key": key, "review_id": review_id, "report": report, "turn": history, "conversation": first}


def cli_env(monkeypatch: pytest.MonkeyPatch, settings: Settings, url: str) -> None:
    for name, value in {
        "MLLENS_CORPUS_DIR": settings.corpus_dir,
        "MLLENS_PROMPTS_DIR": settings.prompts_dir,
        "MLLENS_INDEX_DIR": settings.index_dir,
        "MLLENS_EMBEDDER": "hash",
        "MLLENS_DATABASE_URL": url,
    }.items():
        monkeypatch.setenv(name, str(value))


@pytest.mark.postgres
def test_a_backup_from_sqlite_restores_into_postgresql(
    tiny_settings: Settings,
    tiny_kb: KnowledgeBase,
    migrated_database: Callable[[str], Database],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    source, target = migrated_database("sqlite"), migrated_database("postgres")
    before = fill(tiny_settings, tiny_kb, source)
    backup = tmp_path / "backup.jsonl"
    cli_env(monkeypatch, tiny_settings, source.url)
    result = CliRunner().invoke(cli, ["export", "--all", "--out", str(backup)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in backup.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["format"] == "mllens-backup" and lines[0]["tables"]["reviews"] == 1
    assert {line["table"] for line in lines[1:]} >= {"api_keys", "conversations", "turns", "feedback", "reviews"}

    cli_env(monkeypatch, tiny_settings, target.url)
    result = CliRunner().invoke(cli, ["import", str(backup)])
    assert result.exit_code == 0, result.output
    for table in tables():
        with source.session() as a, target.session() as b:
            assert a.scalar(select(func.count()).select_from(table)) == b.scalar(
                select(func.count()).select_from(table)
            )

    services = build_services(tiny_settings, kb=tiny_kb, db=target)
    with TestClient(create_app(tiny_settings, services)) as client:
        client.headers["authorization"] = f"Bearer {before['key']}"  # the key still works: its hash came along
        review_id = before["review_id"]
        assert client.get(f"/v1/reviews/{review_id}").json() == before["turn"]
        after = client.get(f"/v1/reviews/{review_id}/report", params={"format": "json"}).json()
        assert {k: v for k, v in after.items() if k != "meta"} == {
            k: v
            for k, v in before["report"].items()
            if k != "meta"  # type: ignore[union-attr]
        }
        assert [m["name"] for m in client.get(f"/v1/reviews/{review_id}/milestones").json()["milestones"]] == ["before"]
        conversation = before["conversation"]
        follow_up = {"question": "and cost?", "conversation_id": conversation["conversation_id"]}  # type: ignore[index]
        new = client.post("/v1/ask", json=follow_up)
        assert new.status_code == 200 and new.json()["turn_id"] > conversation["turn_id"]  # type: ignore[index]

    # A second import into a database with data is refused, and nothing changes.
    with pytest.raises(InvalidInput, match="already has data"), backup.open(encoding="utf-8") as handle:
        import_lines(target, handle)


def test_a_damaged_backup_is_refused_with_the_line(
    tiny_settings: Settings, tiny_kb: KnowledgeBase, migrated_database: Callable[[str], Database], tmp_path: Path
) -> None:
    from app.persistence.backup import export_lines

    source = migrated_database("sqlite")
    fill(tiny_settings, tiny_kb, source)
    lines = list(export_lines(source))
    empty = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    from app.persistence.migrate import upgrade

    upgrade(empty)
    try:
        broken = [*lines[:2], json.dumps({"table": "reviews", "row": {"id": 5}}), *lines[2:]]
        with pytest.raises(InvalidInput, match="line 3: does not match the backup schema"):
            import_lines(empty, broken)
        with pytest.raises(InvalidInput, match="incomplete"):
            import_lines(empty, lines[:-1])
        with pytest.raises(InvalidInput, match="header"):
            import_lines(empty, lines[1:])
        assert import_lines(empty, lines)["reviews"] == 1
    finally:
        empty.dispose()


def test_the_committed_backup_schema_is_current() -> None:
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json.loads(json.dumps(generated_schema())), (
        "backup.schema.json is stale: run .venv/bin/python -c 'from app.persistence.backup import write_schema; "
        "write_schema()'"
    )
