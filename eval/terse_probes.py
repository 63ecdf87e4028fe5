"""Short practitioner questions about roles, approvals, budgets, releases, rollback, on-call, audits and access: does
retrieval (and the no-LLM answer built on it) lead with the practice a reviewer would cite?

    .venv/bin/python eval/terse_probes.py              # figures for the "tune" and "check" sets
    .venv/bin/python eval/terse_probes.py --rows tune  # also print every tune row (first 5 practices, answer's lead)

Rows were written for this project before any ranking change was tried: `expected` is the practice a reviewer would
cite first, `acceptable` other practices a reviewer would accept as the lead. They are development probes, not an
eval split: eval/probes/terse.jsonl (44 rows) is the "tune" set, read row by row while working; eval/probes/
terse-check.jsonl (20 rows, same topics, other wordings) is the "check" set, of which only the totals are read, so
that a fix fitted to the tune rows is judged on rows it was not fitted to. Figures:
- lead expected / lead acceptable: the first search hit is the expected practice / the expected or an acceptable one;
- expected@5, MRR@10: where the expected practice is ranked;
- answer leads: the first citation of the no-LLM answer (`compose_extractive`, as `mllens ask` answers) is the
  expected / an acceptable practice; refused: the scope gate refused the question.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


SETS = {"tune": "terse.jsonl", "check": "terse-check.jsonl"}


def load_rows() -> list[dict[str, Any]]:
    rows = []
    for name, file in SETS.items():
        path = ROOT / "eval" / "probes" / file
        rows += [{**json.loads(line), "set": name} for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


def judge(kb: Any, row: dict[str, Any]) -> dict[str, Any]:
    from app.qa.extractive import compose_extractive

    result = kb.retriever.search(row["question"], k=10)
    ids = [h.bp_id for h in result.hits]
    ok = {row["expected"], *row["acceptable"]}
    rank = ids.index(row["expected"]) + 1 if row["expected"] in ids else None
    first_cited = None
    if not result.out_of_scope:
        five = kb.retriever.search(row["question"], k=5)
        composed = compose_extractive(row["question"], five, kb.lens, kb.reference_embedder)
        first_cited = composed.citations[0].bp_id if composed.citations else None
    return {
        "id": row["id"],
        "set": row["set"],
        "question": row["question"],
        "expected": row["expected"],
        "top": ids[:5],
        "lead": bool(ids) and ids[0] == row["expected"],
        "lead_ok": bool(ids) and ids[0] in ok,
        "at5": rank is not None and rank <= 5,
        "rr": 1 / rank if rank else 0.0,
        "refused": result.out_of_scope,
        "answer_lead": first_cited == row["expected"],
        "answer_lead_ok": first_cited in ok,
        "first_cited": first_cited,
    }


def summary(judged: list[dict[str, Any]]) -> dict[str, float]:
    n = len(judged) or 1
    return {
        "n": len(judged),
        "lead_expected": round(sum(j["lead"] for j in judged) / n, 3),
        "lead_acceptable": round(sum(j["lead_ok"] for j in judged) / n, 3),
        "expected@5": round(sum(j["at5"] for j in judged) / n, 3),
        "mrr@10": round(sum(j["rr"] for j in judged) / n, 3),
        "answer_leads_expected": round(sum(j["answer_lead"] for j in judged) / n, 3),
        "answer_leads_acceptable": round(sum(j["answer_lead_ok"] for j in judged) / n, 3),
        "refused": round(sum(j["refused"] for j in judged) / n, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", choices=["tune", "check", "all"], help="print these rows one by one")
    args = parser.parse_args()
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    kb = load_knowledge_base(Settings(_env_file=None))  # type: ignore[call-arg]
    judged = [judge(kb, row) for row in load_rows()]
    for j in judged:
        if args.rows in (j["set"], "all"):
            mark = "+" if j["lead"] else ("~" if j["lead_ok"] else "-")
            print(f"{mark} {j['id']} {j['question']!r} want {j['expected']} got {j['top']} answer {j['first_cited']}")
    for name in SETS:
        print(name, json.dumps(summary([j for j in judged if j["set"] == name])))


if __name__ == "__main__":
    main()
