"""Retrieval metrics over ranked BP IDs. PURE."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Judged:
    id: str
    kind: str
    expected: tuple[str, ...]
    ranked: tuple[str, ...]
    out_of_scope: bool


def recall_at(expected: Sequence[str], ranked: Sequence[str], k: int) -> float:
    """|expected ∩ top k| / min(k, |expected|): 1.0 when the top k is as full of expected IDs as it can be."""
    if not expected:
        return 0.0
    return len(set(expected) & set(ranked[:k])) / min(k, len(expected))


def reciprocal_rank(expected: Sequence[str], ranked: Sequence[str], k: int = 10) -> float:
    for n, bp_id in enumerate(ranked[:k], start=1):
        if bp_id in expected:
            return 1.0 / n
    return 0.0


def summarise(rows: Iterable[Judged]) -> dict[str, object]:
    """Per-kind recall@1, recall@5, MRR@10 for in-scope rows, plus out-of-scope precision/recall."""
    by_kind: dict[str, list[Judged]] = defaultdict(list)
    rows = list(rows)
    for row in rows:
        by_kind[row.kind].append(row)
    kinds: dict[str, dict[str, float]] = {}
    for kind, items in sorted(by_kind.items()):
        if kind == "out_of_scope":
            continue
        kinds[kind] = {
            "n": len(items),
            "recall@1": _mean(recall_at(r.expected, r.ranked, 1) for r in items),
            "recall@5": _mean(recall_at(r.expected, r.ranked, 5) for r in items),
            "mrr@10": _mean(reciprocal_rank(r.expected, r.ranked) for r in items),
        }
    in_scope = [r for r in rows if r.expected]
    oos = [r for r in rows if not r.expected]
    flagged_oos = sum(r.out_of_scope for r in oos)
    flagged_in = sum(r.out_of_scope for r in in_scope)
    flagged = flagged_oos + flagged_in
    return {
        "kinds": kinds,
        "out_of_scope": {
            "n": len(oos),
            "precision": round(flagged_oos / flagged, 4) if flagged else 0.0,
            "recall": round(flagged_oos / len(oos), 4) if oos else 0.0,
            "in_scope_flagged": round(flagged_in / len(in_scope), 4) if in_scope else 0.0,
        },
    }


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return round(sum(items) / len(items), 4) if items else 0.0
