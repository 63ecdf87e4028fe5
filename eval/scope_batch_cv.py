"""Leave-one-writer-batch-out cross-validation of the scope gate on the development split.

    .venv/bin/python eval/scope_batch_cv.py            # each writer batch decided by a gate fitted on the others
    .venv/bin/python eval/scope_batch_cv.py --only 'scd-1[0-9]{3}'   # the same, reported for matching rows only
    .venv/bin/python eval/scope_batch_cv.py --curve    # in scope refused against out of scope refused, by cutoff

The development rows were written in batches by different writers (and the later ones blind); a gate fitted on the
other batches and scored on one batch is the nearest thing the development split has to new writers' wording. Each
batch is decided by `calibrate` (app/evaluation/scope.py: logistic fit, cutoff from out-of-fold probabilities) fitted
on every other batch; override attempts are refused and lens-ID questions answered, as the shipped gate does.
Prints out-of-scope refused and in-scope refused overall, per batch and per category (docs/scope-gate.md). Rows from
scd-2800 on (the blind batch of session 16, the coordinator's) are never read; batches scd-26xx and scd-27xx are their
own batches (before, they fell into the retrieval questions' batch).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Writer batches by row id (in the order they were written); rows of eval/retrieval/questions.jsonl are one batch.
BATCHES = (
    ("sc", r"sc-"),
    ("scd-0xx", r"scd-0\d\d$"),
    ("scd-1xx", r"scd-1\d\d$"),
    ("scd-2xx", r"scd-2\d\d$"),
    ("scd-3xx-5xx", r"scd-[345]\d\d$"),
    ("scd-6xx-7xx", r"scd-[67]\d\d$"),
    ("scd-8xx-9xx", r"scd-[89]\d\d$"),
    ("scd-10xx-15xx", r"scd-1[0-5]\d\d$"),
    ("scd-16xx-17xx", r"scd-1[67]\d\d$"),
    ("scd-18xx-19xx", r"scd-1[89]\d\d$"),
    ("scd-20xx-21xx", r"scd-2[01]\d\d$"),
    ("scd-22xx-23xx", r"scd-2[23]\d\d$"),
    ("scd-24xx", r"scd-24\d\d$"),
    ("scd-25xx", r"scd-25\d\d$"),
    ("scd-26xx", r"scd-26\d\d$"),
    ("scd-27xx", r"scd-27\d\d$"),
)
BLIND_FROM = 2800  # rows scd-2800 on are this session's blind batch (the coordinator's): never read or scored here
CURVE_CUTOFFS = (0.60, 0.55, 0.50, 0.45, 0.40, 0.354149, 0.33, 0.30, 0.28, 0.26, 0.24, 0.22, 0.20, 0.18, 0.16, 0.14)


def is_blind(row_id: str) -> bool:
    match = re.fullmatch(r"scd-(\d+)", row_id)
    return match is not None and int(match.group(1)) >= BLIND_FROM


def batch_of(row_id: str) -> str:
    for name, pattern in BATCHES:
        if re.match(pattern, row_id):
            return name
    return "retrieval"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="report only rows whose id matches this regular expression")
    parser.add_argument(
        "--curve",
        action="store_true",
        help="print, for each cutoff, in scope and out of scope refused by the batch-held-out refits and by the "
        "shipped gate (whose weights saw most of these rows: in sample)",
    )
    args = parser.parse_args()

    from app.evaluation.scope import calibrate, gate_decider, load_split, observe
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    kb = load_knowledge_base(Settings())
    observed = observe(kb.retriever, [r for r in load_split(ROOT / "eval", "dev") if not is_blind(r["id"])])
    embedder = kb.retriever.embedder.name
    refused: dict[str, bool] = {}
    held_out_gates = {}
    for batch in sorted({batch_of(o.id) for o in observed}):
        train = [o for o in observed if batch_of(o.id) != batch]
        held_out_gates[batch] = calibrate(train, embedder)
        decide = gate_decider(held_out_gates[batch])
        refused |= {o.id: decide(o) for o in observed if batch_of(o.id) == batch}
    if args.curve:
        _curve(observed, held_out_gates, kb.retriever.gate)
    shown = [o for o in observed if not args.only or re.match(args.only, o.id)]
    _report("all", shown, refused)
    by_batch: dict[str, list] = defaultdict(list)
    for o in shown:
        by_batch[batch_of(o.id)].append(o)
    for name, rows in sorted(by_batch.items()):
        _report(name, rows, refused)
    groups: dict[str, list[bool]] = defaultdict(list)
    for o in shown:
        groups[o.group].append(refused[o.id])
    print(
        "refused by category: "
        + ", ".join(f"{g.split(':')[1]} {sum(v) / len(v):.3f}/{len(v)}" for g, v in sorted(groups.items()))
    )


def _curve(observed: list, held_out_gates: dict, shipped: object) -> None:
    import dataclasses

    from app.evaluation.scope import gate_decider

    n_in = sum(o.in_scope for o in observed)
    n_out = len(observed) - n_in
    print(f"cutoff | batch-held-out refit: in scope refused /{n_in}, out of scope refused | shipped (in sample)")
    for cutoff in CURVE_CUTOFFS:
        deciders = {b: gate_decider(dataclasses.replace(g, cutoff=cutoff)) for b, g in held_out_gates.items()}
        ship = gate_decider(dataclasses.replace(shipped, cutoff=cutoff))  # type: ignore[type-var]
        cv = [deciders[batch_of(o.id)](o) for o in observed]
        sh = [ship(o) for o in observed]
        cv_in = sum(r for r, o in zip(cv, observed, strict=True) if o.in_scope)
        sh_in = sum(r for r, o in zip(sh, observed, strict=True) if o.in_scope)
        cv_out = sum(r for r, o in zip(cv, observed, strict=True) if not o.in_scope) / n_out
        sh_out = sum(r for r, o in zip(sh, observed, strict=True) if not o.in_scope) / n_out
        print(f"{cutoff:.3f} | {cv_in} {cv_out:.3f} | {sh_in} {sh_out:.3f}")


def _report(name: str, rows: list, refused: dict[str, bool]) -> None:
    out = [refused[o.id] for o in rows if not o.in_scope]
    inside = [refused[o.id] for o in rows if o.in_scope]
    print(
        f"{name:12s} out of scope refused {sum(out) / max(len(out), 1):.3f} (n={len(out)})"
        f"  in scope refused {sum(inside) / max(len(inside), 1):.3f} (n={len(inside)})"
    )


if __name__ == "__main__":
    main()
