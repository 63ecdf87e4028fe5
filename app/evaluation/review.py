"""Interview-mapping eval: per-BP status accuracy and macro-F1, by kind, the targets, the comparison with a baseline
and the printed table. PURE: no I/O.

Rows are `{"id", "question_id", "kind", "answer", "picks"?, "expected": {BP: status}}` (eval/review/README.md).
Macro-F1 averages per-status F1 over the statuses that occur in the expected or predicted labels of that subset.
Two safety shares go with them: of the practices the answer speaks against (expected not_implemented), how many were
proposed as implemented (target 0: a hidden risk), and of those it says nothing definite about (expected
cannot_determine), how many got a definite status anyway (an invented answer).

The not-applicable rows' macro-F1 (the issue's target) averages over every status that occurs there, so one stray
prediction of a status no row expects adds a class with F1 0 and moves it by about 0.1; a status that vanishes moves
it back. Next to it go, for those rows, each status's F1 with its support (practices expected with it) and how often
it was predicted, and the micro-F1 (over all their practices; with one status per practice it equals their accuracy),
which no single stray class can move by more than its own count.
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


def micro_f1(pairs: list[tuple[str, str]]) -> float:
    """Micro-F1 over all practices: true positives of every status against all predictions and all gold labels. Each
    practice has exactly one gold and one predicted status, so it equals the share predicted right."""
    return sum(1 for gold, pred in pairs if gold == pred) / len(pairs) if pairs else 0.0


def per_status(pairs: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """Per status that occurs in the expected or predicted labels: its F1, its support (practices expected with it)
    and how many practices were predicted with it. A status with support 0 is a stray class: its F1 is 0 and it pulls
    the macro average down without any row asking for it."""
    labels = sorted({gold for gold, _ in pairs} | {pred for _, pred in pairs})
    out = {}
    for label in labels:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        support = sum(1 for gold, _ in pairs if gold == label)
        predicted = sum(1 for _, pred in pairs if pred == label)
        out[label] = {
            "f1": round(2 * tp / (support + predicted), 4) if tp else 0.0,
            "support": support,
            "predicted": predicted,
        }
    return out


def summarise(scored: Iterable[Scored]) -> dict[str, Any]:
    """{"kinds": {kind: {rows, practices, accuracy, macro_f1, rows_exact, negated_as_implemented,
    invented_on_unmentioned}}, "overall": {...}, "not_applicable_macro_f1": the not_applicable rows' macro-F1 or None,
    "not_applicable_micro_f1": their micro-F1 or None, "not_applicable_per_status": {status: {f1, support, predicted}}
    or None, "confusion": {gold: {pred: n}}}."""
    items = list(scored)
    by_kind: dict[str, list[Scored]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    summary: dict[str, Any] = {
        "kinds": {k: _metrics(v) for k, v in sorted(by_kind.items())},
        "overall": _metrics(items),
    }
    summary["not_applicable_macro_f1"] = summary["kinds"].get("not_applicable", {}).get("macro_f1")
    na_pairs = _pairs(by_kind.get("not_applicable", []))
    summary["not_applicable_micro_f1"] = round(micro_f1(na_pairs), 4) if na_pairs else None
    summary["not_applicable_per_status"] = per_status(na_pairs) if na_pairs else None
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


# The targets (issue 11), per split; picks must always be exact.
TARGETS = {"accuracy": 0.70, "macro_f1": 0.65, "invented_on_unmentioned": 0.10, "not_applicable_macro_f1": 0.6}


_COLUMNS = (
    ("rows", "rows", "{:5d}"),
    ("practices", "practices", "{:9d}"),
    ("accuracy", "accuracy", "{:9.3f}"),
    ("macro_f1", "macro-F1", "{:9.3f}"),
    ("rows_exact", "rows ok", "{:8.3f}"),
    ("negated_as_implemented", "neg->impl", "{:9.3f}"),
    ("invented_on_unmentioned", "invented", "{:8.3f}"),
)


def render_review_report(report: dict[str, Any]) -> str:
    lines = [f"mode {report['mode']}, embedder {report['embedder']}"]
    header = " ".join(f"{title:>{len(fmt.format(0))}s}" for _, title, fmt in _COLUMNS)
    for name, split in report["splits"].items():
        lines += ["", f"split {name} ({split['file']})", f"{'kind':15s} {header}"]
        for kind, m in [*split["kinds"].items(), ("overall", split["overall"])]:
            cells = [
                fmt.format(m[key]) if m.get(key) is not None else " " * (len(fmt.format(0)) - 1) + "-"
                for key, _, fmt in _COLUMNS
            ]
            lines.append(f"{kind:15s} " + " ".join(cells))
        na = split.get("not_applicable_macro_f1")
        lines.append(f"not-applicable macro-F1: {'-' if na is None else f'{na:.3f}'}")
        micro = split.get("not_applicable_micro_f1")
        if micro is not None:
            lines.append(f"not-applicable micro-F1: {micro:.3f}")
        for status, cell in (split.get("not_applicable_per_status") or {}).items():
            stray = "  (stray: no row expects it)" if not cell["support"] else ""
            lines.append(
                f"  {status:22s} F1 {cell['f1']:.3f}  support {cell['support']:4d}  predicted {cell['predicted']:4d}"
                + stray
            )
    return "\n".join(lines)


def check_targets(report: dict[str, Any]) -> list[str]:
    """The targets per split: accuracy, macro-F1, invented and not-applicable F1 thresholds, no negated practice
    proposed as implemented, and 100% on explicit picks."""
    problems = []
    for name, split in report["splits"].items():
        overall = split["overall"]
        figures = {**overall, "not_applicable_macro_f1": split.get("not_applicable_macro_f1")}
        for key, target in TARGETS.items():
            value = figures.get(key)
            if value is None:
                continue
            if key == "invented_on_unmentioned" and value > target:
                problems.append(f"{name}: {key} {value:.3f} > {target}")
            elif key != "invented_on_unmentioned" and value < target:
                problems.append(f"{name}: {key} {value:.3f} < {target}")
        if overall.get("negated_as_implemented"):
            problems.append(f"{name}: negated_as_implemented {overall['negated_as_implemented']:.3f} > 0")
        picks = split["kinds"].get("picks")
        if picks and picks["accuracy"] < 1.0:
            problems.append(f"{name}: picks accuracy {picks['accuracy']:.3f} < 1.0")
    return problems


def splits_of(baseline: dict[str, Any]) -> dict[str, Any]:
    """A baseline's splits; one written before splits existed is the "original" split."""
    if "splits" in baseline:
        return dict(baseline["splits"])
    return {"original": baseline} if "kinds" in baseline else {}


def compare_review(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    lines = []
    old_splits = splits_of(baseline)
    for name, split in current["splits"].items():
        old_split = old_splits.get(name)
        if not old_split:
            lines.append(f"{name}: not in the baseline")
            continue
        for kind, metrics in [*split["kinds"].items(), ("overall", split["overall"])]:
            old = old_split.get("overall") if kind == "overall" else old_split.get("kinds", {}).get(kind)
            if not old:
                continue
            for key in ("accuracy", "macro_f1", "negated_as_implemented", "invented_on_unmentioned"):
                if old.get(key) is not None and metrics.get(key) is not None:
                    delta = metrics[key] - old[key]
                    lines.append(
                        f"{name:8s} {kind:15s} {key:24s} {metrics[key]:.3f}  (baseline {old[key]:.3f}, {delta:+.3f})"
                    )
        for key in ("not_applicable_macro_f1", "not_applicable_micro_f1"):
            if old_split.get(key) is not None and split.get(key) is not None:
                delta = split[key] - old_split[key]
                lines.append(f"{name:8s} {key:40s} {split[key]:.3f}  (baseline {old_split[key]:.3f}, {delta:+.3f})")
    return lines
