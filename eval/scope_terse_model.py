"""A terse-specific learned signal for the scope gate (session 16; measured, not shipped: docs/scope-gate.md,
"Session 16: a learned model for terse questions").

The candidate: a small logistic model fitted only on short questions (at most MAX_WORDS words) of the development
split, in scope against out of scope, over the gate's own numbers (its logit, `dense`, `margin`, `domain`, `lexical`,
`coverage`, `own_workload`), the interview wording (mean cosine of the three nearest lines, as the `wording` signal)
and lexical flags (a lens practice object named: approval, sign-off, rollback, budget, access, lineage, drift, audit,
owner, version, latency, …; an ML word; an infrastructure object; another kind of system; coursework), plus the
length. It could only let through a question the gate refuses as off topic (never refuse one): an eligible question
is short, no override attempt, no lens ID, nothing attached, and (`--strict`, the default) names no infrastructure
object, other system, coursework or artefact request.

Cross-validated by writer batch (eval/scope_batch_cv.py's batches): each batch's rows are scored by a model fitted on
the other batches. For each cutoff the script prints the development rows the out-of-fold model would answer (in
scope) or let through (out of scope) among those the gate refuses, then the unseen sets of
tests/retrieval/data/unseen/ scored by the model fitted on every short development row. `--everyday` adds the short
lines of eval/scope/everyday-questions.txt to the out-of-scope side of the fit (their own CV batch). The blind batch
`scd-26xx` is left out; held-out rows are never read.

    PYTHONPATH=. .venv/bin/python eval/scope_terse_model.py [--everyday] [--loose] [--rows] [--c 1.0]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

MAX_WORDS = 8
BLIND = re.compile(r"scd-26\d\d$")
IN_SCOPE_KINDS = ("in_scope", "terse", "long", "voice", "near_miss")
CUTOFFS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
# Objects the lens's practices act on, in the practitioner's words (the brief's "practice objects"), and their verbs.
PRACTICE = re.compile(
    r"""\b(?:approv\w*|sign(?:s|ed)?[- ]?off|go[- /]?(?:live|no[- ]go)|launch\w*|releas\w*|ship\w*|promot\w*
    |roll(?:s|ed|ing)?[- ]?back\w*|undo|revert\w*|budget\w*|spend\w*|cost\w*|bill\w*|pays?|money|access|permission\w*
    |privilege\w*|lineage|provenance|drift\w*|audit\w*|own(?:s|er|ers|ership)|handover|hand-off|runbook\w*
    |postmortem\w*|incident\w*|canary|version\w*|reproduc\w*|rebuild\w*|latency|throughput|metrics?|kpis?|baselines?
    |monitor\w*|alert\w*|alarm\w*|retrain\w*|bias|fairness|explain\w*|governance|complian\w*|consent|pii|encrypt\w*
    |retention|carbon|energy|idle|right-?siz\w*|quota\w*|tag\w*|scor\w*|predict\w*|holdout|tuning|tune
    |experiment\w*|fallback|poison\w*|inputs?|outputs?)\b""",
    re.VERBOSE,
)
FEATURE_NAMES = (
    "logit",
    "dense",
    "margin",
    "domain",
    "lexical",
    "coverage",
    "wording3",
    "practice_object",
    "ml_word",
    "infra_object",
    "other_system",
    "coursework",
    "own_workload",
    "length",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--everyday", action="store_true", help="add eval/scope/everyday-questions.txt as negatives")
    parser.add_argument("--loose", action="store_true", help="also consider refused questions naming infrastructure")
    parser.add_argument("--rows", action="store_true", help="print every unseen question a cutoff would change")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the logistic fit")
    args = parser.parse_args()

    import numpy as np
    from scope_batch_cv import batch_of
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from app.evaluation.scope import load_split
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    retriever = load_knowledge_base(Settings()).retriever
    if retriever.wording is None:
        raise SystemExit("no practitioner wording for this embedder")

    def observe(source: str, row_id: str, text: str, inside: bool) -> dict[str, Any]:
        result = retriever.search(text, k=10)
        return {
            "source": source,
            "id": row_id,
            "text": text,
            "in": inside,
            "batch": batch_of(row_id) if source == "dev" else source,
            "refused": bool(result.out_of_scope),
            "reason": result.scope_reason,
            "p": result.scope_probability,
            "route": result.route,
            "signals": result.scope_signals,
        }

    rows = [
        observe("dev", row["id"], row["question"], bool(row["expected"]))
        for row in load_split(ROOT / "eval", "dev")
        if not BLIND.match(row["id"]) and len(row["question"].split()) <= MAX_WORDS
    ]
    if args.everyday:
        lines = (ROOT / "eval/scope/everyday-questions.txt").read_text(encoding="utf-8").splitlines()
        texts = [t.strip() for t in lines if t.strip() and not t.startswith("#")]
        rows += [observe("everyday", f"everyday-{i}", t, False) for i, t in enumerate(texts) if len(t.split()) <= 8]
    unseen = []
    for path in sorted((ROOT / "tests/retrieval/data/unseen").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            text = str(row.get("text") or row.get("question") or "")
            if "kind" in row and len(text.split()) <= MAX_WORDS:
                unseen.append(observe(path.stem, str(row["id"]), text, str(row["kind"]) in IN_SCOPE_KINDS))

    def eligible(r: dict[str, Any]) -> bool:
        s = r["signals"]
        return not (s["override"] or s.get("attached") or s.get("unreadable") or r["route"] == "id")

    def candidate(r: dict[str, Any]) -> bool:  # a question the terse model may let through
        s = r["signals"]
        names_other = s["infra_only"] or s["other_workload"] or s["coursework_or_consumer"] or s["artifact_request"]
        return eligible(r) and r["refused"] and r["reason"] == "off_topic" and (args.loose or not names_other)

    def features(r: dict[str, Any], wording: float) -> list[float]:
        s, text = r["signals"], r["text"].lower()
        p = min(max(float(r["p"] or 0.0), 1e-4), 1 - 1e-4)
        flags = (PRACTICE.search(text), s["ml_terms"] or s["ml_object"], s["infra_only"], s["other_workload"])
        numbers = [s[name] for name in ("dense", "margin", "domain", "lexical", "coverage")]
        return [
            math.log(p / (1 - p)),
            *numbers,
            wording,
            *(1.0 if flag else 0.0 for flag in flags),
            s["coursework_or_consumer"],
            s["own_workload"],
            len(text.split()) / MAX_WORDS,
        ]

    def matrix(part: list[dict[str, Any]]) -> Any:
        vectors = retriever.embedder.embed([r["text"] for r in part])
        assert retriever.wording is not None
        return np.array([features(r, retriever.wording.similarity(v)) for r, v in zip(part, vectors, strict=True)])

    train = [r for r in rows if eligible(r)]
    x, y = matrix(train), np.array([r["in"] for r in train])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9

    def fit(xs: Any, ys: Any) -> Any:
        model = LogisticRegression(C=args.c, class_weight="balanced", max_iter=2000)
        return model.fit((xs - mean) / scale, ys)

    batches = np.array([r["batch"] for r in train])
    out_of_fold = np.zeros(len(train))
    for batch in sorted(set(batches)):
        held = batches == batch
        out_of_fold[held] = fit(x[~held], y[~held]).predict_proba((x[held] - mean) / scale)[:, 1]
    model = fit(x, y)
    print(f"short rows fitted: {len(train)} ({int(y.sum())} in scope); batches {len(set(batches))}")
    print(
        f"ROC AUC, batch out of fold: terse model {roc_auc_score(y, out_of_fold):.3f}, gate logit "
        f"{roc_auc_score(y, x[:, 0]):.3f}"
    )
    print(
        "weights (standardised): "
        + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURE_NAMES, model.coef_[0], strict=True))
    )

    refused = np.array([candidate(r) for r in train])
    dev = np.array([r["source"] == "dev" for r in train])
    seen = [r for r in unseen if candidate(r)]
    p_unseen = model.predict_proba((matrix(seen) - mean) / scale)[:, 1] if seen else np.zeros(0)
    print(
        f"refused by the gate, candidates: dev {int((refused & dev & y).sum())} in / "
        f"{int((refused & dev & ~y).sum())} out; unseen {sum(r['in'] for r in seen)} in / "
        f"{sum(not r['in'] for r in seen)} out"
    )
    print(
        "cutoff | dev (batch CV): in answered, out let through | extra negatives let through | "
        "unseen: in answered, out let through"
    )
    for cutoff in CUTOFFS:
        passed = out_of_fold >= cutoff
        changed: Counter[tuple[str, bool]] = Counter(
            (r["source"], bool(r["in"])) for r, q in zip(seen, p_unseen, strict=True) if q >= cutoff
        )
        extra = int((passed & refused & ~dev).sum())
        answered, let_through = (sum(n for (_, i), n in changed.items() if i is side) for side in (True, False))
        print(
            f"{cutoff:.2f} | {int((passed & refused & dev & y).sum())}, {int((passed & refused & dev & ~y).sum())} | "
            f"{extra} | {answered}, {let_through}"
        )
        if args.rows:
            for r, q in zip(seen, p_unseen, strict=True):
                if q >= cutoff:
                    print(f"    {r['source']} {'in ' if r['in'] else 'out'} {q:.3f} {r['text']}")

    # CPU of the candidate per gated question had it shipped: the wording product and the model, per refused question.
    vectors = retriever.embedder.embed([r["text"] for r in seen or unseen[:1]])
    start = time.process_time()
    for _ in range(20):
        for r, v in zip(seen or unseen[:1], vectors, strict=True):
            z = (np.array(features(r, retriever.wording.similarity(v))) - mean) / scale
            1.0 / (1.0 + math.exp(-float(model.coef_[0] @ z + model.intercept_[0])))
    per = (time.process_time() - start) / (20 * max(len(seen), 1))
    print(f"CPU per refused eligible question (wording + features + model): {per * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
