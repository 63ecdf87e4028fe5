from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli
from app.settings import Settings


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_lens_show_bp_and_legacy_and_question(cli_env: Settings) -> None:
    code, out, _ = run("lens", "show", "mlsec 03 bp 1")
    assert code == 0
    assert "MLSEC03-BP01 Provide least privilege access" in out
    assert "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/mlsec03-bp01.html" in out
    assert "Amazon.com" in out  # attribution
    code, out, _ = run("lens", "show", "MLOE-01")
    assert code == 0 and "MLOPS01-BP01" in out
    code, out, _ = run("lens", "show", "MLSEC04")
    assert code == 0 and "MLSEC04-BP03" in out


def test_unknown_id_is_a_clear_error(cli_env: Settings) -> None:
    code, out, err = run("lens", "show", "MLSEC99-BP01")
    assert code == 1
    assert "unknown lens ID 'MLSEC99-BP01'" in err and "Traceback" not in out + err


def test_search_text_and_json(cli_env: Settings) -> None:
    code, out, _ = run("search", "least privilege access", "--k", "2")
    assert code == 0 and "MLSEC03-BP01" in out and "https://" in out
    code, out, _ = run("search", "least privilege access", "--json", "--pillar", "sec")
    payload = json.loads(out)
    assert payload["hits"] and all(h["pillar"] == "sec" for h in payload["hits"])


def test_empty_query_is_a_usage_error(cli_env: Settings) -> None:
    code, _, err = run("search", "   ")
    assert code == 2 and "QUERY is empty" in err
    code, _, err = run("search", "x", "--k", "0")
    assert code == 2


def test_search_jsonl_shape(cli_env: Settings) -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "a", "question": "least privilege access"}),
            json.dumps({"id": "b", "question": "MLOE-01"}),
            json.dumps({"id": "c", "question": "asdf qwerty"}),
        ]
    )
    code, out, _ = run("search", "--jsonl", "--k", "3", stdin=lines)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    for row in rows:
        assert set(row) == {"id", "results", "out_of_scope"}
        assert all(set(r) == {"bp_id", "title", "score"} for r in row["results"])
    assert rows[1]["results"][0]["bp_id"] == "MLOPS01-BP01"
    assert rows[2]["out_of_scope"] is True


def test_search_jsonl_bad_lines_are_reported_and_fail(cli_env: Settings) -> None:
    code, out, _ = run("search", "--jsonl", stdin='{"id": "x", "question": ""}\nnot json\n')
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["id"] == "x" and "question" in rows[0]["error"]
    assert rows[1]["id"] is None and "line 2" in rows[1]["error"]


def test_ingest_writes_an_index(cli_env: Settings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MLLENS_INDEX_DIR", str(tmp_path / "idx"))
    code, out, _ = run("ingest", "--quiet")
    assert code == 0 and "best practices" in out
    assert (tmp_path / "idx" / "manifest.json").exists()
    code, out, _ = run("search", "least privilege", "--k", "1")
    assert code == 0 and "MLSEC03" in out


def test_missing_index_says_run_ingest(cli_env: Settings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MLLENS_INDEX_DIR", str(tmp_path / "none"))
    code, _, err = run("search", "anything")
    assert code == 1 and "mllens ingest" in err


def test_invalid_settings_are_a_clear_error(cli_env: Settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MLLENS_RELEVANCE_THRESHOLD", "2")
    code, out, err = run("search", "anything")
    assert code == 1 and "invalid settings: relevance_threshold" in err and "Traceback" not in out + err
    monkeypatch.setenv("MLLENS_RELEVANCE_THRESHOLD", "0.3")
    monkeypatch.setenv("MLLENS_ENV", "prod")
    code, _, err = run("search", "anything")
    assert code == 1 and "MLLENS_EMBEDDER=hash" in err
