"""Fit and check TERSE_WORDING_MIN (app/retrieval/scope.py), the eleventh round's rule for terse questions.

    .venv/bin/python eval/terse_wording_fit.py            # the value the rule picks on the development split
    .venv/bin/python eval/terse_wording_fit.py --rows     # also the rows on either side of it

A terse question the shipped gate refuses (signals `terse`, `wording` measured) is answered when its practitioner
wording similarity reaches TERSE_WORDING_MIN and its probability is at least TERSE_CUTOFF_SHARE of the gate's cutoff.
The rule for the value: the lowest (to three decimals, 0.005 above the row) that answers no out-of-scope development
question. Printed: the value on the whole development split, and leave-one-writer-batch-out (each batch decided by the
value picked on the others; batches as in eval/scope_batch_cv.py), so that the figure for a batch is one nobody fitted
on. Override attempts and lens-ID questions are decided before this rule and are left out.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", action="store_true", help="print the candidate rows, highest wording first")
    args = parser.parse_args()

    from scope_batch_cv import batch_of

    from app.evaluation.scope import load_split, observe
    from app.knowledge import load_knowledge_base
    from app.retrieval.scope import TERSE_CUTOFF_SHARE, TERSE_WORDING_MIN, ScopeGate
    from app.settings import Settings

    retriever = load_knowledge_base(Settings()).retriever
    gate = retriever.gate
    if not isinstance(gate, ScopeGate):
        raise SystemExit("the logistic gate is not in use for this embedder")
    observed = observe(retriever, load_split(ROOT / "eval", "dev"))
    # the candidates: terse questions the gate refuses at its cutoff but not at TERSE_CUTOFF_SHARE of it
    candidates = []
    for o in observed:
        s = o.signals
        if s.override or o.named_id or s.attached or not s.terse or s.wording == 0.0:
            continue
        p = gate.probability(s)
        if gate.cutoff * TERSE_CUTOFF_SHARE <= p < gate.cutoff:
            candidates.append(o)

    def pick(rows: list) -> float:
        out = [o.signals.wording for o in rows if not o.in_scope]
        return round(max(out) + 0.005, 3) if out else 0.0

    value = pick(candidates)
    answered = [o for o in candidates if o.in_scope and o.signals.wording >= value]
    print(
        f"candidates {len(candidates)} ({sum(o.in_scope for o in candidates)} in scope); rule picks {value:.3f}"
        f" (shipped {TERSE_WORDING_MIN}); in-scope answered {len(answered)}"
    )
    by_batch: dict[str, list] = defaultdict(list)
    for o in candidates:
        by_batch[batch_of(o.id)].append(o)
    lost = won = 0
    for batch, rows in sorted(by_batch.items()):
        held = pick([o for o in candidates if batch_of(o.id) != batch])
        let_through = [o.id for o in rows if not o.in_scope and o.signals.wording >= held]
        answered_b = [o.id for o in rows if o.in_scope and o.signals.wording >= held]
        lost += len(let_through)
        won += len(answered_b)
        print(f"  {batch:14s} without it {held:.3f}: answered {answered_b}, out of scope let through {let_through}")
    print(f"leave-one-batch-out: {won} in-scope answered, {lost} out-of-scope let through")
    if args.rows:
        for o in sorted(candidates, key=lambda o: -o.signals.wording):
            print(f"  {'in ' if o.in_scope else 'out'} {o.signals.wording:.3f} {o.id}")


if __name__ == "__main__":
    main()
