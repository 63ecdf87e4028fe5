"""CPU per mapped answer in no-LLM mode: every answer of a review split through the same mapping the eval and the live
review use (all-MiniLM-L6-v2, in process), after a warm-up of 50 answers.

    .venv/bin/python eval/review_map_cpu.py [--split dev] [--repeats 3]

Prints one JSON object: the split, answer count and CPU milliseconds per answer for each repeat (process time, so
other load on the machine changes it little).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services import build_answer_mapping  # noqa: E402
from app.settings import Settings  # noqa: E402

FILES = {"original": "answers.jsonl", "dev": "dev.jsonl"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(FILES), default="dev")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    path = Path(__file__).resolve().parent / "review" / FILES[args.split]
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    mapping = build_answer_mapping(Settings(), llm=False)
    for row in rows[:50]:
        mapping.predict(row["question_id"], row["answer"], row.get("picks"))
    per_answer = []
    for _ in range(args.repeats):
        start = time.process_time()
        for row in rows:
            mapping.predict(row["question_id"], row["answer"], row.get("picks"))
        per_answer.append(round((time.process_time() - start) / len(rows) * 1000, 3))
    print(json.dumps({"split": args.split, "answers": len(rows), "cpu_ms_per_answer": per_answer}))


if __name__ == "__main__":
    main()
