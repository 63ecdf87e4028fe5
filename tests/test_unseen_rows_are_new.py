"""An unseen row measures the product only if nothing was tuned or judged on the same words: no row of an unseen set
(review answers, scope and override questions, ask questions) may repeat, up to case, spacing and punctuation, a row
of its eval's development or held-out split. The per-kind checkers compare exact text with the dev split only; this one
compares every unseen set of every kind with both splits.

The short terse rows below were written apart and happen to match an eval row word for word (a few words leave little
room). They are known and kept, so the sets' committed figures stay comparable; any other repeat fails, and so does a
listed row that no longer repeats (the list stays true). The test names the unseen rows only, never a held-out text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# kind -> (eval folder, unseen folder, the field holding the text in the eval rows and in the unseen rows)
KINDS = {
    "review": ("eval/review", "tests/review/data/unseen", "answer", "answer"),
    "scope": ("eval/scope", "tests/retrieval/data/unseen", "question", "text"),
    "ask": ("eval/ask", "tests/qa/data/unseen", "question", "question"),
}
SPLITS = ("dev.jsonl", "heldout.jsonl")

KNOWN = {
    "scope": {
        "s12t-i09",
        "s16t-i017",
        "s16t-i018",
        "s17-i006",
        "sc2-i011",
        "sc2-i034",
        "sc2-i042",
        "s13-i001",
        "s13-i005",
        "s13-o042",
        "s14-o030",
        "s15-it005",
        "s16t-i034",
    },
}


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _rows(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _repeats(kind: str) -> set[str]:
    eval_dir, unseen_dir, eval_field, unseen_field = KINDS[kind]
    judged = {
        _normal(str(row[eval_field]))
        for split in SPLITS
        for row in _rows(ROOT / eval_dir / split)
        if isinstance(row.get(eval_field), str)
    }
    return {
        str(row["id"])
        for path in sorted((ROOT / unseen_dir).glob("*.jsonl"))
        for row in _rows(path)
        if isinstance(row.get(unseen_field), str) and _normal(str(row[unseen_field])) in judged
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_unseen_row_repeats_a_development_or_held_out_row(kind: str) -> None:
    repeats = _repeats(kind)
    known = KNOWN.get(kind, set())
    assert not repeats - known, f"unseen rows repeating an eval row: {sorted(repeats - known)}"
    assert not known - repeats, f"listed as repeats but no longer repeating: {sorted(known - repeats)}"


def test_the_comparison_ignores_case_spacing_and_punctuation() -> None:
    assert _normal("How often  to RETRAIN?") == _normal("how often to retrain")
    assert _normal("Wie oft neu trainieren?") != _normal("how often to retrain")
    assert _normal("¿Con qué frecuencia?") == "con qué frecuencia"
