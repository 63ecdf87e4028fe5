"""The sixteenth polarity round's unseen set (tests/review/data/unseen/contrast_halves.jsonl, read by
eval/polarity_ablation.py and eval/reader_variants.py): done answers with a "but"/"though"/"except" whose other half is
about another practice, another question or a fact; true partials whose contrast speaks against the same practice; and
answers that speak against their practice in new forms. It judges the mapper only if it is well formed and nothing
trains or tunes on it: none of its answers is a dev or original review row or a training sentence of the reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.lens.loader import load_lens

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "review" / "data" / "unseen" / "contrast_halves.jsonl"
CLASSES = {
    "done_other_half": "implemented",
    "partial_same": "partially_implemented",
    "against_new": "not_implemented",
}
CONTRAST = re.compile(r"\b(?:but|though|although|except)\b")


def _rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_is_well_formed() -> None:
    lens = load_lens(ROOT / "corpus")
    rows = _rows()
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        question = lens.question(str(row["question_id"]))
        assert question is not None and row["practice"] in {bp.id for bp in question.best_practices}, row["id"]
        assert row["expected"] == CLASSES[str(row["class"])], row["id"]
        assert row["done"] is (row["expected"] == "implemented"), row["id"]
    counts = {c: [r for r in rows if r["class"] == c] for c in CLASSES}
    assert len(counts["done_other_half"]) >= 20 and len(counts["partial_same"]) >= 15
    assert len(counts["against_new"]) >= 15
    assert all(CONTRAST.search(str(r["answer"])) for r in counts["done_other_half"] + counts["partial_same"])


def test_no_answer_of_the_set_is_trained_or_tuned_on() -> None:
    answers = {str(r["answer"])[:50] for r in _rows()}
    for path in (
        ROOT / "eval" / "review" / "dev.jsonl",
        ROOT / "eval" / "review" / "answers.jsonl",
        ROOT / "eval" / "polarity_reader" / "sentences.jsonl",
    ):
        text = path.read_text(encoding="utf-8")
        assert not [a for a in answers if a in text], path.name
