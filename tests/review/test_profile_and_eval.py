"""Profile-based not-applicable proposals, and the mapping-eval metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.evaluation.review import (
    compare_review,
    macro_f1,
    micro_f1,
    misses,
    per_status,
    render_review_report,
    score_rows,
    summarise,
)
from app.lens.loader import load_lens
from app.review.models import BPStatus, DataSensitivity, InferenceMode, Provenance, WorkloadProfile
from app.review.profile import CUSTOM_TRAINING_PRACTICES, REAL_TIME_ENDPOINT_PRACTICES, RULES, suggest_not_applicable

REPO = Path(__file__).resolve().parents[2]


def test_rules_name_real_practices() -> None:
    lens = load_lens(REPO / "corpus")
    for rule in RULES:
        assert all(lens.best_practice(bp_id) is not None for bp_id in rule.bp_ids)


@pytest.mark.parametrize(
    ("profile", "question_id", "expected"),
    [
        (WorkloadProfile(name="w"), "MLCOST04", set()),
        (
            WorkloadProfile(name="w", managed_ai_only=True),
            "MLCOST04",
            {bp for bp in CUSTOM_TRAINING_PRACTICES if bp.startswith("MLCOST04")},
        ),
        # batch only: no endpoint to scale or to restore
        (WorkloadProfile(name="w", inference_mode=InferenceMode.BATCH), "MLREL05", {"MLREL05-BP01", "MLREL05-BP02"}),
        (WorkloadProfile(name="w", inference_mode=InferenceMode.BOTH), "MLREL05", set()),
        (WorkloadProfile(name="w"), "MLREL05", set()),  # nothing stated: nothing inferred
        (WorkloadProfile(name="w"), "MLSEC03", set()),
        (WorkloadProfile(name="w", managed_ai_only=False), "MLCOST04", set()),
        (WorkloadProfile(name="w", data_sensitivity=DataSensitivity.PUBLIC), "MLSEC03", {"MLSEC03-BP03"}),
    ],
)
def test_profile_suggestions(profile: WorkloadProfile, question_id: str, expected: set[str]) -> None:
    question = load_lens(REPO / "corpus").question(question_id)
    assert question is not None
    suggested = suggest_not_applicable(profile, question)
    assert set(suggested) == expected
    for answer in suggested.values():
        assert answer.status is BPStatus.NOT_APPLICABLE and answer.provenance is Provenance.INFERRED
        assert answer.note and answer.na_reason is not None
    assert not REAL_TIME_ENDPOINT_PRACTICES & CUSTOM_TRAINING_PRACTICES


def test_safety_shares() -> None:
    rows = [
        {"id": "a", "kind": "polarity", "expected": {"X-BP01": "not_implemented", "X-BP02": "not_implemented"}},
        {"id": "b", "kind": "not_applicable", "expected": {"X-BP01": "not_applicable", "X-BP02": "cannot_determine"}},
    ]
    predicted = {
        "a": {"X-BP01": BPStatus.IMPLEMENTED, "X-BP02": BPStatus.PARTIALLY_IMPLEMENTED},
        "b": {"X-BP01": BPStatus.NOT_APPLICABLE, "X-BP02": BPStatus.CANNOT_DETERMINE},
    }
    summary = summarise(score_rows(rows, lambda row: predicted[row["id"]]))
    assert summary["overall"]["negated_as_implemented"] == 0.5  # partially is not "implemented"
    assert summary["overall"]["invented_on_unmentioned"] == 0.0
    assert summary["not_applicable_macro_f1"] == 1.0
    assert summary["overall"]["rows_exact"] == 0.5


def test_macro_f1() -> None:
    assert macro_f1([("a", "a"), ("b", "b")]) == 1.0
    assert macro_f1([("a", "b"), ("b", "a")]) == 0.0
    # a: P=1/2 R=1 F=2/3; b: P=1 R=1/2 F=2/3 → 2/3
    assert macro_f1([("a", "a"), ("b", "a"), ("b", "b")]) == pytest.approx(2 / 3)
    assert macro_f1([]) == 0.0


def test_summary_by_kind_and_misses() -> None:
    rows = [
        {"id": "r1", "kind": "free_text", "expected": {"X-BP01": "implemented", "X-BP02": "cannot_determine"}},
        {"id": "r2", "kind": "picks", "expected": {"X-BP01": "not_implemented"}},
    ]
    predicted = {
        "r1": {"X-BP01": BPStatus.IMPLEMENTED, "X-BP02": BPStatus.NOT_IMPLEMENTED},
        "r2": {"X-BP01": BPStatus.NOT_IMPLEMENTED},
    }
    scored = score_rows(rows, lambda row: predicted[row["id"]])
    summary = summarise(scored)
    assert summary["kinds"]["picks"] == {
        "rows": 1,
        "practices": 1,
        "accuracy": 1.0,
        "macro_f1": 1.0,
        "rows_exact": 1.0,
        "negated_as_implemented": 0.0,
        "invented_on_unmentioned": None,  # nothing expected cannot_determine here
    }
    assert summary["kinds"]["free_text"]["accuracy"] == 0.5
    assert summary["kinds"]["free_text"]["rows_exact"] == 0.0
    assert summary["kinds"]["free_text"]["invented_on_unmentioned"] == 1.0  # X-BP02 got a status it was never given
    assert summary["not_applicable_macro_f1"] is None
    assert summary["confusion"]["cannot_determine"] == {"not_implemented": 1}
    assert misses(scored) == [
        {
            "id": "r1",
            "kind": "free_text",
            "wrong": {"X-BP02": {"expected": "cannot_determine", "predicted": "not_implemented"}},
        }
    ]


def test_not_applicable_rows_per_status_and_micro() -> None:
    """One stray status (predicted where no row expects it) costs the macro figure a whole class; the per-status table
    shows it with support 0, and the micro figure moves only by the one practice."""
    rows = [
        {
            "id": "n1",
            "kind": "not_applicable",
            "expected": {"X-BP01": "not_applicable", "X-BP02": "not_applicable", "X-BP03": "cannot_determine"},
        },
        {"id": "n2", "kind": "not_applicable", "expected": {"X-BP01": "not_applicable", "X-BP02": "implemented"}},
        {"id": "p", "kind": "polarity", "expected": {"X-BP01": "partially_implemented"}},  # not an N/A row
    ]
    predicted = {
        "n1": {
            "X-BP01": BPStatus.NOT_APPLICABLE,
            "X-BP02": BPStatus.NOT_APPLICABLE,
            "X-BP03": BPStatus.CANNOT_DETERMINE,
        },
        "n2": {"X-BP01": BPStatus.NOT_APPLICABLE, "X-BP02": BPStatus.PARTIALLY_IMPLEMENTED},
        "p": {"X-BP01": BPStatus.PARTIALLY_IMPLEMENTED},
    }
    summary = summarise(score_rows(rows, lambda row: predicted[row["id"]]))
    table = summary["not_applicable_per_status"]
    assert table == {
        "cannot_determine": {"f1": 1.0, "support": 1, "predicted": 1},
        "implemented": {"f1": 0.0, "support": 1, "predicted": 0},
        "not_applicable": {"f1": 1.0, "support": 3, "predicted": 3},
        "partially_implemented": {"f1": 0.0, "support": 0, "predicted": 1},  # the stray class
    }
    assert summary["not_applicable_macro_f1"] == 0.5  # (1 + 0 + 1 + 0) / 4
    assert summary["not_applicable_micro_f1"] == 0.8  # 4 of 5 practices right
    assert micro_f1([]) == 0.0
    assert per_status([("a", "a"), ("a", "b")]) == {
        "a": {"f1": pytest.approx(2 / 3, abs=1e-4), "support": 2, "predicted": 1},
        "b": {"f1": 0.0, "support": 0, "predicted": 1},
    }


def test_no_not_applicable_rows_gives_no_per_status_figures() -> None:
    rows = [{"id": "p", "kind": "polarity", "expected": {"X-BP01": "implemented"}}]
    summary = summarise(score_rows(rows, lambda row: {"X-BP01": BPStatus.IMPLEMENTED}))
    assert summary["not_applicable_micro_f1"] is None and summary["not_applicable_per_status"] is None


def test_report_shows_not_applicable_per_status_and_compares_micro() -> None:
    rows = [{"id": "n", "kind": "not_applicable", "expected": {"X-BP01": "not_applicable", "X-BP02": "implemented"}}]
    predicted = {"X-BP01": BPStatus.NOT_APPLICABLE, "X-BP02": BPStatus.NOT_IMPLEMENTED}
    split = {"file": "f.jsonl", **summarise(score_rows(rows, lambda row: predicted))}
    report = {"mode": "none", "embedder": "e", "splits": {"dev": split}}
    text = render_review_report(report)
    assert "not-applicable micro-F1: 0.500" in text
    assert "not_implemented        F1 0.000  support    0  predicted    1  (stray: no row expects it)" in text
    assert "implemented            F1 0.000  support    1  predicted    0\n" in text
    old = {"splits": {"dev": {**split, "not_applicable_micro_f1": 0.25}}}
    assert any("not_applicable_micro_f1" in line and "+0.250" in line for line in compare_review(report, old))
