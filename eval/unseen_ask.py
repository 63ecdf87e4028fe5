"""Every unseen ask set (tests/qa/data/unseen/*.jsonl) answered as `mllens eval ask` answers dev, one line per set:
rows with a wanted sentence quoted, the expected practice cited, an answering first line, refused, dangling openings
and near-duplicate pairs, and the average quoted lines (session 27).

    PYTHONPATH=. .venv/bin/python eval/unseen_ask.py                # table
    PYTHONPATH=. .venv/bin/python eval/unseen_ask.py --json FILE    # also each set's missed rows and why, for a diff
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.evaluation.ask import read_ask_rows, run_ask_eval  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.settings import Settings  # noqa: E402

UNSEEN = ROOT / "tests/qa/data/unseen"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write each set's missed rows (id: cause) here")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    kb = load_knowledge_base(Settings())
    print("| set | rows | wanted quoted | cited | first line | refused | dangling | dups | lines |")
    print("|---|---|---|---|---|---|---|---|---|")
    total = [0, 0, 0, 0, 0]
    missed: dict[str, dict[str, str]] = {}
    for path in sorted(UNSEEN.glob("ask_*.jsonl")):
        figures = run_ask_eval(kb, read_ask_rows(path))
        n = figures["n"]
        counts = [n] + [round(figures[k] * n) for k in ("wanted_quoted", "bp_cited", "answering_first_line", "refused")]
        total = [a + b for a, b in zip(total, counts, strict=True)]
        missed[path.stem] = {m["id"]: m["why"] for m in figures["misses"]}
        print(
            f"| {path.stem} | {' | '.join(map(str, counts))} | {figures['answers_opening_with_dangling_reference']}"
            f" | {figures['near_duplicate_pairs']} | {figures['avg_quoted_lines']} |"
        )
    print(f"| total | {' | '.join(map(str, total))} | | | |")
    if args.json:
        args.json.write_text(json.dumps(missed, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
