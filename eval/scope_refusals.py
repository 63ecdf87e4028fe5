"""In-scope refusals of the scope gate, measured three ways (session 14; docs/scope-gate.md, "Session 14").

- `classes`: every in-scope question the shipped gate refuses, on the development split (the blind batch scd-24xx
  apart) and on each unseen set of tests/retrieval/data/unseen/, by what refuses it: the structural override checks,
  the learned override detector, an unreadable or attached request, a terse question below the terse floor or above
  it with too little practitioner wording, or the logistic gate with `infra_only`, `other_workload` or coursework among
  its largest pulls; with the three signals that pull its logit down most.
- `curve`: the operating point of the logistic gate: in-scope refused against out-of-scope refused on the development
  split, the blind batch and the unseen sets, for cutoffs from 0.40 down to 0.12 (the shipped weights).
- `everyday`: a terse question the gate refuses, read against an everyday / IT-operations text
  (eval/scope/everyday-questions.txt, not read by the product): the mean cosine of its three nearest
  interview lines minus that of its three nearest everyday lines (`d3`), its ROC AUC in against out, and the rules
  "terse, p at least a share of the cutoff, interview wording at least W, d3 at least D: answered" fitted on the
  development split without its blind batch (the most in-scope questions answered for at most k out-of-scope ones let
  through), then counted on the blind batch and the unseen sets.

Held-out rows are never read.

    PYTHONPATH=. .venv/bin/python eval/scope_refusals.py [classes|curve|everyday ...]
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNSEEN = ROOT / "tests" / "retrieval" / "data" / "unseen"
EVERYDAY = ROOT / "eval" / "scope" / "everyday-questions.txt"
IN_KINDS, OUT_KINDS = {"in_scope", "near_miss"}, {"out_of_scope", "attack", "jailbreak"}
BLIND = "scd-24"
CUTOFFS = (0.40, 0.354149, 0.33, 0.30, 0.28, 0.26, 0.24, 0.22, 0.20, 0.18, 0.16, 0.14, 0.12)


def unseen_rows() -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for path in sorted(UNSEEN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("kind") not in IN_KINDS | OUT_KINDS:
                continue
            jail = row["kind"] in ("attack", "jailbreak")
            category = "jail" if jail else row.get("category") or row.get("form") or row["kind"]
            expected = ["any"] if row["kind"] in IN_KINDS else []
            rows.append((path.stem, {"id": row["id"], "kind": row.get("form", row["kind"]), "category": category,
                                     "question": row["text"], "expected": expected}))  # fmt: skip
    return rows


def observe_all(kb: Any) -> list[tuple[str, dict[str, Any], Any]]:
    from app.evaluation import scope as ev

    rows = [("dev-blind" if r["id"].startswith(BLIND) else "dev", r) for r in ev.load_split(ROOT / "eval", "dev")]
    rows += unseen_rows()
    observed = ev.observe(kb.retriever, [r for _, r in rows])
    return [(name, row, o) for (name, row), o in zip(rows, observed, strict=True)]


def refusal_class(gate: Any, row: dict[str, Any], o: Any) -> str:
    from app.retrieval.override import is_override_attempt
    from app.retrieval.scope import TERSE_CUTOFF_SHARE

    s = o.signals
    if s.unreadable or s.attached:
        return "unreadable" if s.unreadable else "attached"
    if s.override:
        return "override: structural" if is_override_attempt(row["question"]) else "override: learned"
    if s.terse:
        below = gate.probability(s) < gate.cutoff * TERSE_CUTOFF_SHARE
        return "terse: below the floor" if below else "terse: wording too low"
    pulls = dict(pulls_of(gate, s))
    for name in ("infra_only", "other_workload", "coursework_or_consumer"):
        if getattr(s, name) > 0 and pulls[name] < -0.5:
            return f"gate: {name}"
    return "gate: margin and the rest"


def pulls_of(gate: Any, s: Any) -> list[tuple[str, float]]:
    from app.retrieval.scope import FEATURES

    return sorted(zip(FEATURES, gate.pulls(s), strict=True), key=lambda p: p[1])


def classes(kb: Any, observed: list[tuple[str, dict[str, Any], Any]]) -> None:
    from app.evaluation.scope import gate_decider

    gate, refused = kb.retriever.gate, gate_decider(kb.retriever.gate)
    by_set: dict[str, list[tuple[str, dict[str, Any], Any]]] = defaultdict(list)
    for name, row, o in observed:
        if o.in_scope and refused(o):
            by_set[name].append((refusal_class(gate, row, o), row, o))
    for name, items in sorted(by_set.items()):
        print(f"\n{name}: {len(items)} in-scope questions refused: {dict(Counter(c for c, _, _ in items))}")
        for cls, row, o in items:
            pulls = ", ".join(f"{n} {v:+.2f}" for n, v in pulls_of(gate, o.signals)[:3])
            print(f"  {cls:26s} p={gate.probability(o.signals):.3f} {row['id']} {row['question'][:90]!r} [{pulls}]")


def curve(kb: Any, observed: list[tuple[str, dict[str, Any], Any]]) -> None:
    from app.evaluation.scope import gate_decider

    print("\ncutoff | dev in / OOS incl. jailbreaks | blind in / out | unseen in / out / jailbreaks")
    for cutoff in CUTOFFS:
        refused = gate_decider(dataclasses.replace(kb.retriever.gate, cutoff=cutoff))
        t: Counter[str] = Counter()
        for name, _, o in observed:
            split = name if name.startswith("dev") else "unseen"
            kind = "in" if o.in_scope else "jail" if o.group.endswith(":jail") else "out"
            t[f"{split}:{kind}"] += refused(o)
            t[f"{split}:{kind}:n"] += 1
        dev_out = sum(t[f"{s}:{k}"] for s in ("dev", "dev-blind") for k in ("out", "jail"))
        dev_out_n = sum(t[f"{s}:{k}:n"] for s in ("dev", "dev-blind") for k in ("out", "jail"))
        dev_in = t["dev:in"] + t["dev-blind:in"]
        print(
            f"{cutoff:.3f} | {dev_in}/{t['dev:in:n'] + t['dev-blind:in:n']} {dev_out / dev_out_n:.3f} "
            f"| {t['dev-blind:in']}/{t['dev-blind:in:n']} {t['dev-blind:out'] + t['dev-blind:jail']}/"
            f"{t['dev-blind:out:n'] + t['dev-blind:jail:n']} | {t['unseen:in']}/{t['unseen:in:n']} "
            f"{t['unseen:out']}/{t['unseen:out:n']} {t['unseen:jail']}/{t['unseen:jail:n']}"
        )


def everyday(kb: Any, observed: list[tuple[str, dict[str, Any], Any]]) -> None:
    from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

    from app.retrieval.scope import TERSE_CUTOFF_SHARE, TERSE_WORDING_MIN, read_topic_lines

    gate, embedder = kb.retriever.gate, kb.retriever.embedder
    lines = read_topic_lines(EVERYDAY)
    lines_v = embedder.embed(lines)
    wording_v = kb.retriever.wording.vectors

    def top3(matrix: np.ndarray, vector: np.ndarray) -> float:
        return float(np.sort(matrix @ vector)[-3:].mean())

    rows = []
    for name, row, o in observed:
        s = o.signals
        if not s.terse or s.override or s.attached or o.named_id or gate.probability(s) >= gate.cutoff:
            continue
        v = embedder.embed([row["question"]])[0]
        w3 = top3(wording_v, v)
        rows.append((name, o.in_scope, gate.probability(s), w3, w3 - top3(lines_v, v)))
    print(f"\n{len(lines)} everyday lines; {len(rows)} refused terse questions")
    for scope in ("dev", "unseen"):
        sel = [r for r in rows if r[0].startswith("dev") == (scope == "dev")]
        y = [r[1] for r in sel]
        auc = {k: roc_auc_score(y, [r[i] for r in sel]) for k, i in (("p", 2), ("wording", 3), ("d3", 4))}
        print(f"  {scope}: n={len(sel)} in={sum(y)} ROC AUC " + " ".join(f"{k} {v:.3f}" for k, v in auc.items()))
    grid = itertools.product((0, 0.1, 1 / 6, 0.25, 1 / 3), np.arange(0.30, 0.50, 0.01), np.arange(-0.1, 0.35, 0.01))
    results = []
    for floor, wmin, dmin in grid:
        c: Counter[tuple[str, bool]] = Counter()
        for name, ins, p, w3, d3 in rows:
            main = w3 >= TERSE_WORDING_MIN and p >= gate.cutoff * TERSE_CUTOFF_SHARE
            if not main and p >= gate.cutoff * floor and w3 >= wmin and d3 >= dmin:
                c[(name if name.startswith("dev") else "unseen", ins)] += 1
        results.append(((floor, round(wmin, 2), round(dmin, 2)), c))
    for let_through in range(4):
        ok = [(k, c) for k, c in results if c[("dev", False)] <= let_through]
        best = max(c[("dev", True)] for _, c in ok)
        checks = Counter(
            (c[("dev-blind", True)], c[("dev-blind", False)], c[("unseen", True)], c[("unseen", False)])
            for _, c in ok
            if c[("dev", True)] == best
        )
        print(f"  dev out let through <= {let_through}: dev in answered {best}; (blind in, blind out, unseen in, "
              f"unseen out) answered over the tied rules: {checks.most_common(4)}")  # fmt: skip


def main() -> None:
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    wanted = sys.argv[1:] or ["classes", "curve", "everyday"]
    kb = load_knowledge_base(Settings(_env_file=None))  # type: ignore[call-arg]
    observed = observe_all(kb)
    for name in wanted:
        {"classes": classes, "curve": curve, "everyday": everyday}[name](kb, observed)


if __name__ == "__main__":
    main()
