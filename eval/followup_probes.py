"""Short elliptical follow-ups that add a new focus ("and in notebooks?", "what about for the endpoint?"): answered
without an LLM, does the follow-up's answer lead with (or at least cite) the practice a reviewer would cite?

    .venv/bin/python eval/followup_probes.py          # totals
    .venv/bin/python eval/followup_probes.py --rows   # also every row (first 5 practices, answer's citations)

Rows (eval/probes/followups.jsonl) were written for this project before the follow-up carry-over was changed: a first
question, a follow-up leaning on it, `expected` the practice a reviewer would cite for the follow-up, `acceptable`
others a reviewer would accept. A development probe set, not an eval split. Each pair runs as one conversation through
`QAService` (the first question answered, then the follow-up with that turn as its history), as every edge does.
Figures: lead expected / lead acceptable (first search hit of the resolved follow-up), expected@5, answer cites
expected (anywhere in the no-LLM answer's citations), answer leads acceptable (its first citation), answer leads
expected, focus quoted (some quoted line contains one of the follow-up's new focus words, by stem, among the rows that
have one), focus lines (the share of all quoted lines that contain one), refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class _Turns:
    """Keeps nothing: the probe hands each follow-up its history itself."""

    def history(self, conversation_id: str, principal: Any, limit: int) -> list[Any]:
        return []

    def save_turn(self, principal: Any, question: str, answer: Any) -> int:
        return 0


def judge(qa: Any, row: dict[str, Any]) -> dict[str, Any]:
    from app.principal import Principal
    from app.qa.followup import new_focus_words
    from app.qa.models import DoneEvent, PastTurn, RetrievalEvent
    from app.retrieval.lexical import tokens

    who = Principal.local()
    first = qa.answer(qa.prepare_with_history(row["first"], [], principal=who))
    past = PastTurn(
        question=row["first"],
        resolved_question=first.resolved_question,
        answer=first.answer,
        cited_bp_ids=tuple(c.bp_id for c in first.citations),
        refused=first.refused,
    )
    events = list(qa.stream(qa.prepare_with_history(row["follow_up"], [past], principal=who)))
    answer = next(e.answer for e in events if isinstance(e, DoneEvent))
    ids = [h.bp_id for e in events if isinstance(e, RetrievalEvent) for h in e.hits]  # what the answer was built on
    cited = [c.bp_id for c in answer.citations]
    ok = {row["expected"], *row["acceptable"]}
    focus = set(tokens(" ".join(new_focus_words(row["follow_up"], first.resolved_question or row["first"]))))
    body = answer.answer.split("\n\nSources:", 1)[0]
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    with_focus = [line for line in lines if focus & set(tokens(line))]
    return {
        "id": row["id"],
        "resolved": answer.resolved_question,
        "expected": row["expected"],
        "top": ids,
        "lead": bool(ids) and ids[0] == row["expected"],
        "lead_ok": bool(ids) and ids[0] in ok,
        "at5": row["expected"] in ids,
        "cites": row["expected"] in cited,
        "answer_lead_ok": bool(cited) and cited[0] in ok,
        "answer_lead": bool(cited) and cited[0] == row["expected"],
        "has_focus": bool(focus),
        "focus_quoted": bool(with_focus),
        "lines": len(lines),
        "focus_lines": len(with_focus),
        "cited": cited,
        "refused": answer.refused,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", action="store_true", help="print every row")
    args = parser.parse_args()
    from app.knowledge import load_knowledge_base
    from app.qa.service import QAService
    from app.settings import Settings

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    kb = load_knowledge_base(settings)
    qa = QAService(kb.lens, kb.retriever, _Turns(), k=settings.search_k, sentence_embedder=kb.reference_embedder)
    path = ROOT / "eval" / "probes" / "followups.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    judged = [judge(qa, row) for row in rows]
    if args.rows:
        for j in judged:
            mark = "+" if j["lead"] else ("~" if j["lead_ok"] else "-")
            print(
                f"{mark} {j['id']} {j['resolved']!r} want {j['expected']} top {j['top']} cited {j['cited']}"
                f" focus lines {j['focus_lines']}/{j['lines']}"
            )
    n = len(judged) or 1
    keys = ("lead", "lead_ok", "at5", "cites", "answer_lead_ok", "answer_lead", "refused")
    totals = {k: round(sum(j[k] for j in judged) / n, 3) for k in keys}
    focused = [j for j in judged if j["has_focus"]]
    totals["focus_quoted"] = round(sum(j["focus_quoted"] for j in focused) / (len(focused) or 1), 3)
    totals["focus_lines"] = round(sum(j["focus_lines"] for j in judged) / (sum(j["lines"] for j in judged) or 1), 3)
    print(json.dumps({"n": len(judged), "with_focus": len(focused), **totals}))


if __name__ == "__main__":
    main()
