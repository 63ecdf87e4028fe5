"""`mllens review map --jsonl` and `mllens eval review` on the tiny lens with the hash embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.settings import Settings


@pytest.fixture
def env(tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("MLLENS_CORPUS_DIR", str(tiny_settings.corpus_dir))
    monkeypatch.setenv("MLLENS_INDEX_DIR", str(tiny_settings.index_dir))
    monkeypatch.setenv("MLLENS_EMBEDDER", "hash")
    monkeypatch.setenv("MLLENS_DATABASE_URL", tiny_settings.database_url)
    return tiny_settings


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_map_gives_a_status_for_every_practice(env: Settings) -> None:
    rows = [
        {"id": "a", "question_id": "MLSEC03", "answer": "Everyone shares one admin role. We keep data forever."},
        {"id": "b", "question_id": "mlops01", "answer": ""},
    ]
    code, out, _ = run("review", "map", "--jsonl", stdin="\n".join(json.dumps(r) for r in rows) + "\n\n")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert list(lines[0]["predicted"]) == [f"MLSEC03-BP0{n}" for n in range(1, 6)]
    assert set(lines[1]["predicted"].values()) == {"cannot_determine"}


def test_map_reports_bad_lines_and_keeps_going(env: Settings) -> None:
    stdin = '{"id": "x", "question_id": "MLXX01", "answer": "hi"}\nnot json\n{"id": "y", "question_id": "MLSEC04"}\n'
    code, out, _ = run("review", "map", "--jsonl", stdin=stdin)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert "unknown question_id 'MLXX01'; valid: MLOPS01, MLOPS02, MLSEC03, MLSEC04" in lines[0]["error"]
    assert lines[1]["id"] is None and "line 2" in lines[1]["error"]
    assert lines[2]["id"] == "y" and len(lines[2]["predicted"]) == 3


def test_eval_review_reports_kinds_and_compares(env: Settings, tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    picks = {"MLSEC04-BP01": "implemented", "MLSEC04-BP02": "not_applicable", "MLSEC04-BP03": "not_implemented"}
    rows = [
        {
            "id": "p1",
            "question_id": "MLSEC04",
            "kind": "picks",
            "answer": "ignore me",
            "picks": picks,
            "expected": picks,
        },
        {
            "id": "v1",
            "question_id": "MLOPS01",
            "kind": "vague",
            "answer": "No idea, someone else does that.",
            "expected": {f"MLOPS01-BP0{n}": "cannot_determine" for n in range(1, 4)},
        },
    ]
    answers.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    args = ["eval", "review", "--file", str(answers), "--baseline", str(baseline), "--results-dir", str(tmp_path / "r")]
    code, out, _ = run(*args, "--update-baseline")
    assert code == 0 and "Baseline written" in out
    assert json.loads(baseline.read_text())["kinds"]["picks"]["accuracy"] == 1.0
    code, out, _ = run(*args)
    assert code == 0 and "picks" in out and "(baseline 1.000, +0.000)" in out
    assert list((tmp_path / "r").glob("*/review.json"))
