"""`mllens eval scope`: how well the scope gate separates lens questions from everything else, per split.

Each split is the retrieval eval rows plus the scope-gate rows (eval/scope/): in-scope rows have expected BPs,
out-of-scope rows have none. Three deciders are scored on the same signals:
- `single_threshold`: the gate this replaced (top relevance below the threshold, or closer to an out-of-domain anchor
  than to the lens; lens IDs always in scope; no override rule);
- `hand_rules`: rules a person would set (override, then ML vocabulary or a clear dense margin): the shipped gate;
- `logistic`: the logistic gate fitted on the development split (app/retrieval/scope_gate.json);
- `shipped`: whatever the retriever decides with.
`--calibrate` fits the logistic gate on the development split only and writes its weights as plain JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.evaluation.retrieval import read_rows
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.scope import FEATURES, Gate, RulesGate, ScopeGate, ScopeSignals

SPLITS = {
    "dev": ("retrieval/questions.jsonl", "scope/dev.jsonl"),
    "heldout": ("retrieval/heldout.jsonl", "scope/heldout.jsonl"),
}
MAX_IN_SCOPE_REFUSED = 0.01  # the calibration keeps dev in-scope refusals at or below this (the target is 0.02)


@dataclass(frozen=True)
class Observed:
    id: str
    group: str  # "in_scope:<kind>" or "out_of_scope:<category>"
    in_scope: bool
    named_id: bool
    signals: ScopeSignals


Decider = Callable[[Observed], bool]  # True = refused


def observe(retriever: HybridRetriever, rows: Iterable[dict[str, Any]]) -> list[Observed]:
    out = []
    for row in rows:
        result = retriever.search(row["question"], k=10)
        s = result.scope_signals
        signals = ScopeSignals(**{name: float(s[name]) for name in FEATURES}, override=bool(s["override"]))
        in_scope = bool(row["expected"])
        category = row["kind"] if in_scope else row.get("category", "general")
        out.append(
            Observed(
                row["id"],
                f"{'in_scope' if in_scope else 'out_of_scope'}:{category}",
                in_scope,
                result.route == "id",
                signals,
            )
        )
    return out


def load_split(eval_dir: Path, split: str) -> list[dict[str, Any]]:
    return [row for name in SPLITS[split] for row in read_rows(eval_dir / name)]


def single_threshold(threshold: float) -> Decider:
    def refused(o: Observed) -> bool:
        return not o.named_id and (o.signals.margin <= 0 or o.signals.dense < threshold)

    return refused


def hand_rules(o: Observed) -> bool:
    """The shipped rules (RulesGate); lens IDs in."""
    return o.signals.override or (not o.named_id and not RulesGate().decide(o.signals).in_scope)


def gate_decider(gate: Gate) -> Decider:
    def refused(o: Observed) -> bool:
        return o.signals.override or (not o.named_id and not gate.decide(o.signals).in_scope)

    return refused


def score(observed: list[Observed], decider: Decider) -> dict[str, Any]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for o in observed:
        groups[o.group].append(decider(o))
    oos = [decider(o) for o in observed if not o.in_scope]
    ins = [decider(o) for o in observed if o.in_scope]
    return {
        "out_of_scope_refused": _share(oos),
        "in_scope_refused": _share(ins),
        "n_out_of_scope": len(oos),
        "n_in_scope": len(ins),
        "refused_by_group": {g: {"n": len(v), "refused": _share(v)} for g, v in sorted(groups.items())},
    }


def wrong(observed: list[Observed], decider: Decider) -> list[dict[str, Any]]:
    return [
        {"id": o.id, "group": o.group, "refused": decider(o), "signals": o.signals.as_dict()}
        for o in observed
        if decider(o) == o.in_scope
    ]


def calibrate(observed: list[Observed], embedder: str) -> ScopeGate:
    """Fit the logistic gate on development rows (not override attempts, not lens-ID questions): standardised
    features, balanced classes, then the highest cutoff that keeps in-scope refusals at most MAX_IN_SCOPE_REFUSED."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    rows = [o for o in observed if not o.signals.override and not o.named_id]
    x = np.array([o.signals.vector() for o in rows], dtype=np.float64)
    y = np.array([o.in_scope for o in rows], dtype=np.int64)
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit((x - means) / scales, y)
    gate = ScopeGate(
        weights=tuple(round(float(w), 6) for w in model.coef_[0]),
        bias=round(float(model.intercept_[0]), 6),
        embedder=embedder,
        means=tuple(round(float(m), 6) for m in means),
        scales=tuple(round(float(s), 6) for s in scales),
    )
    in_scope_p = sorted(gate.probability(o.signals) for o in rows if o.in_scope)
    allowed = int(MAX_IN_SCOPE_REFUSED * len(in_scope_p))  # this many in-scope rows may fall below the cutoff
    cutoff = min(0.5, in_scope_p[allowed] - 1e-6) if in_scope_p else 0.5
    return ScopeGate(gate.weights, gate.bias, embedder, round(cutoff, 6), gate.means, gate.scales)


def _share(values: list[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0
