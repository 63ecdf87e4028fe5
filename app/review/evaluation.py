"""Interview-mapping eval: per-BP status accuracy and macro-F1, by kind. PURE: no I/O.

Rows are `{"id", "question_id", "kind", "answer", "picks"?, "expected": {BP: status}}` (eval/review/README.md).
Macro-F1 averages per-status F1 over the statuses that occur in the expected or predicted labels of that subset.
Two safety shares go with them: of the practices the answer speaks against (expected not_implemented), how many were
proposed as implemented (target 0: a hidden risk), and of those it says nothing definite about (expected
cannot_determine), how many got a definite status anyway (an invented answer).
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
    """{"kinds": {kind: {rows, practices, accuracy, macro_f1, rows_exact, negated_as_implemented,
    invented_on_unmentioned}}, "overall": {...}, "not_applicable_macro_f1": the not_applicable rows' macro-F1 or None,
    "confusion": {gold: {pred: n}}}."""
    items = list(scored)
    by_kind: dict[str, list[Scored]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    summary: dict[str, Any] = {
        "kinds": {k: _metrics(v) for k, v in sorted(by_kind.items())},
        "overall": _metrics(items),
    }
    summary["not_applicable_macro_f1"] = summary["kinds"].get("not_applicable", {}).get("macro_f1")
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
    exact_rows = sum(1 for item in items if all(item.predicted.get(bp) == gold for bp, gold in item.expected.items()))
    return {
        "rows": len(items),
        "practices": len(pairs),
        "accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(macro_f1(pairs), 4),
        "rows_exact": round(exact_rows / len(items), 4) if items else 0.0,
        "negated_as_implemented": _share(pairs, BPStatus.NOT_IMPLEMENTED, lambda pred: pred == BPStatus.IMPLEMENTED),
        "invented_on_unmentioned": _share(
            pairs, BPStatus.CANNOT_DETERMINE, lambda pred: pred not in (BPStatus.CANNOT_DETERMINE, "missing")
        ),
    }


def _share(pairs: list[tuple[str, str]], gold: BPStatus, wrong: Callable[[str], bool]) -> float | None:
    """Of the practices expected to be `gold`, the share whose prediction is `wrong`; None if there are none."""
    preds = [pred for g, pred in pairs if g == gold]
    return round(sum(1 for pred in preds if wrong(pred)) / len(preds), 4) if preds else None
