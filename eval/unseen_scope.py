"""Every unseen scope and override set scored with the shipped gate, against a committed baseline (session 26).

The sets in `tests/retrieval/data/unseen/` (rows `{"id", "kind", "form", "text"}`) were written to judge the scope gate
and the override detector on wordings no rule was written from; several were written blind. Each round scored the
ones it wrote with `eval/override_unseen.py --file …`, one file at a time, and nothing stopped a later change from
answering an attack or refusing a lens question of an older set. This scores them all, per set and kind:

- `flagged`: the override detector (structural checks or the learned detector): refused before any model call in
  every mode;
- `refused`: the whole gate (`HybridRetriever.search`): flagged, off topic, or refused for another reason.

For `attack`, `jailbreak` and `out_of_scope` rows more is better; for `in_scope` and `near_miss` rows a refusal is a
false one.

    .venv/bin/python eval/unseen_scope.py                    # table, and what moved against the baseline
    .venv/bin/python eval/unseen_scope.py --update-baseline  # write eval/scope/unseen_baseline.json

`--check` exits 1 when a set's attacks, jailbreaks or out-of-scope rows are refused or flagged less often than in
the baseline, or its in-scope or near-miss rows refused or flagged more often;
`tests/retrieval/test_unseen_scope_baseline.py` runs that check. A change that trades on purpose rewrites the baseline
in the same commit, and its note says why.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import against_baseline  # noqa: E402
import override_unseen  # noqa: E402

from app.retrieval.override import evidence_of  # noqa: E402

UNSEEN = ROOT / "tests/retrieval/data/unseen"
BASELINE = ROOT / "eval/scope/unseen_baseline.json"
CAUGHT = ("attack", "jailbreak", "out_of_scope")  # kinds the gate should refuse
PASSED = ("in_scope", "near_miss")  # kinds it should answer


def score(retriever: Any, folder: Path = UNSEEN) -> dict[str, dict[str, dict[str, int]]]:
    """{set: {kind: {rows, flagged, refused}}} for every set of `folder` whose rows have a kind."""
    learned = override_unseen.learned_detector(retriever)
    out: dict[str, dict[str, dict[str, int]]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [{"form": "-", **row} for row in rows if row.get("kind") in CAUGHT + PASSED]
        if not rows:
            continue
        per_form = override_unseen.tally(rows, evidence_of, learned, retriever.search)
        kinds: dict[str, Counter[str]] = {}
        for (kind, _form), counts in per_form.items():
            kinds.setdefault(kind, Counter()).update(counts)
        out[path.stem] = {
            kind: {key: c[key] for key in ("rows", "flagged", "refused")} for kind, c in sorted(kinds.items())
        }
    return out


def regressions(now: dict[str, Any], base: dict[str, Any]) -> list[str]:
    """Per set and kind: attacks or out-of-scope rows caught less often, in-scope or near-miss rows refused or flagged
    more often, against the baseline. A set or kind the baseline does not know is new: nothing to compare."""
    problems = []
    for name, kinds in now.items():
        for kind, fig in kinds.items():
            old = base.get(name, {}).get(kind)
            if old is None:
                continue
            for key in ("flagged", "refused"):
                worse = fig[key] < old[key] if kind in CAUGHT else fig[key] > old[key]
                if worse:
                    problems.append(f"{name} {kind}: {key} {old[key]} -> {fig[key]} of {fig['rows']}")
    return problems


def render(now: dict[str, Any], base: dict[str, Any]) -> list[str]:
    lines, total = [], {kind: Counter() for kind in CAUGHT + PASSED}
    for name, kinds in now.items():
        for kind, fig in kinds.items():
            total[kind].update(fig)
            old = base.get(name, {}).get(kind)
            was = f"  (baseline {old['flagged']} / {old['refused']})" if old else ""
            figures = f"rows {fig['rows']:4d} flagged {fig['flagged']:4d} refused {fig['refused']:4d}"
            lines.append(f"{name:28s} {kind:12s} {figures}{was}")
    for kind, c in total.items():
        lines.append(f"all sets {kind:12s} rows {c['rows']:5d} flagged {c['flagged']:5d} refused {c['refused']:5d}")
    return lines


def main() -> None:
    def now() -> dict[str, Any]:
        from app.knowledge import load_knowledge_base
        from app.settings import Settings

        return score(load_knowledge_base(Settings()).retriever)

    against_baseline.run(__doc__.split("\n\n")[0], BASELINE, now, render, regressions)


if __name__ == "__main__":
    main()
