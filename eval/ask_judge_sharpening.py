"""How much the line judge's correction is trusted when lines are chosen (app/qa/extractive.py JUDGE_SHARPENING),
chosen on the ask dev split by leaving each hundred rows out, and checked on every unseen ask set
(tests/qa/data/unseen/). Never reads the held-out split.

Every question is answered once as `mllens eval ask` answers it, with the judge's joint fit (JUDGE_FIT), and
`pick_within`'s inputs are kept; then, for each sharpening s, the lines are chosen again on
(judged - s x shipped scores) / (1 - s), which is what JUDGE_WEIGHTS = _sharpened(JUDGE_FIT, WEIGHTS, s) gives. The
practices, their line counts and everything else are the product's, so s = 0 reproduces the joint fit's answers and
the shipped s its answers (checked: the product's own figures are printed first). Per s: rows quoting a wanted
sentence and rows whose first line answers, on dev and on each unseen set, and the quoted sentences per dev answer;
then the s each fold of a hundred dev rows would choose from the other rows, and the rows it quotes out of fold.

    PYTHONPATH=. .venv/bin/python eval/ask_judge_sharpening.py [--grid 0,0.2,0.3,0.35,0.4,0.45,0.5]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import app.evaluation.ask as ask  # noqa: E402
import app.qa.extractive as ex  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.settings import Settings  # noqa: E402

UNSEEN = ROOT / "tests/qa/data/unseen"


def capture(kb: Any, sets: dict[str, Path]) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[int, int]]]:
    """Each answered row's `pick_within` inputs (judged by JUDGE_FIT), and each set's product figures."""
    state: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] = {}
    pick_within, judged_row = ex.pick_within, ask._judged

    def keep(units: Any, owner: Any, scores: Any, judged: Any, ranked: list[int], lead: float = 0.0) -> Any:
        state[current["id"]] = {"args": (units, owner, scores, judged, ranked, lead), **current}
        return pick_within(units, owner, scores, judged, ranked, lead)

    def judge_row(kb_: Any, row: dict[str, Any]) -> dict[str, Any]:
        current.update(id=row["id"], row=row)
        return judged_row(kb_, row)

    product = {}
    ex.pick_within, ask._judged = keep, judge_row
    try:
        for name, path in sets.items():
            figures = ask.run_ask_eval(kb, ask.read_ask_rows(path))
            n = figures["n"]
            product[name] = (round(figures["wanted_quoted"] * n), round(figures["answering_first_line"] * n))
            for row in ask.read_ask_rows(path):
                if row["id"] in state:
                    state[row["id"]]["set"] = name
    finally:
        ex.pick_within, ask._judged = pick_within, judged_row
    return state, product


def replay(case: dict[str, Any], sharpening: float) -> tuple[bool, bool, int]:
    """Whether a wanted sentence is quoted, whether the first line answers, and the sentences quoted."""
    units, owner, scores, judged, ranked, lead = case["args"]
    judged = (judged - sharpening * scores) / (1 - sharpening)
    chosen = ex.pick_within(units, owner, scores, judged, ranked, lead)
    lines = [unit.parts for p in ranked for unit in chosen[p]]
    quoted = {s for parts in lines for s in parts}
    row = case["row"]
    answering = {*row["wanted"], *row.get("also", [])}
    return any(w in quoted for w in row["wanted"]), bool(lines) and bool(answering & set(lines[0])), len(quoted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", default="0,0.2,0.25,0.3,0.35,0.4,0.45,0.5")
    args = parser.parse_args()
    grid = [float(x) for x in args.grid.split(",")]
    logging.disable(logging.WARNING)
    sets = {"dev": ROOT / "eval/ask/dev.jsonl", **{p.stem: p for p in sorted(UNSEEN.glob("ask_*.jsonl"))}}
    shipped = ex.JUDGE_WEIGHTS
    ex.JUDGE_WEIGHTS = ex.JUDGE_FIT  # captured as the joint fit weighs lines; each sharpening applied in `replay`
    try:
        state, product = capture(load_knowledge_base(Settings()), sets)
    finally:
        ex.JUDGE_WEIGHTS = shipped
    print(f"product at JUDGE_FIT (wanted quoted, first line): {product}")
    dev = sorted((r for r, c in state.items() if c["set"] == "dev"), key=lambda r: int(r.split("-")[1]))
    hits: dict[float, dict[str, bool]] = {}
    print("| sharpening | dev quoted | dev first line | dev sentences | " + " | ".join(list(sets)[1:]) + " | unseen |")
    print("|---" * (len(sets) + 4) + "|")
    for s in grid:
        out = {r: replay(c, s) for r, c in state.items()}
        hits[s] = {r: o[0] for r, o in out.items()}
        per_set = {name: [0, 0] for name in sets}
        for r, o in out.items():
            per_set[state[r]["set"]][0] += o[0]
            per_set[state[r]["set"]][1] += o[1]
        sentences = np.mean([out[r][2] for r in dev])
        unseen = " | ".join(f"{q} / {f}" for name, (q, f) in per_set.items() if name != "dev")
        total = [sum(v[i] for name, v in per_set.items() if name != "dev") for i in (0, 1)]
        head = f"| {s} | {per_set['dev'][0]} | {per_set['dev'][1]} | {sentences:.2f}"
        print(f"{head} | {unseen} | {total[0]} / {total[1]} |")
    chosen, out_of_fold = [], 0
    for fold in sorted({int(r.split("-")[1]) // 100 for r in dev}):
        train = [r for r in dev if int(r.split("-")[1]) // 100 != fold]
        best = max(grid, key=lambda s: (sum(hits[s][r] for r in train), -s))
        chosen.append(best)
        out_of_fold += sum(hits[best][r] for r in dev if int(r.split("-")[1]) // 100 == fold)
    print(f"each hundred of dev rows left out: chosen {chosen}; out of fold {out_of_fold} of {len(dev)} answered")


if __name__ == "__main__":
    main()
