"""`mllens eval scope`: how well the scope gate separates lens questions from everything else, per split.

Each split is the retrieval eval rows plus the scope-gate rows (eval/scope/): in-scope rows have expected BPs,
out-of-scope rows have none. Three deciders are scored on the same signals:
- `single_threshold`: the gate this replaced (top relevance below the threshold, or closer to an out-of-domain anchor
  than to the lens; lens IDs always in scope; no override rule);
- `hand_rules`: the four-case rules (override, then ML words in a context of running a workload, ML words, another
  kind of system or coursework, anything else; RulesGate's thresholds, grid-searched on dev): the fallback when the
  domain classifier is missing;
- `logistic`: the logistic gate fitted on the development split (app/retrieval/scope_gate.json), over every signal
  including the domain classifier's (app/retrieval/scope_domain.json, trained on no eval row): the shipped gate since
  it beat the rules on 235 blind development rows scored before anything was changed for them (docs/scope-gate.md);
- `shipped`: whatever the retriever decides with.
Splits: `dev` by default; `heldout` only when asked for. `--probes` (on by default) adds rows made from product data,
not written for this eval (`product_probes`). `--calibrate` fits the logistic gate on the development split only
(cutoff from out-of-fold probabilities) and writes its weights as plain JSON; it also grid-searches the rules'
thresholds on the same rows and compares both ways of deciding by k-fold cross-validation on the development split
(each fold fitted on the other folds only).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.evaluation.retrieval import read_rows
from app.lens.models import Lens
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.scope import (
    FEATURES,
    RULE_CASES,
    Gate,
    RulesGate,
    ScopeExemplars,
    ScopeGate,
    ScopeSignals,
    decide_attached,
    rule_case,
)

SPLITS = {
    "dev": ("retrieval/questions.jsonl", "scope/dev.jsonl"),
    "heldout": ("retrieval/heldout.jsonl", "scope/heldout.jsonl"),
}
MAX_IN_SCOPE_REFUSED = 0.01  # the calibration keeps dev in-scope refusals at or below this (the target is 0.02)
IN_SCOPE_PENALTY = 10.0  # the rules' grid search: each point of in-scope refusals above the limit costs ten points
RULE_GRID = {  # (dense, margin) thresholds tried for each of RulesGate's cases
    "in_context": ((0.2, 0.25, 0.3, 0.35), (-0.2, -0.15, -0.1, -0.05, 0.0, 0.05)),
    "with_ml": ((0.3, 0.35, 0.4, 0.45), (-0.1, -0.05, 0.0, 0.05, 0.1, 0.15)),
    "other": ((0.45, 0.5, 0.55, 0.6), (0.1, 0.15, 0.2, 0.25, 0.35, 0.45)),
    "without_ml": ((0.35, 0.4, 0.45, 0.5), (0.0, 0.05, 0.1, 0.15, 0.2, 0.25)),
}
CV_FOLDS, CV_SEEDS = 5, tuple(range(10))


@dataclass(frozen=True)
class Observed:
    id: str
    group: str  # "in_scope:<kind>" or "out_of_scope:<category>"
    in_scope: bool
    named_id: bool
    signals: ScopeSignals
    vector: tuple[float, ...] = field(default=(), compare=False, repr=False)  # the question's embedding as asked


Decider = Callable[[Observed], bool]  # True = refused


def observe(retriever: HybridRetriever, rows: Iterable[dict[str, Any]]) -> list[Observed]:
    """Every row's scope signals as the retriever measures them. A development question among the scope exemplars
    (app/retrieval/scope_exemplars.npz) is measured with its whole writer batch left out of them: the exemplars would
    otherwise hold the question itself, and the rows written with it (docs/scope-gate.md, "Exemplars")."""
    out = []
    with own_batch_left_out(retriever) as leave_out:
        for row in rows:
            leave_out(row["id"])
            out.append(_observed(retriever, row))
    return out


@contextmanager
def own_batch_left_out(retriever: HybridRetriever) -> Iterator[Callable[[str], None]]:
    """Within the block, `leave_out(row_id)` makes the retriever's scope exemplars those without the writer batch of
    that development row (scope, retrieval or ask question), or the shipped ones for any other question; the shipped
    exemplars are put back afterwards. How every evaluation scores a development question that is an exemplar."""
    shipped = retriever.exemplars
    left_out: dict[str, ScopeExemplars] = {}

    def leave_out(row_id: str) -> None:
        batch = shipped.batch_of(row_id) if shipped is not None else None
        if shipped is not None and batch is not None and batch not in left_out:
            left_out[batch] = shipped.without_batch(batch)
        retriever.exemplars = left_out[batch] if batch is not None else shipped

    try:
        yield leave_out
    finally:
        retriever.exemplars = shipped


def _observed(retriever: HybridRetriever, row: dict[str, Any]) -> Observed:
    result = retriever.search(row["question"], k=10)
    s = result.scope_signals
    signals = ScopeSignals(
        **{name: float(s[name]) for name in FEATURES if name in s},  # an unknown exemplar signal is left out
        override=bool(s["override"]),
        ai_security=bool(s.get("ai_security", False)),
        telegraphic=bool(s.get("telegraphic", False)),
        attached=bool(s.get("attached", False)),
        terse=bool(s.get("terse", False)),
        wording=float(s.get("wording", 0.0)),
        unreadable=bool(s.get("unreadable", False)),
    )
    in_scope = bool(row["expected"])
    category = row["kind"] if in_scope else row.get("category", "general")
    vector = result.query_vector(retriever.embedder.name)
    return Observed(
        row["id"],
        f"{'in_scope' if in_scope else 'out_of_scope'}:{category}",
        in_scope,
        # a lens-ID question is answered by rule unless the text beside the ID was gated (its signals are these)
        result.route == "id" and not signals.attached,
        signals,
        tuple(vector.tolist()) if vector is not None else (),
    )


def load_split(eval_dir: Path, split: str) -> list[dict[str, Any]]:
    return [row for name in SPLITS[split] for row in read_rows(eval_dir / name)]


def single_threshold(threshold: float) -> Decider:
    def refused(o: Observed) -> bool:
        return not o.named_id and (o.signals.margin <= 0 or o.signals.dense < threshold)

    return refused


def hand_rules(o: Observed) -> bool:
    """The rules (RulesGate, the fallback without the domain classifier); lens IDs in."""
    return o.signals.override or o.signals.unreadable or (not o.named_id and not RulesGate().decide(o.signals).in_scope)


def gate_decider(gate: Gate) -> Decider:
    def refused(o: Observed) -> bool:
        if o.signals.unreadable:  # refused by rule before any gate score (app/retrieval/unreadable.py)
            return True
        if o.signals.attached:  # the text beside a lens ID the question names
            return not decide_attached(gate, o.signals).in_scope
        return o.signals.override or (not o.named_id and not gate.decide(o.signals).in_scope)

    return refused


def score(observed: list[Observed], decider: Decider) -> dict[str, Any]:
    groups: dict[str, list[bool]] = defaultdict(list)
    overrides: dict[str, list[bool]] = defaultdict(list)
    for o in observed:
        groups[o.group].append(decider(o))
        overrides[o.group].append(o.signals.override)
    oos = [decider(o) for o in observed if not o.in_scope]
    ins = [decider(o) for o in observed if o.in_scope]
    return {
        "out_of_scope_refused": _share(oos),
        "in_scope_refused": _share(ins),
        "n_out_of_scope": len(oos),
        "n_in_scope": len(ins),
        "refused_by_group": {
            g: {"n": len(v), "refused": _share(v)} | ({"override": _share(overrides[g])} if any(overrides[g]) else {})
            for g, v in sorted(groups.items())
        },
    }


def wrong(observed: list[Observed], decider: Decider) -> list[dict[str, Any]]:
    return [
        {"id": o.id, "group": o.group, "refused": decider(o), "signals": o.signals.as_dict()}
        for o in observed
        if decider(o) == o.in_scope
    ]


def fit_rules(observed: list[Observed], embedder: str = RulesGate().embedder) -> RulesGate:
    """The RulesGate thresholds from RULE_GRID that refuse the most out-of-scope rows while keeping in-scope refusals
    at most MAX_IN_SCOPE_REFUSED (each point above it costs IN_SCOPE_PENALTY points), on rows that are neither override
    attempts nor lens-ID questions. Every combination is scored: the cases are disjoint, so their counts add up."""
    import numpy as np

    rows = [o for o in observed if not o.signals.override and not o.named_id]
    n_out = max(sum(not o.in_scope for o in rows), 1)
    n_in = max(sum(o.in_scope for o in rows), 1)
    options: list[list[tuple[float, float]]] = []
    refused_out, refused_in = np.zeros(1), np.zeros(1)
    for case in RULE_CASES:
        members = [o for o in rows if rule_case(o.signals) == case]
        pairs = [(d, m) for d in RULE_GRID[case][0] for m in RULE_GRID[case][1]]
        out_counts = [sum(not o.in_scope and not _passes(o, d, m) for o in members) for d, m in pairs]
        in_counts = [sum(o.in_scope and not _passes(o, d, m) for o in members) for d, m in pairs]
        refused_out = np.add.outer(refused_out, np.array(out_counts, dtype=np.float64)).ravel()
        refused_in = np.add.outer(refused_in, np.array(in_counts, dtype=np.float64)).ravel()
        options.append(pairs)
    objective = refused_out / n_out - IN_SCOPE_PENALTY * np.maximum(0.0, refused_in / n_in - MAX_IN_SCOPE_REFUSED)
    best = int(np.argmax(objective))
    chosen: dict[str, float] = {}
    for case, pairs in zip(reversed(RULE_CASES), reversed(options), strict=True):
        best, pick = divmod(best, len(pairs))
        chosen[f"dense_{case}"], chosen[f"margin_{case}"] = pairs[pick]
    return RulesGate(embedder=embedder, **chosen)


def _passes(o: Observed, dense: float, margin: float) -> bool:
    return o.signals.dense >= dense and o.signals.margin > margin


def cross_validate(observed: list[Observed], embedder: str) -> dict[str, Any]:
    """Stratified k-fold cross-validation on one split (CV_FOLDS folds, repeated with CV_SEEDS): each fold is decided
    by a logistic gate and by rules fitted on the other folds only. Figures are averaged over the repeats."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    fitters: dict[str, Callable[[list[Observed]], Gate]] = {
        "rules_fitted": lambda train: fit_rules(train, embedder),
        "logistic": lambda train: calibrate(train, embedder),
    }
    if len({o.id for o in observed}) != len(observed):
        raise ValueError("cross-validation needs unique row ids")
    labels = [o.group for o in observed]
    out: dict[str, Any] = {"folds": CV_FOLDS, "seeds": list(CV_SEEDS)}
    for name, fit in fitters.items():
        runs = []
        for seed in CV_SEEDS:
            refused: dict[str, bool] = {}
            for train, test in StratifiedKFold(CV_FOLDS, shuffle=True, random_state=seed).split(labels, labels):
                decide = gate_decider(fit([observed[i] for i in train]))
                refused |= {observed[i].id: decide(observed[i]) for i in test}
            runs.append(score(observed, lambda o, r=refused: r[o.id]))  # type: ignore[misc]
        out[name] = {
            "out_of_scope_refused": round(float(np.mean([r["out_of_scope_refused"] for r in runs])), 4),
            "in_scope_refused": round(float(np.mean([r["in_scope_refused"] for r in runs])), 4),
            "refused_by_group": {
                g: round(float(np.mean([r["refused_by_group"][g]["refused"] for r in runs])), 4)
                for g in runs[0]["refused_by_group"]
            },
        }
    return out


# Signals of how a question is written rather than what it is about: "we"/"our" and "write …"/"generate …". Leaving
# them out (weight 0) was measured and rejected: on the 235 blind development rows scd-301…535, scored before anything
# was changed for them, it refused 0.906 of the out-of-scope rows against 0.950 with them, at the same in-scope 0.021.
STYLE_FEATURES = ("own_workload", "artifact_request")


def calibrate(
    observed: list[Observed],
    embedder: str,
    unused: tuple[str, ...] = (),
    *,
    out_of_fold: bool = True,
    cutoff_from: Callable[[Observed], bool] | None = None,
) -> ScopeGate:
    """Fit the logistic gate on development rows (not override attempts, not lens-ID questions): standardised
    features, balanced classes, then the highest cutoff that keeps in-scope refusals at most MAX_IN_SCOPE_REFUSED.
    Features in `unused` get weight 0 (constant while fitting). The cutoff is read from out-of-fold probabilities
    (CUTOFF_FOLDS-fold, each row scored by a model fitted without it) unless `out_of_fold` is False: in-sample
    probabilities of in-scope rows are optimistic, so a cutoff set on them refuses more in-scope questions on new rows.
    With `cutoff_from`, only the in-scope rows it accepts set the cutoff (all rows still fit the weights).
    """
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    rows = [o for o in observed if not o.signals.override and not o.named_id]
    cut = cutoff_from or (lambda o: True)
    gate = _fit_logistic(rows, embedder, unused)
    if out_of_fold and min(sum(o.in_scope for o in rows), sum(not o.in_scope for o in rows)) >= CUTOFF_FOLDS:
        labels = np.array([o.in_scope for o in rows])
        scores = np.zeros(len(rows))
        for train, test in StratifiedKFold(CUTOFF_FOLDS, shuffle=True, random_state=0).split(labels, labels):
            inner = _fit_logistic([rows[i] for i in train], embedder, unused)
            scores[test] = [inner.probability(rows[i].signals) for i in test]
        in_scope_p = sorted(float(scores[i]) for i, o in enumerate(rows) if o.in_scope and cut(o))
    else:
        in_scope_p = sorted(gate.probability(o.signals) for o in rows if o.in_scope and cut(o))
    allowed = int(MAX_IN_SCOPE_REFUSED * len(in_scope_p))  # this many in-scope rows may fall below the cutoff
    cutoff = min(0.5, in_scope_p[allowed] - 1e-6) if in_scope_p else 0.5
    return ScopeGate(gate.weights, gate.bias, embedder, round(cutoff, 6), gate.means, gate.scales)


CUTOFF_FOLDS = 5


def _fit_logistic(rows: list[Observed], embedder: str, unused: tuple[str, ...]) -> ScopeGate:
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    x = np.array([o.signals.vector() for o in rows], dtype=np.float64)
    x[:, [FEATURES.index(name) for name in unused]] = 0.0
    y = np.array([o.in_scope for o in rows], dtype=np.int64)
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales < 1e-6] = 1.0  # constant on these rows (also after rounding to the six decimals stored)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit((x - means) / scales, y)
    return ScopeGate(
        weights=tuple(round(float(w), 6) for w in model.coef_[0]),
        bias=round(float(model.intercept_[0]), 6),
        embedder=embedder,
        means=tuple(round(float(m), 6) for m in means),
        scales=tuple(round(float(s), 6) for s in scales),
    )


def _share(values: list[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


PROBE_SAMPLE = 300  # out-of-scope how-to questions drawn (deterministically) from botocore's examples
_ML_SERVICE_NAME = re.compile(
    r"sagemaker|bedrock|comprehend|rekognition|textract|^lex|polly|transcribe|translate|personalize|forecast|kendra"
    r"|lookout|frauddetector|machinelearning|^ml|^ai"
)


def botocore_how_tos() -> list[tuple[str, str, str]]:
    """Every example title of botocore's non-ML service models turned into a question ("To create a DB cluster
    parameter group" -> "How do I create a DB cluster parameter group?"), with its service and operation, in a fixed
    hash order of the question: the product probes draw the first PROBE_SAMPLE questions, the scope exemplars
    (eval/build_scope_exemplars.py) draw others, of operations no probe comes from."""
    import gzip
    import hashlib

    import botocore  # type: ignore[import-untyped]

    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for path in sorted((Path(botocore.__file__).parent / "data").glob("*/*/examples-1.json*")):
        if _ML_SERVICE_NAME.search(path.parts[-3]):
            continue
        raw = path.read_bytes()
        examples = json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw).get("examples", {})
        for operation, per_operation in examples.items():
            for e in per_operation:
                title = e.get("title", "")
                if title.startswith("To "):
                    found[f"How do I {title[3:].rstrip('.')}?"].add((path.parts[-3], operation))
    ordered = sorted(found, key=lambda t: hashlib.sha1(t.encode("utf-8")).hexdigest())
    return [(q, service, operation) for q in ordered for service, operation in sorted(found[q])]


def probe_how_tos() -> list[str]:
    """The product probes' out-of-scope questions: the first PROBE_SAMPLE botocore how-tos in hash order."""
    return list(dict.fromkeys(q for q, _, _ in botocore_how_tos()))[:PROBE_SAMPLE]


def product_probes(lens: Lens, prompts_dir: Path) -> list[dict[str, Any]]:
    """Rows made from product data, not written for this eval, so no vocabulary or weight was fitted to their wording:
    in scope, the interview's plain-language practice labels and the practices' titles (short, with no "we" and often
    no ML word, like terse questions); out of scope, the example titles of botocore's non-ML service models turned
    into questions (`botocore_how_tos`), the first PROBE_SAMPLE of them in a fixed hash order."""
    from app.lens.interview import load_interview

    interview = load_interview(prompts_dir / "interview", lens)
    inside = sorted({p.label for q in interview.questions.values() for p in q.practices.values()})
    inside += sorted({bp.title for bp in lens.best_practices})
    drawn = probe_how_tos()
    rows = [
        {"id": f"probe-in-{i}", "question": t, "expected": ["lens"], "kind": "practice_label_or_title"}
        for i, t in enumerate(inside)
    ]
    rows += [
        {"id": f"probe-out-{i}", "question": t, "expected": [], "kind": "out_of_scope", "category": "aws_howto"}
        for i, t in enumerate(sorted(drawn))
    ]
    return rows
