"""The fifteenth polarity round's unseen set (tests/review/data/unseen/world_knowledge.jsonl, read by
eval/polarity_ablation.py and eval/reader_variants.py): answers that speak against their practice in words whose
badness needs world knowledge or is one of the practice's own anti-patterns, and done controls, some with a "but"
about something else. It judges the mapper only if it is well formed and nothing trains or tunes on it: none of its
answers is a dev or original review row or a training sentence of the reader."""

from __future__ import annotations

import json
from pathlib import Path

from app.lens.loader import load_lens

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "review" / "data" / "unseen" / "world_knowledge.jsonl"
CLASSES = {"world": False, "anti_pattern": False, "done": True, "done_unrelated_but": True}


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_is_well_formed_and_covers_every_pillar() -> None:
    lens = load_lens(ROOT / "corpus")
    rows = _rows(SET)
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        question = lens.question(str(row["question_id"]))
        assert question is not None and row["practice"] in {bp.id for bp in question.best_practices}, row["id"]
        assert row["class"] in CLASSES and row["done"] is CLASSES[str(row["class"])], row["id"]
    against = [r for r in rows if not r["done"]]
    assert len(against) >= 60 and len({r["practice"] for r in against}) >= 50
    assert len({str(r["question_id"])[:-2] for r in against}) == 6  # MLOPS, MLSEC, MLREL, MLPERF, MLCOST, MLSUS
    assert len([r for r in rows if r["done"]]) >= 25
    assert len([r for r in rows if r["class"] == "done_unrelated_but"]) >= 8
    assert all(" but " in str(r["answer"]) for r in rows if r["class"] == "done_unrelated_but")


def test_no_answer_of_the_set_is_trained_or_tuned_on() -> None:
    answers = {str(r["answer"])[:50] for r in _rows(SET)}
    for path in (
        ROOT / "eval" / "review" / "dev.jsonl",
        ROOT / "eval" / "review" / "answers.jsonl",
        ROOT / "eval" / "polarity_reader" / "sentences.jsonl",
    ):
        text = path.read_text(encoding="utf-8")
        assert not [a for a in answers if a in text], path.name
