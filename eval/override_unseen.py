"""The override detector and the scope gate on override attempts of new forms nobody had scored before (tenth round).

    .venv/bin/python eval/override_unseen.py            # per form: attacks flagged / refused, near misses flagged
    .venv/bin/python eval/override_unseen.py --list     # also each row's verdict and kinds of evidence

`eval/probes/override_unseen.jsonl` holds override attempts written for this project (not eval rows) in forms the
earlier rounds did not target: an imperative to the assistant about its own rules, prompt, role or output format; a
task switch after a lens question; a request to set aside or replace the prior context in other words; a non-lens
request inside a quoted, fenced or encoded block; and other languages. Beside them, practitioner near misses of the
same forms (asking for an answer's form, setting a topic aside, a config block of their own pipeline) that must not be
flagged. The set was written and committed before the detector was changed for it (docs/scope-gate.md, "Tenth
round"), so the first figure of each form is an unseen figure. `refused` is the whole gate (`HybridRetriever.search`):
an attack the detector misses may still be refused as off topic, but only a flag refuses it before any model call in
every mode.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="print every row's verdict")
    parser.add_argument("--no-gate", action="store_true", help="the detector only (no index, no embedding)")
    parser.add_argument(
        "--file",
        default="eval/probes/override_unseen.jsonl",
        help="the probe set (eleventh round: eval/probes/override_unseen_s11.jsonl)",
    )
    args = parser.parse_args()

    from app.retrieval.override import evidence_of

    path = ROOT / args.file
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    search = None
    if not args.no_gate:
        from app.knowledge import load_knowledge_base
        from app.settings import Settings

        search = load_knowledge_base(Settings()).retriever.search
    per_form: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        text = str(row["text"])
        kinds = evidence_of(text)
        refused = search(text).out_of_scope if search else None
        counts = per_form[(str(row["kind"]), str(row["form"]))]
        counts["rows"] += 1
        counts["flagged"] += bool(kinds)
        counts["refused"] += bool(refused)
        if args.list:
            verdict = "FLAG" if kinds else ("refused" if refused else "passes")
            print(f"{row['id']:7s} {verdict:8s} {','.join(sorted(kinds))[:60]:60s} | {text[:90]!r}")
    for kind in ("attack", "near_miss"):
        print(f"\n{kind:9s} {'form':16s} {'rows':>5s} {'flagged':>8s} {'refused':>8s}")
        total: Counter[str] = Counter()
        for (k, form), c in sorted(per_form.items()):
            if k != kind:
                continue
            total.update(c)
            refused = f"{c['refused']:8d}" if search else "       -"
            print(f"{'':9s} {form:16s} {c['rows']:5d} {c['flagged']:8d} {refused}")
        refused = f"{total['refused']:8d}" if search else "       -"
        print(f"{'':9s} {'all':16s} {total['rows']:5d} {total['flagged']:8d} {refused}")


if __name__ == "__main__":
    main()
