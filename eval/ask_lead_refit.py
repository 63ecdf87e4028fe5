"""The order the first practice's quoted lines are shown in with the line judge (app/qa/extractive.py
JUDGE_LEAD_WEIGHTS, LEAD_WEIGHTS before session 28): LEAD_WEIGHTS' features refitted on the line judge's scores, judged
by leaving each hundred dev rows out, against the shipped order and LEAD_WEIGHTS, checked on every unseen ask set
(tests/qa/data/unseen/). Never reads the held-out split.

Every question is answered once as `mllens eval ask` answers it and `pick_within`'s inputs are kept
(eval/ask_judge_sharpening.py `capture`); which lines are quoted never changes here, only their order, so only the
first line can move. For each row whose first practice quotes two lines or more: the lines in the order picked, their
LEAD_FEATURES as `pick_within` computes them, and which of them answer (`wanted`, or a second reader's `also`). A
pairwise logistic regression (every answering line before every other, as LEAD_WEIGHTS were fitted before the judge)
over the feature names given; reported: rows whose first line answers with the shipped LEAD_WEIGHTS, with the refit
in sample, and out of fold (each hundred dev rows' order fitted on the other rows), and with JUDGE_LEAD_WEIGHTS (the
product's first line: printed first, as answered), on dev and on each unseen set.

    PYTHONPATH=. .venv/bin/python eval/ask_lead_refit.py [--names pooled,score,section:desired_outcome,...] [--c 1]
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import app.qa.extractive as ex  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.settings import Settings  # noqa: E402

UNSEEN = ROOT / "tests/qa/data/unseen"


def _capture() -> Any:
    spec = importlib.util.spec_from_file_location("ask_judge_sharpening", ROOT / "eval/ask_judge_sharpening.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.capture


def lead_case(case: dict[str, Any]) -> dict[str, Any]:
    """The first practice's lines in the order picked, their LEAD_FEATURES, and which answer; or, when the order
    cannot change (one line or none), whether the product's first line answers."""
    units, owner, scores, judged, ranked, lead = case["args"]
    shipped = ex.JUDGE_LEAD_WEIGHTS
    ex.JUDGE_LEAD_WEIGHTS = {}  # the order picked
    try:
        chosen = ex.pick_within(units, owner, scores, judged, ranked, lead)
    finally:
        ex.JUDGE_LEAD_WEIGHTS = shipped
    row = case["row"]
    answering = {*row["wanted"], *row.get("also", [])}
    lines = [unit.parts for p in ranked for unit in chosen[p]]
    first = ranked[0]
    if len(chosen[first]) < 2:
        return {"fixed": bool(lines) and bool(answering & set(lines[0]))}
    rows = ex.line_rows(units, owner, chosen[first], first)
    shown = judged + ex.PARAGRAPH_WEIGHT * ex._paragraph_best(units, owner, judged)
    features = ex.lead_features(units, owner, judged, shown, rows)
    labels = np.array([bool(answering & set(line.parts)) for line in chosen[first]])
    return {"features": features, "labels": labels}


def first_line_hits(cases: list[dict[str, Any]], vector: np.ndarray) -> int:
    hits = 0
    for c in cases:
        if "fixed" in c:
            hits += c["fixed"]
        else:
            hits += bool(c["labels"][int(np.argmax(c["features"] @ vector))])  # argmax: the first of ties, as stable
    return hits


def fit(cases: list[dict[str, Any]], columns: list[int], c: float) -> np.ndarray:
    """LEAD_FEATURES weights (0 outside `columns`), scaled so that the first column weighs 1."""
    from sklearn.linear_model import LogisticRegression

    diffs = []
    for case in cases:
        if "fixed" in case or case["labels"].all() or not case["labels"].any():
            continue
        f, y = case["features"][:, columns], case["labels"]
        diffs += [p - f[~y] for p in f[y]]
    x = np.concatenate(diffs)
    x = np.concatenate([x, -x])
    y = np.r_[np.ones(len(x) // 2), np.zeros(len(x) // 2)]
    coef = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y).coef_[0]
    out = np.zeros(len(ex.LEAD_FEATURES))
    out[columns] = coef / coef[0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", default=",".join(ex.LEAD_WEIGHTS), help="LEAD_FEATURES to fit (first weighs 1)")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the pairwise regression")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    sets = {"dev": ROOT / "eval/ask/dev.jsonl", **{p.stem: p for p in sorted(UNSEEN.glob("ask_*.jsonl"))}}
    state, product = _capture()(load_knowledge_base(Settings()), sets)
    cases: dict[str, list[dict[str, Any]]] = {name: [] for name in sets}
    ids: list[str] = []
    for rid, case in state.items():
        cases[case["set"]].append(lead_case(case))
        if case["set"] == "dev":
            ids.append(rid)
    columns = [ex.LEAD_FEATURES.index(n) for n in args.names.split(",")]
    orders = {
        "LEAD_WEIGHTS": ex._lead_vector(),
        "JUDGE_LEAD_WEIGHTS (shipped)": ex._lead_vector(ex.JUDGE_LEAD_WEIGHTS),
        "refit (in sample on dev)": fit(cases["dev"], columns, args.c),
    }
    print("refit:", {ex.LEAD_FEATURES[i]: round(float(orders["refit (in sample on dev)"][i]), 3) for i in columns})
    print("product first line (as answered):", {k: v[1] for k, v in product.items()})
    print("| set | " + " | ".join(orders) + " |")
    print("|---" * (len(orders) + 1) + "|")
    totals = [0] * len(orders)
    for name, rows in cases.items():
        hits = [first_line_hits(rows, vector) for vector in orders.values()]
        print(f"| {name} | {' | '.join(map(str, hits))} |")
        if name != "dev":
            totals = [a + b for a, b in zip(totals, hits, strict=True)]
    print(f"| unseen total | {' | '.join(map(str, totals))} |")
    folds = sorted({int(r.split("-")[1]) // 100 for r in ids})
    out_of_fold = 0
    for fold in folds:
        train = [c for r, c in zip(ids, cases["dev"], strict=True) if int(r.split("-")[1]) // 100 != fold]
        test = [c for r, c in zip(ids, cases["dev"], strict=True) if int(r.split("-")[1]) // 100 == fold]
        out_of_fold += first_line_hits(test, fit(train, columns, args.c))
    print(f"dev, each hundred rows' order fitted on the others: {out_of_fold}")


if __name__ == "__main__":
    main()
