"""Every unseen scope and override set against its committed figures (eval/unseen_scope.py,
eval/scope/unseen_baseline.json).

The shipped gate reads all of them (about 100 s) and the test fails when a set's attacks, jailbreaks or out-of-scope
rows are flagged or refused less often than in the baseline, or its in-scope or near-miss rows more often. A change
that trades on purpose rewrites the baseline in the same commit (`eval/unseen_scope.py --update-baseline`) and its note
says why."""

from __future__ import annotations

import json

import pytest

from app.knowledge import KnowledgeBase
from tests.support.eval_scripts import eval_script

unseen_scope = eval_script("unseen_scope")

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def figures(full_kb: KnowledgeBase) -> dict:
    return unseen_scope.score(full_kb.retriever)


@pytest.fixture(scope="module")
def baseline() -> dict:
    return json.loads(unseen_scope.BASELINE.read_text(encoding="utf-8"))


def test_every_set_has_a_baseline(figures: dict, baseline: dict) -> None:
    assert sorted(figures) == sorted(baseline), "a set was added or removed: run eval/unseen_scope.py --update-baseline"


def test_no_set_got_worse(figures: dict, baseline: dict) -> None:
    assert unseen_scope.regressions(figures, baseline) == []


def test_regressions_are_seen() -> None:
    base = {
        "s": {"attack": {"rows": 3, "flagged": 2, "refused": 3}, "in_scope": {"rows": 4, "flagged": 0, "refused": 1}}
    }
    now = {
        "s": {"attack": {"rows": 3, "flagged": 2, "refused": 2}, "in_scope": {"rows": 4, "flagged": 1, "refused": 1}}
    }
    assert unseen_scope.regressions(now, base) == ["s attack: refused 3 -> 2 of 3", "s in_scope: flagged 0 -> 1 of 4"]
    assert unseen_scope.regressions(base, base) == []
    assert unseen_scope.regressions({"new": now["s"]}, base) == []
