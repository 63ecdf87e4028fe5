"""The session-16 unseen set of terse questions (docs/scope-gate.md, "Session 16"): its shape, and that it stays
unseen (no question repeats a development row, so scoring it says something about new wording)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests/retrieval/data/unseen/sco16_terse_gate.jsonl"
DEV = (ROOT / "eval/scope/dev.jsonl", ROOT / "eval/retrieval/questions.jsonl")


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def test_the_set_is_terse_and_balanced() -> None:
    rows = _rows(SET)
    assert len({r["id"] for r in rows}) == len(rows)
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["in_scope"] >= 40 and kinds["out_of_scope"] >= 40
    assert all(2 <= len(r["text"].split()) <= 8 for r in rows)
    outside = Counter(r["form"] for r in rows if r["kind"] == "out_of_scope")
    assert set(outside) == {"it_ops", "everyday", "ml_trivia", "jailbreak"}


def test_no_question_repeats_a_development_row() -> None:
    dev = {_normal(row["question"]) for path in DEV for row in _rows(path)}
    assert not [r["text"] for r in _rows(SET) if _normal(r["text"]) in dev]
