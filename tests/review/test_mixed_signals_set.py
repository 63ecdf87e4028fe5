"""The eighteenth polarity round's unseen set (tests/review/data/unseen/mixed_signals.jsonl, read by
eval/polarity_ablation.py and eval/reader_variants.py): a claim taken back by a later clause or sentence in new forms
("Or rather, …", "That was the idea anyway; …", "Correction: …"); a claim limited by a later clause ("apart from
…", "the search one just sits on two instances"); bad states in everyday words; a done clause and a not-done clause
about two practices of one question (`expected_all` holds both); and done sentences in everyday words. It judges the
mapper only if it is well formed and nothing trains or tunes on it: none of its answers is a dev or original review
row or a training sentence of the reader."""

from __future__ import annotations

import json
from pathlib import Path

from app.lens.loader import load_lens

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "review" / "data" / "unseen" / "mixed_signals.jsonl"
CLASSES = {
    "taken_back_later": "not_implemented",
    "limited_later": "partially_implemented",
    "everyday_bad": "not_implemented",
    "pair_two": "implemented",
    "everyday_done": "implemented",
}


def _rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_is_well_formed() -> None:
    lens = load_lens(ROOT / "corpus")
    rows = _rows()
    assert len({r["id"] for r in rows}) == len(rows) >= 30
    for row in rows:
        question = lens.question(str(row["question_id"]))
        assert question is not None, row["id"]
        practices = {bp.id for bp in question.best_practices}
        expected_all = row["expected_all"]
        assert isinstance(expected_all, dict) and set(expected_all) <= practices, row["id"]
        assert row["expected"] == CLASSES[str(row["class"])] == expected_all[row["practice"]], row["id"]
        assert row["done"] is (row["expected"] == "implemented"), row["id"]
        # a pair names a second practice of the same question, said not done
        assert (len(expected_all) == 2) is (row["class"] == "pair_two"), row["id"]
        assert all(v == "not_implemented" for k, v in expected_all.items() if k != row["practice"]), row["id"]
    assert all(len([r for r in rows if r["class"] == c]) >= 8 for c in CLASSES)


def test_no_answer_of_the_set_is_trained_or_tuned_on() -> None:
    answers = {str(r["answer"])[:50] for r in _rows()}
    for path in (
        ROOT / "eval" / "review" / "dev.jsonl",
        ROOT / "eval" / "review" / "answers.jsonl",
        ROOT / "eval" / "polarity_reader" / "sentences.jsonl",
    ):
        text = path.read_text(encoding="utf-8")
        assert not [a for a in answers if a in text], path.name
