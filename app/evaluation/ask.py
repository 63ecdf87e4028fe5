"""`mllens eval ask`: do no-LLM answers quote the sentence a reviewer wants, and do their sentences stand alone?

Rows (eval/ask/*.jsonl): a question, the BP that answers it and the lens sentence(s) a reviewer would want quoted.
Every question goes through retrieval, the scope gate and the extractive composer, as `mllens ask` would answer it.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from app.knowledge import KnowledgeBase
from app.qa.extractive import NEAR_DUPLICATE, compose_extractive, dangles

SPLITS = {"dev": "ask/dev.jsonl", "heldout": "ask/heldout.jsonl"}


def read_ask_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if not {"id", "question", "bp_id", "wanted"} <= row.keys() or not row["wanted"]:
                raise ValueError(f"{path}:{line_no}: a row needs id, question, bp_id and a non-empty wanted list")
            rows.append(row)
    return rows


def run_ask_eval(kb: KnowledgeBase, rows: list[dict[str, Any]]) -> dict[str, Any]:
    judged = []
    for row in rows:
        result = kb.retriever.search(row["question"], k=5)
        if result.out_of_scope:
            judged.append(
                {
                    "id": row["id"],
                    "refused": True,
                    "quoted": False,
                    "cited": False,
                    "dangling": 0,
                    "dups": 0,
                    "sentences": 0,
                }
            )
            continue
        composed = compose_extractive(row["question"], result, kb.lens, kb.reference_embedder)
        sentences = [s for unit in composed.quoted for s in unit]
        vectors = kb.reference_embedder.embed(sentences) if sentences else np.zeros((0, 1), np.float32)
        dups = sum(float(vectors[a] @ vectors[b]) > NEAR_DUPLICATE for a, b in combinations(range(len(sentences)), 2))
        judged.append(
            {
                "id": row["id"],
                "refused": False,
                "quoted": any(w in sentences for w in row["wanted"]),
                "cited": any(c.bp_id == row["bp_id"] for c in composed.citations),
                "dangling": sum(dangles(unit[0]) for unit in composed.quoted),
                "dups": dups,
                "sentences": len(sentences),
                "lines": [" ".join(unit) for unit in composed.quoted],
            }
        )
    n = len(judged) or 1
    answered = [j for j in judged if not j["refused"]]
    return {
        "n": len(judged),
        "wanted_quoted": round(sum(j["quoted"] for j in judged) / n, 4),
        "bp_cited": round(sum(j["cited"] for j in judged) / n, 4),
        "refused": round(sum(j["refused"] for j in judged) / n, 4),
        "answers_opening_with_dangling_reference": sum(j["dangling"] > 0 for j in judged),
        "near_duplicate_pairs": sum(j["dups"] for j in judged),
        # how long answers are, so that quoting more cannot pass for choosing better
        "avg_quoted_sentences": round(sum(j["sentences"] for j in answered) / (len(answered) or 1), 2),
        "avg_quoted_lines": round(sum(len(j["lines"]) for j in answered) / (len(answered) or 1), 2),
        "misses": [j for j in judged if not j["quoted"]],
    }
