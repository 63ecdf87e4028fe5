"""Every unseen review set scored with the shipped no-LLM mapper, against a committed baseline (session 26).

The sets in `tests/review/data/unseen/` are written to judge the mapper on language no rule was written from; several
were written blind (by someone who read no rule). Until now each session scored them with a script of its own, and the
tests only checked their shape, so nothing stopped a change from proposing more negated practices as implemented on a
set nobody rescored. This script scores them all, in two shapes:

- single-practice sets (rows with `practice` and `done`): not-done answers proposed implemented (the hidden risk; the
  ids are listed) and done answers proposed implemented;
- review-shape sets (rows with `expected` for every practice of the question, the not-applicable rounds): accuracy,
  macro-F1, negated practices proposed implemented (a count) and the not-applicable macro-F1; and the same over the
  union of every not-applicable row.

    .venv/bin/python eval/unseen_review.py                    # table, and what moved against the baseline
    .venv/bin/python eval/unseen_review.py --update-baseline  # write eval/review/unseen_baseline.json

`--check` exits 1 when a set proposes more negated practices as implemented than its baseline, or a review-shape set's
not-applicable macro-F1 (or the union's) falls; `tests/review/test_unseen_baseline.py` runs that check. A change that
trades on purpose rewrites the baseline in the same commit, and its note says why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import against_baseline  # noqa: E402
import polarity_ablation as ablation  # noqa: E402

from app.evaluation.review import score_rows, summarise  # noqa: E402
from app.services import AnswerMapping  # noqa: E402

UNSEEN = ROOT / "tests/review/data/unseen"
BASELINE = ROOT / "eval/review/unseen_baseline.json"
UNION = "not_applicable (union)"
SINGLE_KEYS = ("not_done_as_implemented", "not_done", "done_as_implemented", "done")


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _review_figures(rows: list[dict[str, Any]], mapping: AnswerMapping) -> dict[str, Any]:
    predicted = ablation.predict_all(mapping, rows)
    summary = summarise(score_rows(rows, lambda row: predicted[str(row["id"])]))
    overall = summary["overall"]
    return {
        "rows": overall["rows"],
        "practices": overall["practices"],
        "accuracy": overall["accuracy"],
        "macro_f1": overall["macro_f1"],
        "negated_as_implemented": len(ablation.negated_as_implemented(rows, predicted)),
        "not_applicable_macro_f1": summary["not_applicable_macro_f1"],
    }


def score(mapping: AnswerMapping, folder: Path = UNSEEN) -> dict[str, dict[str, Any]]:
    """{set name: figures} for every set of `folder`, plus the union of every not-applicable row."""
    out: dict[str, dict[str, Any]] = {}
    union: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        rows = _rows(path)
        if rows and "done" in rows[0]:
            f = ablation.unseen_figures(rows, ablation.predict_all(mapping, rows))
            out[path.stem] = {**{k: f[k] for k in SINGLE_KEYS}, "ids": f["ids"]}
        elif rows and "expected" in rows[0]:
            out[path.stem] = _review_figures(rows, mapping)
            union += [{**row, "id": f"{path.stem}:{row['id']}"} for row in rows if row.get("kind") == "not_applicable"]
    if union:
        out[UNION] = _review_figures(union, mapping)
    return out


def regressions(now: dict[str, dict[str, Any]], base: dict[str, dict[str, Any]]) -> list[str]:
    """What got worse against the baseline: more negated practices proposed implemented, a lower not-applicable
    macro-F1. A set the baseline does not know is new: nothing to compare."""
    problems = []
    for name, fig in now.items():
        old = base.get(name)
        if old is None:
            continue
        for key in ("not_done_as_implemented", "negated_as_implemented"):
            if key in fig and fig[key] > old.get(key, fig[key]):
                problems.append(f"{name}: {key} {old[key]} -> {fig[key]}")
        na, old_na = fig.get("not_applicable_macro_f1"), old.get("not_applicable_macro_f1")
        if na is not None and old_na is not None and na < old_na:
            problems.append(f"{name}: not_applicable_macro_f1 {old_na} -> {na}")
    return problems


def render(now: dict[str, dict[str, Any]], base: dict[str, dict[str, Any]]) -> list[str]:
    lines, total = [], [0, 0, 0, 0]
    for name, fig in now.items():
        old = base.get(name, {})
        if "not_done" in fig:
            total = [t + fig[k] for t, k in zip(total, SINGLE_KEYS, strict=True)]
            was = f"  (baseline {old['not_done_as_implemented']} / {old['done_as_implemented']})" if old else ""
            lines.append(
                f"{name:30s} not done -> implemented {fig['not_done_as_implemented']:3d}/{fig['not_done']:<4d}"
                f" done -> implemented {fig['done_as_implemented']:3d}/{fig['done']:<4d}{was}"
            )
        else:
            na = fig["not_applicable_macro_f1"]
            was = f"  (baseline {old.get('not_applicable_macro_f1')})" if old else ""
            lines.append(
                f"{name:30s} rows {fig['rows']:4d} accuracy {fig['accuracy']:.4f} macro-F1 {fig['macro_f1']:.4f}"
                f" negated -> implemented {fig['negated_as_implemented']} N/A macro-F1 {na}{was}"
            )
    lines.append(f"single-practice sets: not done -> implemented {total[0]}/{total[1]}, done {total[2]}/{total[3]}")
    return lines


def main() -> None:
    def now() -> dict[str, Any]:
        from app.services import build_answer_mapping
        from app.settings import Settings

        return score(build_answer_mapping(Settings(), llm=False))

    against_baseline.run(__doc__.split("\n\n")[0], BASELINE, now, render, regressions)


if __name__ == "__main__":
    main()
