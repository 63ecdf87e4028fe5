"""Every unseen review set against its committed figures (eval/unseen_review.py, eval/review/unseen_baseline.json).

The shape checks of test_unseen_sets.py say nothing of how the mapper reads a set; this runs the shipped no-LLM mapper
over all of them (about 90 s) and fails when a set proposes more negated practices as implemented than its baseline,
or a not-applicable macro-F1 falls. A change that trades on purpose rewrites the baseline in the same commit
(`eval/unseen_review.py --update-baseline`) and its note says why."""

from __future__ import annotations

import json

import pytest

from app.services import AnswerMapping
from tests.support.eval_scripts import eval_script

unseen_review = eval_script("unseen_review")

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def figures(mapping: AnswerMapping) -> dict:
    return unseen_review.score(mapping)


@pytest.fixture(scope="module")
def baseline() -> dict:
    return json.loads(unseen_review.BASELINE.read_text(encoding="utf-8"))


def test_every_set_has_a_baseline(figures: dict, baseline: dict) -> None:
    assert sorted(figures) == sorted(baseline), (
        "a set was added or removed: run eval/unseen_review.py --update-baseline"
    )


def test_no_set_got_worse(figures: dict, baseline: dict) -> None:
    assert unseen_review.regressions(figures, baseline) == []


def test_regressions_are_seen() -> None:
    base = {"a": {"not_done_as_implemented": 1}, "b": {"negated_as_implemented": 0, "not_applicable_macro_f1": 0.6}}
    now = {"a": {"not_done_as_implemented": 2}, "b": {"negated_as_implemented": 0, "not_applicable_macro_f1": 0.59}}
    assert unseen_review.regressions(now, base) == [
        "a: not_done_as_implemented 1 -> 2",
        "b: not_applicable_macro_f1 0.6 -> 0.59",
    ]
    assert unseen_review.regressions(base, base) == []
    assert unseen_review.regressions({"new": {"not_done_as_implemented": 5}}, base) == []
