"""The unseen ask questions (tests/qa/data/unseen/, outside eval/) are well formed: ids unique, every practice exists,
every wanted sentence is a sentence of the row's own practice as the composer splits it, and no question is also a dev
question. They only read the data and the dev split; they score nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.evaluation.ask import read_ask_rows
from app.lens.loader import load_lens
from app.lens.models import Lens
from app.retrieval.sentences import QUOTED_SECTIONS, split_sentences

REPO = Path(__file__).resolve().parents[2]
UNSEEN = sorted((REPO / "tests" / "qa" / "data" / "unseen").glob("*.jsonl"))


@pytest.fixture(scope="module")
def lens() -> Lens:
    return load_lens(REPO / "corpus")


@pytest.mark.parametrize("path", UNSEEN, ids=lambda p: p.name)
def test_unseen_ask_rows_are_well_formed_and_not_dev_questions(lens: Lens, path: Path) -> None:
    rows = read_ask_rows(path)
    dev = {row["question"] for row in read_ask_rows(REPO / "eval" / "ask" / "dev.jsonl")}
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        bp = lens.best_practice(row["bp_id"])
        assert bp is not None, row["id"]
        own = {s for section in QUOTED_SECTIONS for s in split_sentences(bp.section_text(section))}
        assert set(row["wanted"]) <= own, f"{row['id']}: a wanted sentence is not a sentence of {row['bp_id']}"
        assert row["question"] not in dev, row["id"]


def test_there_is_an_unseen_set() -> None:
    assert UNSEEN
