"""One checker for the measuring sets of tests/review/data/unseen/ (the unseen sets that eval/polarity_ablation.py,
eval/reader_variants.py and the not-applicable rounds score the mapper on). A set judges the mapper only if it is well
formed and nothing trains or tunes on it; what differs from set to set (its classes, how many rows each needs, what
its answers must read like, which test files must not quote it) is one row of a table, `UnseenSet`.

Two shapes of row:
- one practice a row (`class`, `practice`, `question_id`, `answer`, `done`, and where the set states it `expected`,
  plus `expected_all` for a set with a class of pairs: a done practice and a second one of the same question);
- the review-eval shape (`question_id`, `answer`, `expected`: a status for every practice of the question)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.lens.models import Lens
from app.review.models import BPStatus

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "review" / "data" / "unseen"
# what the mapper is trained or tuned on: the review eval's dev and original splits, and the polarity reader's sentences
TRAINED_ON = ("eval/review/dev.jsonl", "eval/review/answers.jsonl", "eval/polarity_reader/sentences.jsonl")
PILLARS = 6  # MLOPS, MLSEC, MLREL, MLPERF, MLCOST, MLSUS

Row = dict[str, object]


@dataclass(frozen=True)
class UnseenSet:
    """One measuring set and what its rows must satisfy beyond the shape every set shares."""

    name: str  # the file's stem under tests/review/data/unseen/
    # class -> the status its practice is expected to have (rows carry `expected`), or only whether it is done (rows
    # carry `done` alone); empty: rows of the review-eval shape
    classes: Mapping[str, str | bool] = field(default_factory=dict)
    min_rows: int = 1
    min_per_class: int = 0
    min_of_class: Mapping[str, int] = field(default_factory=dict)  # a class that needs more than min_per_class
    min_done: int = 0
    # rows not done: how many at least, over how many practices, and whether they reach every pillar
    min_not_done: int = 0
    min_not_done_practices: int = 0
    not_done_in_every_pillar: bool = False
    reads: Mapping[str, str] = field(default_factory=dict)  # class -> a pattern every answer of the class contains
    pair_class: str | None = None  # the class whose rows name a second practice of the question, said not done
    kept_apart_from: tuple[str, ...] = ()  # test files (from the repo root) that must not quote an answer of the set
    # files (from the repo root) the set's answers must not be in, and how much of an answer counts (None: all of it)
    kept_from: tuple[str, ...] = TRAINED_ON
    kept_from_prefix: int | None = None

    @property
    def path(self) -> Path:
        return UNSEEN / f"{self.name}.jsonl"

    @property
    def review_shape(self) -> bool:
        return not self.classes


def read_rows(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_well_formed(unseen: UnseenSet, rows: list[Row], lens: Lens) -> None:
    """Unique ids, enough rows, every row of its question; then the checks of the set's shape and table row."""
    assert len({r["id"] for r in rows}) == len(rows) >= unseen.min_rows, unseen.name
    for row in rows:
        question = lens.question(str(row["question_id"]))
        assert question is not None, row["id"]
        practices = {bp.id for bp in question.best_practices}
        if unseen.review_shape:
            expected = row["expected"]
            assert isinstance(expected, dict) and set(expected) == practices, row["id"]
            assert all(BPStatus(s) for s in expected.values()), row["id"]
        else:
            _check_one_practice(unseen, row, practices)
    if not unseen.review_shape:
        _check_counts(unseen, rows)


def _check_one_practice(unseen: UnseenSet, row: Row, practices: set[str]) -> None:
    assert row["practice"] in practices, row["id"]
    assert row["class"] in unseen.classes, row["id"]
    wanted = unseen.classes[str(row["class"])]
    if isinstance(wanted, bool):
        assert row["done"] is wanted, row["id"]
        return
    assert row["expected"] == wanted, row["id"]
    assert row["done"] is (wanted == BPStatus.IMPLEMENTED), row["id"]
    if unseen.pair_class is None:
        return
    expected_all = row["expected_all"]
    assert isinstance(expected_all, dict) and set(expected_all) <= practices, row["id"]
    assert expected_all[row["practice"]] == wanted, row["id"]
    # a pair names a second practice of the same question, said not done
    assert (len(expected_all) == 2) is (row["class"] == unseen.pair_class), row["id"]
    assert all(v == BPStatus.NOT_IMPLEMENTED for k, v in expected_all.items() if k != row["practice"]), row["id"]


def _check_counts(unseen: UnseenSet, rows: list[Row]) -> None:
    by_class = {c: [r for r in rows if r["class"] == c] for c in unseen.classes}
    for name, members in by_class.items():
        assert len(members) >= max(unseen.min_per_class, unseen.min_of_class.get(name, 0)), (unseen.name, name)
    for name, pattern in unseen.reads.items():
        assert not [r["id"] for r in by_class[name] if not re.search(pattern, str(r["answer"]))], (unseen.name, name)
    done = [r for r in rows if r["done"]]
    not_done = [r for r in rows if not r["done"]]
    assert len(done) >= unseen.min_done, unseen.name
    assert len(not_done) >= unseen.min_not_done, unseen.name
    assert len({r["practice"] for r in not_done}) >= unseen.min_not_done_practices, unseen.name
    if unseen.not_done_in_every_pillar:
        assert len({str(r["question_id"])[:-2] for r in not_done}) == PILLARS, unseen.name


def trained_or_tuned_on(unseen: UnseenSet, rows: list[Row], root: Path = ROOT) -> dict[str, list[object]]:
    """The rows whose answer (its first `kept_from_prefix` characters) is in a file of `kept_from`, by file."""
    found: dict[str, list[object]] = {}
    for name in unseen.kept_from:
        text = (root / name).read_text(encoding="utf-8")
        hits = [r["id"] for r in rows if str(r["answer"])[: unseen.kept_from_prefix] in text]
        if hits:
            found[name] = hits
    return found


def quoted_in(unseen: UnseenSet, rows: list[Row], root: Path = ROOT) -> dict[str, list[object]]:
    """The rows a test file of `kept_apart_from` quotes (an answer's first 40 characters; for review-shape rows, any
    sentence's), by file: a sentence in both a measuring set and a test that pins behaviour would be tuned to."""
    found: dict[str, list[object]] = {}
    for name in unseen.kept_apart_from:
        here = (root / name).read_text(encoding="utf-8")
        hits = [r["id"] for r in rows if any(piece[:40] in here for piece in _pieces(unseen, str(r["answer"])))]
        if hits:
            found[name] = hits
    return found


def _pieces(unseen: UnseenSet, answer: str) -> list[str]:
    return answer.split(". ") if unseen.review_shape else [answer]
