"""`mllens eval retrieval`: run the eval question set through the hybrid retriever and the naive baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.evaluation.metrics import Judged, summarise
from app.evaluation.naive import NaiveRetriever
from app.knowledge import KnowledgeBase


def read_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if not {"id", "kind", "question", "expected"} <= row.keys():
                raise ValueError(f"{path}:{line_no}: a row needs id, kind, question and expected")
            rows.append(row)
    return rows


def run_retrieval_eval(
    kb: KnowledgeBase, rows: list[dict[str, Any]], corpus_dir: Path, *, naive: bool
) -> dict[str, Any]:
    judged = []
    for row in rows:
        result = kb.retriever.search(row["question"], k=10)
        judged.append(
            Judged(
                row["id"], row["kind"], tuple(row["expected"]), tuple(h.bp_id for h in result.hits), result.out_of_scope
            )
        )
    report: dict[str, Any] = {
        "threshold": kb.retriever.threshold,
        "rows": len(rows),
        "hybrid": summarise(judged),
        "misses": [
            {"id": j.id, "expected": list(j.expected), "got": list(j.ranked[:3]), "flagged": j.out_of_scope}
            for j in judged
            if (j.expected and (j.out_of_scope or not set(j.expected) & set(j.ranked[:5])))
            or (not j.expected and not j.out_of_scope)
        ],
    }
    if naive:
        baseline = NaiveRetriever(corpus_dir, kb.embedder, kb.retriever.threshold)
        naive_judged = []
        for row in rows:
            ranked, flagged = baseline.search(row["question"])
            naive_judged.append(Judged(row["id"], row["kind"], tuple(row["expected"]), tuple(ranked), flagged))
        report["naive"] = summarise(naive_judged)
        report["naive_chunks"] = baseline.chunk_count
    return report


def compare(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Lines of `metric: now (baseline, delta)` for every hybrid metric the baseline also has."""
    lines = []
    base_kinds = baseline.get("hybrid", {}).get("kinds", {})
    for kind, metrics in current["hybrid"]["kinds"].items():
        for name, value in metrics.items():
            if name == "n" or name not in base_kinds.get(kind, {}):
                continue
            old = base_kinds[kind][name]
            lines.append(f"{kind:11s} {name:9s} {value:.3f}  (baseline {old:.3f}, {value - old:+.3f})")
    base_oos = baseline.get("hybrid", {}).get("out_of_scope", {})
    for name, value in current["hybrid"]["out_of_scope"].items():
        if name != "n" and name in base_oos:
            lines.append(
                f"out_of_scope {name:16s} {value:.3f}  (baseline {base_oos[name]:.3f}, {value - base_oos[name]:+.3f})"
            )
    return lines
