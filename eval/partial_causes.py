"""Why a practice is proposed "partially implemented" where its label is implemented or not implemented (session 27).

For every such practice of a review-shape file (dev, or an unseen set), the evidence the no-LLM mapper collected is
read again the way `combine` reads it, and the proposal is put under one cause:

- `partial clause (cue)`: a clause whose own wording reads as partial doing ("only for", "some of", "mostly", …);
- `partial clause (except)`: a clause after "except" / "apart from", the clause before holds only in part;
- `mixed: done + not done (primary)`: one clause says done, another clause primarily about the practice says not done;
- `mixed: done + not done (secondary)`: the "not done" clause is mainly about another practice;
- `doubt: contrast`, `doubt: next sentence`, `doubt: other`: a clause possibly about the practice speaks against a
  firm "done" (a "…, but …" qualifying it, a sentence taking it back, a negative clause in doubt between practices).

    PYTHONPATH=. .venv/bin/python eval/partial_causes.py FILE [FILE …] [--show]

Prints the count per cause and label, and with --show each practice with the clauses behind it. Eval rows are for
measuring only: --show is for reading the kind of miss, never for writing a rule for a row.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.review.cues import partial_wording_at, polarity  # noqa: E402
from app.review.mapping import ClauseEvidence, combine  # noqa: E402
from app.review.models import BPStatus  # noqa: E402
from app.services import build_answer_mapping  # noqa: E402
from app.settings import Settings  # noqa: E402

PARTIAL = BPStatus.PARTIALLY_IMPLEMENTED
DONE = BPStatus.IMPLEMENTED
NOT_DONE = BPStatus.NOT_IMPLEMENTED


def cause(evidence: list[ClauseEvidence]) -> tuple[str, list[ClauseEvidence]]:
    """The cause of a "partially" from the evidence about one practice, and the clauses behind it."""
    items = [e for e in evidence if not e.doubt]
    doubts = [e for e in evidence if e.doubt and e.status is NOT_DONE]
    if any(e.primary and e.status is not BPStatus.CANNOT_DETERMINE for e in items):
        items = [e for e in items if e.primary or e.status is NOT_DONE]
    partial = [e for e in items if e.status is PARTIAL]
    if partial:
        kind = "except" if all(e.clause.exception for e in partial) else "cue"
        return f"partial clause ({kind})", partial
    against = [e for e in items if e.status is NOT_DONE and not e.tentative]
    if against and any(e.status is DONE for e in items):
        kind = "primary" if any(e.primary for e in against) else "secondary"
        return f"mixed: done + not done ({kind})", [e for e in items if e.status in (DONE, NOT_DONE)]
    if doubts:
        first = doubts[0].clause
        kind = "contrast" if first.contrast else "same sentence" if first.is_continuation else "other clause"
        return f"doubt: {kind}", doubts
    return "other", items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="list every practice with its clauses")
    args = parser.parse_args()
    mapping = build_answer_mapping(Settings(), llm=False)
    counts: Counter[tuple[str, str]] = Counter()
    predicted_partial = Counter[str]()
    for path in args.files:
        rows: list[dict[str, Any]] = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
        for row in rows:
            question = mapping.lens.question(row["question_id"])
            assert question is not None
            content = mapping.interview.content(question)
            evidence = mapping.embedding.evidence(question, content, row.get("answer", ""))
            for bp, gold in row["expected"].items():
                if combine(evidence[bp]).status is not PARTIAL:
                    continue
                predicted_partial[gold] += 1
                if gold not in (str(DONE), str(NOT_DONE)):
                    continue
                why, behind = cause(evidence[bp])
                counts[(why, gold)] += 1
                if args.show:
                    print(f"{path.stem}:{row['id']} {bp} gold={gold} [{why}]")
                    for e in behind:
                        cue = partial_wording_at(e.clause.text)
                        flags = "".join(
                            f for f, on in (("P", e.primary), ("F", e.firm), ("D", e.doubt), ("T", e.tentative)) if on
                        )
                        word = f" cue@{e.clause.text[cue : cue + 20]!r}" if cue is not None else ""
                        read = polarity(e.clause.text).value
                        print(f"    {e.status.value:22} {flags:4} {read:8}{word} | {e.clause.text}")
    print("predicted partially, by label:", dict(predicted_partial))
    for (why, gold), n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"{n:4}  {gold:16} {why}")


if __name__ == "__main__":
    main()
