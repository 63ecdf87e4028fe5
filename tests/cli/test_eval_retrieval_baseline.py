"""`mllens eval retrieval --no-naive --update-baseline` writes the hybrid figures and keeps the baseline's naive ones
(that run measured no naive pipeline), on the tiny lens with the hash embedder."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli
from app.settings import Settings


def test_no_naive_update_keeps_the_naive_figures(cli_env: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    rows = [
        {"id": "p1", "kind": "paraphrase", "question": "least privilege access to training data", "expected": []},
        {"id": "o1", "kind": "out_of_scope", "question": "What is the capital of France?", "expected": []},
    ]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    naive = {"kinds": {"paraphrase": {"n": 1, "recall@1": 0.5}}}
    baseline.write_text(json.dumps({"hybrid": {}, "naive": naive, "naive_chunks": 7}), encoding="utf-8")
    args = ["eval", "retrieval", "--file", str(questions), "--baseline", str(baseline), "--no-naive"]
    result = CliRunner().invoke(cli, [*args, "--update-baseline"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = json.loads(baseline.read_text(encoding="utf-8"))
    assert written["naive"] == naive and written["naive_chunks"] == 7
    assert written["hybrid"]["kinds"]["paraphrase"]["n"] == 1  # this run's hybrid figures
    assert "misses" not in written
