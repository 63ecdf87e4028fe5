"""The scope gate on terse operations questions of our own (eval/probes/terse_ops.jsonl, tenth round): 20 in scope
(rollback, emergency access, incident reviews, request logs, idle instances, named ML services, with few or no ML
words) and 25 out of scope of the same length (everyday, infrastructure, study). Written for this project, not eval
rows; used to judge changes to the terse handling on rows the development split did not suggest (a wider
`TELEGRAPHIC_TOKENS`, measured in docs/scope-gate.md "Tenth round", answered one more in-scope probe and let two
out-of-scope probes through).

    .venv/bin/python eval/terse_ops_probes.py          # refused per side
    .venv/bin/python eval/terse_ops_probes.py --rows   # also every wrongly decided probe
    .venv/bin/python eval/terse_ops_probes.py --probes eval/probes/terse_unseen.jsonl   # the eleventh round's set

`eval/probes/terse_unseen.jsonl` (eleventh round, written before any change for it): 70 terse in-scope questions over
all 36 lens questions, most without an ML word, and 42 terse out-of-scope ones sharing their words.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", action="store_true", help="print every wrongly decided probe")
    parser.add_argument("--all", action="store_true", help="print every probe with its probability")
    parser.add_argument("--probes", type=Path, action="append", help="probe files (default: terse_ops.jsonl)")
    args = parser.parse_args()

    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    retriever = load_knowledge_base(Settings()).retriever
    paths = args.probes or [ROOT / "eval/probes/terse_ops.jsonl"]
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [json.loads(line) for line in lines if line.strip()]
    for in_scope in (True, False):
        side = [row for row in rows if bool(row["in_scope"]) == in_scope]
        refused = 0
        for row in side:
            result = retriever.search(str(row["question"]))
            refused += result.out_of_scope
            if args.all or (args.rows and result.out_of_scope == in_scope):
                mark = "wrong" if result.out_of_scope == in_scope else "ok   "
                print(f"  {mark} {row['id']} p={result.scope_probability:.3f} {row['question']}")
        print(f"{'in scope' if in_scope else 'out of scope':12s} refused {refused}/{len(side)}")


if __name__ == "__main__":
    main()
