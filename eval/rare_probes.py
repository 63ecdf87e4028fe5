"""Questions about rarely asked practices: does search lead with the practice a reviewer would cite, is it in the top 3,
and does the scope gate let the question through?

    .venv/bin/python eval/rare_probes.py            # totals
    .venv/bin/python eval/rare_probes.py --rows     # also every row (first 5 practices, answer's first citation)

eval/probes/rare.jsonl was written for this project on 2026-12-01 before any ranking change was tried: one practitioner
question (two for the five practices asked about at most once in both files) for each of the 55 lens practices that
eval/ask/dev.jsonl or the paraphrase and multi rows of eval/retrieval/questions.jsonl ask about at most once, in varied
voices and, as far as the wording allows, not in the practice's title words. `expected` is the practice a reviewer
would cite first, `acceptable` others a reviewer would accept as the lead. A development probe set, not an eval split
(one row = 0.017). Figures:
- lead expected / lead acceptable: the first search hit is the expected practice / the expected or an acceptable one;
- expected@3, expected@5, MRR@10: where the expected practice is ranked;
- refused: the scope gate refused the question;
- answer cites expected: the no-LLM answer (`compose_extractive` over the top 5, as `mllens ask` answers) cites the
  expected practice at all; answer leads: its first citation is the expected practice.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROBES = ROOT / "eval" / "probes" / "rare.jsonl"


def load_rows(path: Path = PROBES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge(kb: Any, row: dict[str, Any]) -> dict[str, Any]:
    from app.qa.extractive import compose_extractive

    result = kb.retriever.search(row["question"], k=10)
    ids = [h.bp_id for h in result.hits]
    ok = {row["expected"], *row["acceptable"]}
    rank = ids.index(row["expected"]) + 1 if row["expected"] in ids else None
    cited: list[str] = []
    if not result.out_of_scope:
        five = kb.retriever.search(row["question"], k=5)
        composed = compose_extractive(row["question"], five, kb.lens, kb.reference_embedder)
        cited = [c.bp_id for c in composed.citations]
    return {
        "id": row["id"],
        "question": row["question"],
        "expected": row["expected"],
        "top": ids[:5],
        "rank": rank,
        "lead": bool(ids) and ids[0] == row["expected"],
        "lead_ok": bool(ids) and ids[0] in ok,
        "at3": rank is not None and rank <= 3,
        "at5": rank is not None and rank <= 5,
        "rr": 1 / rank if rank else 0.0,
        "refused": result.out_of_scope,
        "cited": row["expected"] in cited,
        "answer_lead": bool(cited) and cited[0] == row["expected"],
        "first_cited": cited[0] if cited else None,
    }


def summary(judged: list[dict[str, Any]]) -> dict[str, float]:
    n = len(judged) or 1

    def share(key: str) -> float:
        return round(sum(bool(j[key]) for j in judged) / n, 3)

    return {
        "n": len(judged),
        "lead_expected": share("lead"),
        "lead_acceptable": share("lead_ok"),
        "expected@3": share("at3"),
        "expected@5": share("at5"),
        "mrr@10": round(sum(j["rr"] for j in judged) / n, 3),
        "refused": share("refused"),
        "answer_cites_expected": share("cited"),
        "answer_leads_expected": share("answer_lead"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", action="store_true", help="print every row")
    parser.add_argument("--file", type=Path, default=PROBES, help="probe file (default eval/probes/rare.jsonl)")
    args = parser.parse_args()
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    kb = load_knowledge_base(Settings(_env_file=None))
    judged = [judge(kb, row) for row in load_rows(args.file)]
    if args.rows:
        for j in judged:
            mark = "R" if j["refused"] else ("+" if j["lead"] else ("~" if j["at3"] else "-"))
            print(f"{mark} {j['id']} rank {j['rank']} want {j['expected']} got {j['top']} answer {j['first_cited']}")
    print(json.dumps(summary(judged)))


if __name__ == "__main__":
    main()
