"""Session 18's unseen set (tests/review/data/unseen/negated_forms.jsonl, docs/review-mapping.md "Session 18
(neg18)"), written before any code change of that round: double negatives whose inner statement is itself a bad state
("There's no X that isn't <bad>"), a "When/If/Once …" clause cut from its main clause by an inserted "though" or
"however", bad states with no negation word after a stated fact about the workload, claims taken back by a
boilerplate detail (a copy with only the date or name changed), negative sentences about something else asked about a
question with a single practice, "dump" meaning throw away against "dump" meaning copy everything, and a done sentence
or an explained absence beside "batch only". It judges the mapper only if it is well formed and nothing trains or
tunes on it."""

from __future__ import annotations

import json
from pathlib import Path

from app.lens.loader import load_lens

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "review" / "data" / "unseen" / "negated_forms.jsonl"
CLASSES = {
    "double_negative": "not_implemented",
    "double_negative_done": "implemented",
    "when_split": "not_implemented",
    "when_split_done": "implemented",
    "bad_after_fact": "not_implemented",
    "boilerplate": "not_implemented",
    "unrelated_negative": "cannot_determine",
    "related_negative": "not_implemented",
    "dump_discard": "implemented",
    "dump_copy": "not_implemented",
    "done_beside_fact": "implemented",
    "absence_stands": "cannot_determine",
}


def _rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_is_well_formed() -> None:
    lens = load_lens(ROOT / "corpus")
    rows = _rows()
    assert len({r["id"] for r in rows}) == len(rows) >= 40
    for row in rows:
        question = lens.question(str(row["question_id"]))
        assert question is not None, row["id"]
        expected_all = row["expected_all"]
        assert isinstance(expected_all, dict), row["id"]
        assert set(expected_all) <= {bp.id for bp in question.best_practices}, row["id"]
        assert row["expected"] == CLASSES[str(row["class"])] == expected_all[row["practice"]], row["id"]
        assert row["done"] is (row["expected"] == "implemented"), row["id"]
    assert set(CLASSES) == {r["class"] for r in rows}


def test_no_answer_of_the_set_is_trained_or_tuned_on() -> None:
    answers = {str(r["answer"])[:50] for r in _rows()}
    for path in (
        ROOT / "eval" / "review" / "dev.jsonl",
        ROOT / "eval" / "review" / "answers.jsonl",
        ROOT / "eval" / "polarity_reader" / "sentences.jsonl",
    ):
        text = path.read_text(encoding="utf-8")
        assert not [a for a in answers if a in text], path.name
