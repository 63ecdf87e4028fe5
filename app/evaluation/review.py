"""Interview-mapping eval: per-BP status accuracy and macro-F1, by kind, the targets, the comparison with a baseline
and the printed table. PURE: no I/O.

Rows are `{"id", "question_id", "kind", "answer", "picks"?, "expected": {BP: status}}` (eval/review/README.md).
Macro-F1 averages per-status F1 over the statuses that occur in the expected or predicted labels of that subset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.review.models import BPStatus

Predict = Callable[[Mapping[str, Any]], Mapping[str, BPStatus]]


@dataclass(frozen=True)
class Scored:
    row_id: str
    kind: str
    expected: Mapping[str, str]
    predicted: Mapping[str, str]


def score_rows(rows: Iterable[Mapping[str, Any]], predict: Predict) -> list[Scored]:
    return [
        Scored(
            row_id=str(row["id"]),
            kind=str(row.get("kind", "free_text")),
            expected={k: str(v) for k, v in row["expected"].items()},
            predicted={k: str(v) for k, v in predict(row).items()},
        )
        for row in rows
    ]


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({gold for gold, _ in pairs} | {pred for _, pred in pairs})
    if not labels:
        return 0.0
    scores = []
    for label in labels:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        fp = sum(1 for gold, pred in pairs if gold != label and pred == label)
        fn = sum(1 for gold, pred in pairs if gold == label and pred != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def summarise(scored: Iterable[Scored]) -> dict[str, Any]:
    """{"kinds": {kind: {rows, practices, accuracy, macro_f1}}, "overall": {...}, "confusion": {gold: {pred: n}}}."""
    items = list(scored)
    by_kind: dict[str, list[Scored]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    summary: dict[str, Any] = {
        "kinds": {k: _metrics(v) for k, v in sorted(by_kind.items())},
        "overall": _metrics(items),
    }
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gold, pred in _pairs(items):
        confusion[gold][pred] += 1
    summary["confusion"] = {gold: dict(sorted(row.items())) for gold, row in sorted(confusion.items())}
    return summary


def misses(scored: Iterable[Scored]) -> list[dict[str, Any]]:
    """Rows with at least one wrong BP, with the wrong ones (for reading, never for tuning to rows)."""
    out = []
    for item in scored:
        wrong = {
            bp: {"expected": gold, "predicted": item.predicted.get(bp, "missing")}
            for bp, gold in item.expected.items()
            if item.predicted.get(bp) != gold
        }
        if wrong:
            out.append({"id": item.row_id, "kind": item.kind, "wrong": wrong})
    return out


def _pairs(items: Iterable[Scored]) -> list[tuple[str, str]]:
    return [(gold, item.predicted.get(bp, "missing")) for item in items for bp, gold in item.expected.items()]


def _metrics(items: list[Scored]) -> dict[str, Any]:
    pairs = _pairs(items)
    correct = sum(1 for gold, pred in pairs if gold == pred)
    return {
        "rows": len(items),
        "practices": len(pairs),
        "accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(macro_f1(pairs), 4),
    }


def render_review_report(report: dict[str, Any]) -> str:
    lines = [f"{report['file']}: mode {report['mode']}, embedder {report['embedder']}", ""]
    lines.append(f"{'kind':15s} {'rows':>5s} {'practices':>9s} {'accuracy':>9s} {'macro-F1':>9s}")
    for kind, m in [*report["kinds"].items(), ("overall", report["overall"])]:
        lines.append(f"{kind:15s} {m['rows']:5d} {m['practices']:9d} {m['accuracy']:9.3f} {m['macro_f1']:9.3f}")
    return "\n".join(lines)


def check_targets(report: dict[str, Any]) -> list[str]:
    """The issue's targets: macro-F1 >= 0.6 on free text, 100% on explicit picks."""
    problems = []
    free = report["kinds"].get("free_text")
    if free and free["macro_f1"] < 0.6:
        problems.append(f"free_text macro-F1 {free['macro_f1']:.3f} < 0.6")
    picks = report["kinds"].get("picks")
    if picks and picks["accuracy"] < 1.0:
        problems.append(f"picks accuracy {picks['accuracy']:.3f} < 1.0")
    return problems


def compare_review(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    lines = []
    for kind, metrics in [*current["kinds"].items(), ("overall", current["overall"])]:
        old = baseline.get("overall") if kind == "overall" else baseline.get("kinds", {}).get(kind)
        if not old:
            continue
        for name in ("accuracy", "macro_f1"):
            if name in old:
                delta = metrics[name] - old[name]
                lines.append(f"{kind:15s} {name:9s} {metrics[name]:.3f}  (baseline {old[name]:.3f}, {delta:+.3f})")
    return lines
