"""`mllens eval ask`: do no-LLM answers quote the sentence a reviewer wants, and do their sentences stand alone?

Rows (eval/ask/*.jsonl): a question, the BP that answers it and the lens sentence(s) a reviewer would want quoted
(`wanted`), and optionally `also`: the practice's other sentences that a second reader, who saw neither `wanted` nor
any answer, judged to answer the question as directly. `wanted_quoted` reads `wanted` alone (the issue's target);
`answering_quoted` reads both, so a row whose writer had to avoid earlier rows' sentences still counts its practice's
central sentence, and `answering_first_line` asks whether the answer's first line is one of them.
Every question goes through retrieval, the scope gate and the extractive composer, as `mllens ask` would answer it.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from app.evaluation.scope import own_batch_left_out
from app.knowledge import KnowledgeBase
from app.lens.models import Lens
from app.qa.extractive import NEAR_DUPLICATE, Composed, candidate_hits, compose_extractive, dangles, quotable
from app.retrieval.base import SearchResult

SPLITS = {"dev": "ask/dev.jsonl", "heldout": "ask/heldout.jsonl"}


def read_ask_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if not {"id", "question", "bp_id", "wanted"} <= row.keys() or not row["wanted"]:
                raise ValueError(f"{path}:{line_no}: a row needs id, question, bp_id and a non-empty wanted list")
            if not isinstance(row.get("also", []), list):
                raise ValueError(f"{path}:{line_no}: also, when given, is a list of sentences")
            rows.append(row)
    return rows


def run_ask_eval(kb: KnowledgeBase, rows: list[dict[str, Any]]) -> dict[str, Any]:
    judged = []
    with own_batch_left_out(kb.retriever) as leave_out:
        for row in rows:
            leave_out(row["id"])  # an ask development question is a scope exemplar: scored without its writer batch
            judged.append(_judged(kb, row))
    n = len(judged) or 1
    answered = [j for j in judged if not j["refused"]]
    return {
        "n": len(judged),
        "wanted_quoted": round(sum(j["quoted"] for j in judged) / n, 4),
        # Each wanted sentence as if it were the only one (the row's share of its wanted sentences quoted, averaged):
        # unlike wanted_quoted it does not rise with the number of sentences a writer listed.
        "wanted_sentence_recall": round(sum(j["wanted_share"] for j in judged) / n, 4),
        "wanted_quoted_by_count": by_count(judged),
        # `wanted` or a second reader's `also` sentence quoted; and as the answer's first line
        "answering_quoted": round(sum(j["answering"] for j in judged) / n, 4),
        "answering_first_line": round(sum(j["answering_first"] for j in judged) / n, 4),
        "rows_read_twice": sum("also" in row for row in rows),  # an empty `also`: the reader found no other
        "bp_cited": round(sum(j["cited"] for j in judged) / n, 4),
        "refused": round(sum(j["refused"] for j in judged) / n, 4),
        "answers_opening_with_dangling_reference": sum(j["dangling"] > 0 for j in judged),
        "near_duplicate_pairs": sum(j["dups"] for j in judged),
        # how long answers are, so that quoting more cannot pass for choosing better
        "avg_quoted_sentences": round(sum(j["sentences"] for j in answered) / (len(answered) or 1), 2),
        "avg_quoted_lines": round(sum(len(j["lines"]) for j in answered) / (len(answered) or 1), 2),
        "misses": [j for j in judged if not j["quoted"]],
        "misses_by_cause": dict(Counter(j["why"] for j in judged if not j["quoted"])),
    }


def _judged(kb: KnowledgeBase, row: dict[str, Any]) -> dict[str, Any]:
    """One question answered as `mllens ask` would, judged against its wanted and `also` sentences."""
    result = kb.retriever.search(row["question"], k=5)
    if result.out_of_scope:
        return {
            "id": row["id"],
            "refused": True,
            "quoted": False,
            "cited": False,
            "dangling": 0,
            "dups": 0,
            "sentences": 0,
            "wanted_share": 0.0,
            "n_wanted": len(row["wanted"]),
            "answering": False,
            "answering_first": False,
            "why": "refused",
        }
    composed = compose_extractive(row["question"], result, kb.lens, kb.reference_embedder)
    sentences = [s for unit in composed.quoted for s in unit]
    vectors = kb.reference_embedder.embed(sentences) if sentences else np.zeros((0, 1), np.float32)
    dups = sum(float(vectors[a] @ vectors[b]) > NEAR_DUPLICATE for a, b in combinations(range(len(sentences)), 2))
    answering = {*row["wanted"], *row.get("also", [])}
    judged = {
        "id": row["id"],
        "refused": False,
        "quoted": any(w in sentences for w in row["wanted"]),
        "wanted_share": sum(w in sentences for w in row["wanted"]) / len(row["wanted"]),
        "n_wanted": len(row["wanted"]),
        "answering": bool(answering & set(sentences)),
        "answering_first": bool(composed.quoted) and bool(answering & set(composed.quoted[0])),
        "cited": any(c.bp_id == row["bp_id"] for c in composed.citations),
        "dangling": sum(dangles(unit[0]) for unit in composed.quoted),
        "dups": dups,
        "sentences": len(sentences),
        "lines": [" ".join(unit) for unit in composed.quoted],
    }
    if not judged["quoted"]:
        judged["why"] = why_missed(row, result, composed, kb.lens)
    return judged


def by_count(judged: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """wanted_quoted and the number of rows among rows listing 1, 2 or 3+ wanted sentences (rows listing more are
    easier to hit: any one of them counts)."""
    groups: dict[str, list[bool]] = {}
    for j in judged:
        groups.setdefault("3+" if j["n_wanted"] >= 3 else str(j["n_wanted"]), []).append(j["quoted"])
    return {k: {"n": len(v), "wanted_quoted": round(sum(v) / len(v), 4)} for k, v in sorted(groups.items())}


def why_missed(row: dict[str, Any], result: SearchResult, composed: Composed, lens: Lens) -> str:
    """Where the expected practice's wanted sentence was lost: retrieval, practice choice, quotability or ranking."""
    if row["bp_id"] not in [hit.bp_id for hit in result.hits]:
        return "practice not retrieved"
    if row["bp_id"] not in [hit.bp_id for hit in candidate_hits(result)]:
        return "practice below the relevance threshold"
    if all(c.bp_id != row["bp_id"] for c in composed.citations):
        return "practice not quoted"
    bp = lens.best_practice(row["bp_id"])
    if bp is None or not any(set(row["wanted"]) & set(parts) for parts in quotable(bp)):
        return "wanted sentence not quotable"  # too short, or a reference back with nothing to lean on
    return "ranked below the cut"
