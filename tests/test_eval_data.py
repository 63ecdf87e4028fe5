"""The scope-gate and extractive-answer eval sets (eval/scope/, eval/ask/) are well formed: rows parse, ids are unique
across splits, no question appears twice (in one split or in two), every BP exists in the shipped lens, out-of-scope
rows name a known category and expect nothing, and every wanted sentence is one the lens really contains, as the
composer splits it. (eval/review/ is checked in tests/review/test_dev_data.py.) These tests only read the data; they
score nothing."""

from __future__ import annotations

import json
import re
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


# Repeats written before the check compared words only (it compared case-folded text, so "encrypt training data?"
# and "Encrypt training data" passed): blind writers of terse questions wrote the same few words apart. They are kept,
# so that every split's figures stay comparable with earlier sessions, and listed so that any new repeat fails.
KNOWN_REPEATS = frozenset(
    frozenset(pair)
    for pair in [
        ("scd-122", "scd-1876"),
        ("scd-917", "scd-2544"),
        ("scd-390", "scd-2548"),
        ("scd-1872", "scd-2652"),
        ("scd-697", "ho2-sc-085"),
        ("scd-695", "ho3-sc-089"),
        ("scd-128", "ho3-sc-090"),
        ("scd-116", "ho5-sc-065"),
        ("scd-2546", "ho6-sc-054"),
        ("scd-2541", "ho7-sc-048"),
        ("sc-018", "ho8-sc-054"),
        ("scd-935", "ho8-sc-086"),
        ("scd-1284", "ho8-sc-100"),
        ("scd-2444", "ho15-sc-042"),
        ("ho8-sc-083", "ho15-sc-070"),
        ("scd-2268", "ho16-sc-085"),
    ]
)


def same_words(text: str) -> str:
    """What two rows must not share: their words, without case, spacing or punctuation."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _unique_across(files: dict[str, Path], field: str, known: frozenset[frozenset[str]] = KNOWN_REPEATS) -> None:
    """No question twice, in one split or across splits (the same words, case, spacing and punctuation ignored): a
    repeat counts one question twice, and one in both splits leaks the held-out split into development. A repeat
    across splits names neither the other row nor its split's wording, so a writer rewording it learns nothing of the
    split it must not read."""
    seen: dict[str, tuple[str, str]] = {}
    for split, path in files.items():
        for row in _rows(path):
            value = same_words(row[field])
            if value in seen and frozenset((seen[value][1], row["id"])) not in known:
                other_split, other_id = seen[value]
                where = other_id if other_split == split else "the other split"
                raise AssertionError(f"{row['id']}: {field} already in {where}; reword it")
            seen.setdefault(value, (split, row["id"]))


def test_a_repeat_that_differs_only_in_case_and_punctuation_is_caught(tmp_path: Path) -> None:
    """The check above can fail: a held-out question that repeats a development one but for its case and question
    mark is a repeat."""
    dev, heldout = tmp_path / "dev.jsonl", tmp_path / "heldout.jsonl"
    dev.write_text(json.dumps({"id": "d-1", "question": "encrypt training data"}) + "\n", encoding="utf-8")
    heldout.write_text(json.dumps({"id": "h-1", "question": "Encrypt  training data?"}) + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="h-1: question already in the other split"):
        _unique_across({"dev": dev, "heldout": heldout}, "question", known=frozenset())
    _unique_across({"dev": dev, "heldout": heldout}, "question", known=frozenset({frozenset(("d-1", "h-1"))}))


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
