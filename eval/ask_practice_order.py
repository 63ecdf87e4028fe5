"""Which practice heads a no-LLM answer: a replay of the composer's practice order (session 28, rank28).

Answers every row of an ask split as `mllens eval ask` does, recording what `rank_with_lead` ranks (each candidate
practice's unit scores and retrieval relevance, in retrieval's order), then replays the order under other evidence
settings without answering again: which MAX_BPS practices are quoted stays as shipped (their best unit), their order
follows RETRIEVAL_RANK_WEIGHT (evidence lowered per place below retrieval's first candidate) and EVIDENCE_UNITS (the
mean of a practice's best units, 1 = the best alone; 1 and 0.0 replay the order before session 28). Prints, for
each setting, the rows whose expected practice comes first, and the choice made with each two hundred rows (by ID)
left out. Also the classes of the rows whose expected practice does not head the answer.

    PYTHONPATH=. .venv/bin/python eval/ask_practice_order.py eval/ask/dev.jsonl            # dev, with leave-out
    PYTHONPATH=. .venv/bin/python eval/ask_practice_order.py tests/qa/data/unseen/ask_*.jsonl --classes-only
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import app.qa.extractive as ex  # noqa: E402
from app.evaluation.ask import read_ask_rows  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.settings import Settings  # noqa: E402

GRID = [(rank, units) for rank in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4) for units in (1, 2, 3)]


@contextmanager
def recording(store: dict[str, Any]) -> Iterator[None]:
    """`ex.rank_with_lead` recording its first call's inputs of each answer into `store`."""
    shipped = ex.rank_with_lead

    def spy(scores: Any, owner: Any, relevance: list[float], fused: Any = None) -> tuple[list[int], float]:
        store.setdefault("scores", np.asarray(scores, dtype=float))
        store.setdefault("owner", np.asarray(owner))
        store.setdefault("relevance", list(relevance))
        return shipped(scores, owner, relevance, fused)

    ex.rank_with_lead = spy
    try:
        yield
    finally:
        ex.rank_with_lead = shipped


def record(paths: list[Path]) -> list[dict[str, Any]]:
    kb = load_knowledge_base(Settings())
    rows = []
    for path in paths:
        for row in read_ask_rows(path):
            result = kb.retriever.search(row["question"], k=5)
            rec: dict[str, Any] = {"id": row["id"], "bp": row["bp_id"], "refused": result.out_of_scope}
            if not result.out_of_scope:
                store: dict[str, Any] = {}
                with recording(store):
                    composed = ex.compose_extractive(row["question"], result, kb.lens, kb.reference_embedder)
                lens = kb.lens
                pools = [h.bp_id for h in ex.candidate_hits(result) if ex._candidates(h, lens.best_practice(h.bp_id))]
                rec |= store | {
                    "pools": pools,
                    "order": list(dict.fromkeys(c.bp_id for c in composed.citations)),
                    "hits": [h.bp_id for h in result.hits],
                }
            rows.append(rec)
    return rows


def first(rec: dict[str, Any], rank: float, units: int) -> str:
    """The practice heading the answer: of the MAX_BPS practices with the best evidence by their best unit, the one
    with the best evidence by the mean of its `units` best units, less `rank` per place in retrieval's order."""
    scores, owner, relevance = rec["scores"], rec["owner"], rec["relevance"]
    best = [ex.RELEVANCE_WEIGHT * r + float(scores[owner == p].max()) for p, r in enumerate(relevance)]
    quoted = sorted(range(len(best)), key=lambda p: (-best[p], p))[: ex.MAX_BPS]

    def evidence(p: int) -> float:
        return ex.RELEVANCE_WEIGHT * relevance[p] - rank * p + float(np.sort(scores[owner == p])[::-1][:units].mean())

    return str(rec["pools"][min(quoted, key=lambda p: (-evidence(p), p))])


def heads(recs: list[dict[str, Any]], setting: tuple[float, int]) -> int:
    return sum(first(r, *setting) == r["bp"] for r in recs)


def classes(recs: list[dict[str, Any]]) -> Counter[str]:
    """Why the expected practice does not head the answer, and how the practice heading it relates to it."""
    out: Counter[str] = Counter()
    for r in recs:
        if r["refused"]:
            out["refused"] += 1
            continue
        if r["order"] and r["order"][0] == r["bp"]:
            out["heads the answer"] += 1
            continue
        where = (
            "quoted, not first"
            if r["bp"] in r["order"]
            else "candidate, not quoted"
            if r["bp"] in r["pools"]
            else "retrieved, below the threshold"
            if r["bp"] in r["hits"]
            else "not retrieved"
        )
        head = r["order"][0] if r["order"] else ""
        kin = (
            "same question" if head[:8] == r["bp"][:8] else "same pillar" if head[:5] == r["bp"][:5] else "other pillar"
        )
        out[f"{where} / {kin}"] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--classes-only", action="store_true", help="only the classes of the rows missed")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    recs = record(args.paths)
    for name, count in sorted(classes(recs).items()):
        print(f"{count:5d}  {name}")
    if args.classes_only:
        return
    answered = [r for r in recs if not r["refused"]]
    for setting in GRID:
        print(f"rank weight {setting[0]:.2f}, best {setting[1]} units: {heads(answered, setting)} first")
    folds: dict[int, list[dict[str, Any]]] = {}
    for r in answered:
        folds.setdefault(int(r["id"].rsplit("-", 1)[1]) // 200, []).append(r)
    total = shipped = 0
    for k, test in sorted(folds.items()):
        train = [r for j, rows in folds.items() if j != k for r in rows]
        best = max(GRID, key=lambda s: (heads(train, s), -s[0], -s[1]))
        total += heads(test, best)
        shipped += heads(test, (0.0, 1))
        print(f"left out {k * 200}…{k * 200 + 199} ({len(test)} rows): chose {best}, {heads(test, best)} first")
    print(f"out of fold: {total} first (best unit alone, no rank weight: {shipped})")


if __name__ == "__main__":
    main()
