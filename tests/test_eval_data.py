"""The scope-gate and extractive-answer eval sets (eval/scope/, eval/ask/) are well formed: rows parse, ids are unique
across splits, no question appears twice (in one split or in two), every BP exists in the shipped lens, out-of-scope
rows name a known category and expect nothing, and every wanted sentence is one the lens really contains, as the
composer splits it. (eval/review/ is checked in tests/review/test_dev_data.py.) These tests only read the data; they
score nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.lens.loader import load_lens
from app.lens.models import BestPractice, Lens
from app.retrieval.sentences import QUOTED_SECTIONS, lens_sentences, split_sentences

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "eval"
IN_SCOPE_KINDS = {"paraphrase", "multi", "exact_id", "legacy_id", "long", "terse", "voice"}
OUT_OF_SCOPE_CATEGORIES = {"infra", "everyday", "mladj", "jail"}


@pytest.fixture(scope="module")
def lens() -> Lens:
    return load_lens(REPO / "corpus")


def _rows(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows, path
    return rows


def _unique_across(files: dict[str, Path], field: str) -> None:
    """No question twice, in one split or across splits (case and outer spaces ignored): a repeat counts one
    question twice, and one in both splits leaks the held-out split into development. A repeat across splits names
    neither the other row nor its split's wording, so a writer rewording it learns nothing of the split it must not
    read."""
    seen: dict[str, tuple[str, str]] = {}
    for split, path in files.items():
        for row in _rows(path):
            value = " ".join(row[field].lower().split())
            if value in seen:
                other_split, other_id = seen[value]
                where = other_id if other_split == split else "the other split"
                raise AssertionError(f"{row['id']}: {field} already in {where}; reword it")
            seen[value] = (split, row["id"])


def test_scope_rows_are_well_formed(lens: Lens) -> None:
    files = {"dev": EVAL / "scope" / "dev.jsonl", "heldout": EVAL / "scope" / "heldout.jsonl"}
    retrieval = [EVAL / "retrieval" / "questions.jsonl", EVAL / "retrieval" / "heldout.jsonl"]
    ids: set[str] = {row["id"] for path in retrieval for row in _rows(path)}
    for path in files.values():
        for row in _rows(path):
            assert {"id", "kind", "question", "expected"} <= row.keys(), row
            assert row["id"] not in ids, row["id"]
            ids.add(row["id"])
            assert row["question"].strip(), row["id"]
            if row["kind"] == "out_of_scope":
                assert row["expected"] == [], row["id"]
                assert row.get("category") in OUT_OF_SCOPE_CATEGORIES, row["id"]
            else:
                assert row["kind"] in IN_SCOPE_KINDS, row["id"]
                assert row["expected"], row["id"]
                assert len(set(row["expected"])) == len(row["expected"]), row["id"]
                assert all(lens.best_practice(bp) is not None for bp in row["expected"]), row["id"]
    _unique_across(files, "question")


def test_ask_rows_are_well_formed(lens: Lens) -> None:
    files = {"dev": EVAL / "ask" / "dev.jsonl", "heldout": EVAL / "ask" / "heldout.jsonl"}
    ids: set[str] = set()
    quotable = set(lens_sentences(lens))
    for path in files.values():
        for row in _rows(path):
            assert row["id"] not in ids, row["id"]
            ids.add(row["id"])
            bp = lens.best_practice(row["bp_id"])
            assert bp is not None, row["id"]
            own = _quotable(bp)
            assert row["wanted"], row["id"]
            # Any wanted sentence may come from another practice that says the same, but one must be the row's own.
            assert own & set(row["wanted"]), f"{row['id']}: no wanted sentence is a sentence of {row['bp_id']}"
            for wanted in row["wanted"]:
                assert wanted in own or wanted in quotable, f"{row['id']}: not a sentence of the lens: {wanted}"
            # A second blind reader's sentences that answer as directly: the row's own practice, none of `wanted`.
            for also in row.get("also", []):
                assert also in own, f"{row['id']}: also is not a sentence of {row['bp_id']}: {also}"
                assert also not in row["wanted"], f"{row['id']}: also repeats a wanted sentence: {also}"
    _unique_across(files, "question")


def test_a_wanted_sentence_that_is_not_in_the_lens_is_caught(lens: Lens) -> None:
    """The check above can fail: a sentence edited by one word is not found."""
    bp = lens.best_practice("MLCOST04-BP09")
    assert bp is not None
    sentences = _quotable(bp)
    real = "Start experimentation with smaller datasets on a small compute instance or local system."
    assert real in sentences
    assert real.replace("smaller", "small") not in sentences


def _quotable(bp: BestPractice) -> set[str]:
    """The sentences of one practice an extractive answer may quote."""
    return {s for section in QUOTED_SECTIONS for s in split_sentences(bp.section_text(section))}
