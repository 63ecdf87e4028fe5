"""Leave-one-writer-batch-out cross-validation of the scope gate on the development split.

    .venv/bin/python eval/scope_batch_cv.py            # each writer batch decided by a gate fitted on the others
    .venv/bin/python eval/scope_batch_cv.py --only 'scd-1[0-9]{3}'   # the same, reported for matching rows only
    .venv/bin/python eval/scope_batch_cv.py --curve    # in scope refused against out of scope refused, by cutoff
    .venv/bin/python eval/scope_batch_cv.py --write-gate   # then fit the gate on every batch, write scope_gate.json

The development rows were written in batches by different writers (and the later ones blind); a gate fitted on the
other batches and scored on one batch is the nearest thing the development split has to new writers' wording. Each
batch is decided by `calibrate` (app/evaluation/scope.py: logistic fit, cutoff from out-of-fold probabilities) fitted
on every other batch; override attempts are refused and lens-ID questions answered, as the shipped gate does.
Prints out-of-scope refused and in-scope refused overall, per batch and per category (docs/scope-gate.md). Rows from
scd-2900 on (the blind batch of session 17) are never read; batches scd-26xx, scd-27xx and (since session 17, when it
stopped being blind) scd-28xx are their own batches. The ask development questions below ask-1401 (session 17's blind
ask batch is never read) are an in-scope set of their own, in their writers' batches, decided the same way; with
--fit-ask the gates are fitted on them too.

The `exemplar` signal (the labelled development questions as neighbours, app/retrieval/scope_exemplars.npz) is held
out the same way: a batch is decided with exemplars of the other batches only (`observe` leaves a row's own batch out),
and the gate that decides it is fitted on rows whose exemplar signal leaves out their own batch *and* the batch being
decided (recomputed from their vectors; a request attached to a lens question keeps the signal of its own text,
measured with its own batch left out). The blind batches (ids from scd-2900, from ask-1401) are never read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]

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
    ("scd-28xx", r"scd-28\d\d$"),
)
BLIND_FROM = 2900  # rows scd-2900 on are session 17's blind batch: never read or scored here (scd-28xx is a batch)
ASK_DEV = ROOT / "eval" / "ask" / "dev.jsonl"
ASK_BLIND_FROM = 1401  # ask rows ask-1401 on are session 17's blind batch: never read, scored or made exemplars here
_ASK_ID = re.compile(r'"id":\s*"(ask-(\d+))"')
CURVE_CUTOFFS = (0.60, 0.55, 0.50, 0.45, 0.40, 0.354149, 0.33, 0.30, 0.28, 0.26, 0.24, 0.22, 0.20, 0.18, 0.16, 0.14)


def is_blind(row_id: str) -> bool:
    """A row of a blind batch: scope dev from scd-2900, ask dev from ask-1401."""
    match = re.fullmatch(r"scd-(\d+)", row_id)
    ask = re.fullmatch(r"ask-(\d+)", row_id)
    return (match is not None and int(match.group(1)) >= BLIND_FROM) or (
        ask is not None and int(ask.group(1)) >= ASK_BLIND_FROM
    )


def ask_rows() -> list[dict[str, Any]]:
    """The ask development questions below the blind batch (ids before ask-1401), in file order, as in-scope scope rows
    (kind `ask`, the practice that answers them as expected). A line's id is read before anything else of it, so no
    blind row is ever parsed."""
    rows = []
    for line in ASK_DEV.read_text(encoding="utf-8").splitlines():
        match = _ASK_ID.search(line)
        if match is None or is_blind(match.group(1)):
            continue
        row = json.loads(line)
        if row["id"] != match.group(1):
            raise ValueError(f"{ASK_DEV}: a line whose first id is {match.group(1)} holds row {row['id']}")
        rows.append({"id": row["id"], "question": row["question"], "expected": [row["bp_id"]], "kind": "ask"})
    return rows


def development_rows() -> list[dict[str, Any]]:
    """The development split the batch CV decides and the gate is fitted on (--write-gate): every row of
    `mllens eval scope`'s dev split except the blind batch (ids from scd-2900), which is never read."""
    from app.evaluation.scope import load_split

    return [r for r in load_split(ROOT / "eval", "dev") if not is_blind(r["id"])]


def batch_of(row_id: str) -> str:
    if row_id.startswith("ask-"):  # an ask development question: the batches of eval/ask/README.md
        from ask_ranking_cv import batch

        return batch(row_id)
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
    parser.add_argument(
        "--write-gate",
        action="store_true",
        help="afterwards fit the gate on every development batch (calibrate) and write app/retrieval/scope_gate.json",
    )
    parser.add_argument(
        "--fit-ask",
        action="store_true",
        help="fit every gate's weights on the ask development questions (below ask-1401) too, as in-scope rows (the "
        "cutoff stays set on the scope rows)",
    )
    args = parser.parse_args()

    from app.evaluation.scope import calibrate, gate_decider, observe
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    kb = load_knowledge_base(Settings())
    observed = observe(kb.retriever, development_rows())
    asked = observe(kb.retriever, ask_rows())  # an in-scope set of its own, each question without its batch
    fitted = observed + asked if args.fit_ask else observed
    # the cutoff keeps the 1% rule on the scope rows' in-scope questions; the ask rows inform the weights only
    scope_rows_only = lambda o: not o.id.startswith("ask-")  # noqa: E731
    embedder = kb.retriever.embedder.name
    exemplars = kb.retriever.exemplars
    refused: dict[str, bool] = {}
    held_out_gates = {}
    for batch in sorted({batch_of(o.id) for o in observed + asked}):
        train = [o for o in fitted if batch_of(o.id) != batch]
        if exemplars is not None:
            train = _exemplars_without(train, exemplars, batch)
        held_out_gates[batch] = calibrate(train, embedder, cutoff_from=scope_rows_only)
        decide = gate_decider(held_out_gates[batch])
        refused |= {o.id: decide(o) for o in observed + asked if batch_of(o.id) == batch}
    if args.curve:
        _curve(observed, {b: g for b, g in held_out_gates.items() if not b.startswith("ask-")}, kb.retriever.gate)
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
    _report_ask(asked, refused, kb.retriever.gate)
    if args.write_gate:
        from app.retrieval.scope import GATE_FILE

        gate = calibrate(fitted, embedder, cutoff_from=scope_rows_only)
        GATE_FILE.write_text(json.dumps(gate.to_json(), indent=2) + "\n", encoding="utf-8")
        print(f"gate fitted on {len(fitted)} development rows (blind batches left out), written to {GATE_FILE.name}")


def _report_ask(asked: list, refused: dict[str, bool], shipped: object) -> None:
    """The ask development questions (below ask-1401), an in-scope set of their own: in-scope refused by the gates
    fitted without their batch (with --fit-ask on the other ask batches too; each gate's rows with an exemplar signal
    that leaves out their own batch and the one decided, the question's own signal its batch: `observe`) and by the
    shipped gate (in sample only for rows it was fitted on)."""
    from app.evaluation.scope import gate_decider

    ship = gate_decider(shipped)  # type: ignore[arg-type]
    earlier = [o for o in asked if int(o.id.rsplit("-", 1)[1]) < 1301]  # without session 16's ask-13xx
    for name, rows in (("ask", asked), ("ask<1301", earlier)):
        n = len(rows)
        print(
            f"{name:12s} in scope refused, batch-held-out gates {sum(refused[o.id] for o in rows)}/{n}, "
            f"shipped gate {sum(ship(o) for o in rows)}/{n}"
        )
    print("ask refused (batch-held-out): " + " ".join(sorted(o.id for o in asked if refused[o.id])))


def _exemplars_without(rows: list, exemplars: object, batch: str) -> list:
    """`rows` with their exemplar signal measured without their own batch and without `batch` (the one decided)."""
    import dataclasses

    import numpy as np

    out, cache = [], {}
    for o in rows:
        own = batch_of(o.id)
        if o.signals.attached or not o.vector:
            out.append(o)
            continue
        if own not in cache:
            cache[own] = exemplars.without_batch(own).without_batch(batch)  # type: ignore[attr-defined]
        value = cache[own].signal(np.asarray(o.vector, dtype=np.float32))
        out.append(dataclasses.replace(o, signals=dataclasses.replace(o.signals, exemplar=value)))
    return out


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
