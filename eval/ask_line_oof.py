"""Line selection within the quoted practices chosen on an honest ground (session 31): every dev row's lines chosen
with a line judge that never saw the row, then settings of `pick_within` replayed and chosen on dev, each hundred of
rows left out; the unseen ask sets (tests/qa/data/unseen/, judged by the shipped judge, which never saw them) only
check. Never reads the held-out split; blind sets (ask_miss_classes.BLIND) are printed as totals only.

1. Every question is answered once as `mllens eval ask` answers it (the shipped judge), keeping `pick_within`'s
   inputs (eval/ask_judge_sharpening.py `capture`).
2. The judge refitted out of fold: dev rows up to ask-1500 (the rows the shipped judge was tuned on) in four folds of
   writer batches (eval/ask_finetune.py's folds and fine-tune, seeded as eval/fit_line_judge.py); each row's judge
   column is then its own fold's model's (the best cosine of its sentences with the question), and its judged scores
   are moved by JUDGE_WEIGHTS["judge"] x (that column - the shipped judge's). Rows above ask-1500 keep the shipped
   judge (it never saw them).
3. Each variant re-runs `pick_within` on those inputs: the practices and (unless a variant says) their line counts are
   the product's. Per variant: rows quoting a wanted sentence, rows whose first line answers, quoted lines per answer.

    PYTHONPATH=. .venv/bin/python eval/ask_line_oof.py [--folds 4]
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import ask_judge_sharpening as sharp  # noqa: E402
from ask_miss_classes import settings  # noqa: E402  (the composer's module settings set for a block)

import app.qa.extractive as ex  # noqa: E402
from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.settings import Settings  # noqa: E402

UNSEEN = ROOT / "tests/qa/data/unseen"
BLIND = ("ask_blind28",)
UNTIL = 1500  # the dev rows the shipped judge was tuned on (eval/fit_line_judge.py)


def number(row_id: str) -> int:
    return int(row_id.rsplit("-", 1)[1])


def out_of_fold_columns(state: dict[str, dict[str, Any]], folds: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each captured dev row up to UNTIL: (the shipped judge's column, its own fold's judge's column) over its units."""
    import torch

    torch.set_num_threads(1)
    import ask_judge as aj
    import ask_ranking_cv as cv

    ex.FEATURES = (*ex.FEATURES, "judge")  # as eval/fit_line_judge.py prepares the rows
    base = ex._Selector.features
    ex._Selector.features = aj.patched_features(base)  # type: ignore[method-assign]
    try:
        raw = [r for r in read_ask_rows(ROOT / "eval/ask/dev.jsonl") if number(r["id"]) <= UNTIL]
        kb = load_knowledge_base(Settings(late_interaction=True, line_judge=False))
        dev = cv.prepare(kb, raw)
        return _judge_out_of_fold(state, folds, dev, raw)
    finally:
        ex.FEATURES = ex.FEATURES[:-1]
        ex._Selector.features = base  # type: ignore[method-assign]


def _judge_out_of_fold(
    state: dict[str, dict[str, Any]], folds: int, dev: list[Any], raw: list[dict[str, Any]]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    import ask_finetune as af
    import ask_judge as aj
    import ask_ranking_cv as cv

    questions = {r["id"]: r["question"] for r in raw}
    fold_rows = cv.folds(dev, folds, 0, lambda r: cv.batch(r.id))
    fold_of = {dev[i].id: f for f, idx in enumerate(fold_rows) for i in idx}
    reader = af.Reader(1)
    reader.verify()
    shipped = load_knowledge_base(Settings()).reference_embedder
    hyper = argparse.Namespace(epochs=1, lr=2e-5, batch=16, negatives=1)
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for f in range(folds):
        train = [r for r in dev if fold_of[r.id] != f]
        top = af.fine_tune(reader, af.training_pairs(train, questions, 8), hyper, f)
        judge = aj.Judge(reader.model(top), None)
        cases = [c for r, c in state.items() if c["set"] == "dev" and fold_of.get(r) == f]
        judge.embed(
            [c["row"]["question"] for c in cases] + [s for c in cases for u in c["args"][0].units for s in u.parts]
        )
        for case in cases:
            units, question = case["args"][0], case["row"]["question"]
            oof = np.array([judge.score(question, list(u.parts)).max() for u in units.units])
            texts = [s for u in units.units for s in u.parts]
            scores = shipped.judge_scores(question, texts)  # type: ignore[attr-defined]
            ship = np.full(len(units.units), -np.inf)
            np.maximum.at(ship, units.part_owner, scores)
            out[case["id"]] = (ship, oof)
        print(f"  fold {f}: {len(cases)} rows judged out of fold", flush=True)
    return out


def section_offsets(offsets: dict[str, float]) -> Callable[[Any, np.ndarray], np.ndarray]:
    def shift(units: Any, judged: np.ndarray) -> np.ndarray:
        add = np.array([offsets.get(u.section.value, 0.0) for u in units.units])
        return judged + add

    return shift


def replay(case: dict[str, Any], judged: np.ndarray, variant: dict[str, Any]) -> tuple[bool, bool, int, str]:
    """Wanted quoted, first line answering, lines quoted, and the class of a miss."""
    units, owner, scores, _, ranked, lead = case["args"]
    shift = variant.get("shift")
    if shift is not None:
        judged = shift(units, judged)
    with settings(**variant.get("settings", {})):
        chosen = ex.pick_within(units, owner, scores, judged, ranked, lead)
    lines = [unit.parts for p in ranked for unit in chosen[p]]
    quoted = {s for parts in lines for s in parts}
    row = case["row"]
    answering = {*row["wanted"], *row.get("also", [])}
    hit = any(w in quoted for w in row["wanted"])
    return hit, bool(lines) and bool(answering & set(lines[0])), len(lines), "ok" if hit else "miss"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--cache", type=Path, help="keep the captured answers here (read when it exists)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    start = time.time()
    sets = {"dev": ROOT / "eval/ask/dev.jsonl", **{p.stem: p for p in sorted(UNSEEN.glob("ask_*.jsonl"))}}
    parser_cache = args.cache
    if parser_cache is not None and parser_cache.exists():
        with parser_cache.open("rb") as f:
            state, product = pickle.load(f)
    else:
        state, product = sharp.capture(load_knowledge_base(Settings()), sets)
        if parser_cache is not None:
            with parser_cache.open("wb") as f:
                pickle.dump((state, product), f)
    print(f"product (wanted quoted, first line): {product}; captured {len(state)} rows in {time.time() - start:.0f} s")
    columns = out_of_fold_columns(state, args.folds)
    weight = ex.JUDGE_WEIGHTS["judge"]
    judged_of = {}
    for r, case in state.items():
        judged = case["args"][3]
        if r in columns:
            ship, oof = columns[r]
            judged = judged + weight * (oof - ship)
        judged_of[r] = judged
    print(f"judged out of fold: {len(columns)} dev rows, in {time.time() - start:.0f} s", flush=True)

    variants: dict[str, dict[str, Any]] = {"main": {}}
    for w in (0.0, 0.1, 0.4, 0.5):
        variants[f"paragraph {w}"] = {"settings": {"JUDGE_PARAGRAPH_WEIGHT": w}}
    for w in (0.1, 0.2, 0.4, 0.5):
        variants[f"redundancy {w}"] = {"settings": {"REDUNDANCY_WEIGHT": w}}
    for n in (0, 2):
        variants[f"see also after a clear lead {n}"] = {"settings": {"SEE_ALSO_AFTER_CLEAR_LEAD": n}}
    for lead in (0.05, 0.15, 0.2):
        variants[f"clear lead {lead}"] = {"settings": {"CLEAR_LEAD": lead}}
    for m in (0.2, 0.4, 0.6):
        variants[f"strong see also {m}"] = {"settings": {"STRONG_SEE_ALSO": m}}
    for section in ("overview", "desired_outcome", "anti_patterns", "implementation_guidance", "implementation_steps"):
        for d in (-0.1, -0.05, 0.05, 0.1):
            variants[f"{section} {d:+}"] = {"shift": section_offsets({section: d})}

    dev = sorted((r for r, c in state.items() if c["set"] == "dev"), key=number)
    outcomes: dict[str, dict[str, tuple[bool, bool, int, str]]] = {}
    print("| variant | dev quoted | dev first line | dev lines | unseen quoted (readable) | first line | lines |")
    print("|---|---|---|---|---|---|---|")
    for name, variant in variants.items():
        out = {r: replay(c, judged_of[r], variant) for r, c in state.items()}
        outcomes[name] = out
        d = [out[r] for r in dev]
        u = [o for r, o in out.items() if state[r]["set"] != "dev" and state[r]["set"] not in BLIND]
        b = [o for r, o in out.items() if state[r]["set"] in BLIND]
        print(
            f"| {name} | {sum(o[0] for o in d)} | {sum(o[1] for o in d)} | {np.mean([o[2] for o in d]):.2f}"
            f" | {sum(o[0] for o in u)} (+{sum(o[0] for o in b)} blind) | {sum(o[1] for o in u)} |"
            f" {np.mean([o[2] for o in u]):.2f} |",
            flush=True,
        )
    chosen, oof_hits, oof_first = [], 0, 0
    for fold in sorted({number(r) // 100 for r in dev}):
        train = [r for r in dev if number(r) // 100 != fold]
        best = max(variants, key=lambda v: (sum(outcomes[v][r][0] for r in train), v == "main"))
        chosen.append(best)
        test = [r for r in dev if number(r) // 100 == fold]
        oof_hits += sum(outcomes[best][r][0] for r in test)
        oof_first += sum(outcomes[best][r][1] for r in test)
    print(f"each hundred of dev rows left out: chosen {chosen}; out of fold {oof_hits} quoted, {oof_first} first line")
    print(f"done in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
