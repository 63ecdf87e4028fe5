"""How the scope gate and the ranking hold up when questions are typed with typos (session 25, docs/scope-gate.md).

Each word of five letters or more of every development question gets, with probability RATE, one typo at a random inner
position: a letter dropped, two neighbours swapped, a letter changed to a common one, or a letter doubled. Seeded, so
two codes are compared on the same texts. Reports, per seed:
- the scope dev split (eval/scope/dev.jsonl): in-scope and out-of-scope questions refused;
- the ask dev split (eval/ask/dev.jsonl): the expected practice ranked first, in the top 5, and questions refused.

    .venv/bin/python eval/typo_robustness.py                 # seeds 1 and 2, rate 0.25
    .venv/bin/python eval/typo_robustness.py --seed 3 --rate 0.1
    .venv/bin/python eval/typo_robustness.py --write-ask typo_ask.jsonl  # the typed ask rows (seed 11)

Development questions only; held-out splits are never read.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATE = 0.25
MIN_LETTERS = 5


def typed(question: str, rnd: random.Random, rate: float) -> str:
    """`question` with typos, as the module docstring says."""
    words = []
    for word in question.split(" "):
        if sum(c.isalpha() for c in word) >= MIN_LETTERS and rnd.random() < rate:
            i = rnd.randrange(1, len(word) - 1)
            kind = rnd.choice("dsrt")
            if kind == "d":
                word = word[:i] + word[i + 1 :]
            elif kind == "s" and i + 1 < len(word):
                word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            elif kind == "r":
                word = word[:i] + rnd.choice("aeiounrst") + word[i + 1 :]
            else:
                word = word[:i] + word[i] + word[i:]
        words.append(word)
    return " ".join(words)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, action="append", help="seed (repeatable; default 1 and 2)")
    parser.add_argument("--rate", type=float, default=RATE, help="share of long words typed with a typo")
    parser.add_argument("--write-ask", type=Path, help="write the ask dev rows typed with seed 11 here and stop")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    scope_rows, ask_rows = _rows(ROOT / "eval/scope/dev.jsonl"), _rows(ROOT / "eval/ask/dev.jsonl")
    if args.write_ask:
        rnd = random.Random(11)
        lines = [json.dumps({**row, "question": typed(row["question"], rnd, args.rate)}) for row in ask_rows]
        args.write_ask.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    retriever = load_knowledge_base(Settings()).retriever
    for seed in args.seed or [1, 2]:
        rnd = random.Random(seed)
        refused = {"in_scope": [0, 0], "out_of_scope": [0, 0]}
        for row in scope_rows:
            cell = refused["out_of_scope" if row["kind"] == "out_of_scope" else "in_scope"]
            cell[0] += retriever.search(typed(row["question"], rnd, args.rate), k=5).out_of_scope
            cell[1] += 1
        first = top5 = ask_refused = 0
        for row in ask_rows:
            result = retriever.search(typed(row["question"], rnd, args.rate), k=5)
            ids = [hit.bp_id for hit in result.hits]
            first += bool(ids) and ids[0] == row["bp_id"]
            top5 += row["bp_id"] in ids
            ask_refused += result.out_of_scope
        (inside, inside_n), (outside, outside_n) = refused["in_scope"], refused["out_of_scope"]
        print(
            f"seed {seed}, rate {args.rate}: scope dev refused in scope {inside}/{inside_n}, out of scope"
            f" {outside}/{outside_n}; ask dev expected practice first {first}, top 5 {top5}, refused {ask_refused}"
            f" of {len(ask_rows)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
