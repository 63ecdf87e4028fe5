"""The project's own development answers (tests/review/data) are well formed: one status per practice of the question.
They are for tuning the no-LLM mapper; eval/review/answers.jsonl is only ever measured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.lens.loader import load_lens
from app.review.models import BPStatus

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.jsonl")), ids=lambda p: p.name)
def test_dev_rows_are_well_formed(path: Path) -> None:
    lens = load_lens(REPO / "corpus")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        question = lens.question(row["question_id"])
        assert question is not None, row["id"]
        assert list(row["expected"]) == [bp.id for bp in question.best_practices], row["id"]
        assert all(BPStatus(s) for s in row["expected"].values())
        assert row["kind"] in {"free_text", "vague", "not_applicable", "picks"}
