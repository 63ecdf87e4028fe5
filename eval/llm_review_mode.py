"""Answer mapping in LLM mode next to no-LLM mode, on the same rows: the figures `mllens eval review --llm` prints
(the same mapper construction, `build_answer_mapping`, and the same scoring, `score_rows`/`summarise`), plus what that
command does not show: how many answers fell back to the embedding mapper (the model failed or answered badly) and
the seconds per mapped answer.

    .venv/bin/python eval/llm_server.py --port 8088 --threads 1 --max-s 3600 &
    MLLENS_LLM_PROVIDER=openai MLLENS_LLM_MODEL=local MLLENS_LLM_BASE_URL=http://127.0.0.1:8088/v1 \\
        MLLENS_LLM_TIMEOUT_S=180 .venv/bin/python eval/llm_review_mode.py --split dev --split original --out f.json

Development and original splits only: the held-out split is scored by the coordinator, never here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.evaluation.review import score_rows, summarise  # noqa: E402
from app.lens.interview import QuestionContent  # noqa: E402
from app.lens.models import Question  # noqa: E402
from app.review.mapping import AnswerMapper, MappingResult  # noqa: E402
from app.services import build_answer_mapping  # noqa: E402
from app.settings import Settings  # noqa: E402

SPLITS = {"original": "answers.jsonl", "dev": "dev.jsonl"}  # never the held-out split


class Counting:
    """An answer mapper that counts its calls, fallbacks and time (wraps the one the eval builds)."""

    def __init__(self, inner: AnswerMapper) -> None:
        self.inner, self.name = inner, str(getattr(inner, "name", type(inner).__name__))
        self.calls, self.degraded, self.seconds = 0, 0, 0.0

    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult:
        started = time.perf_counter()
        result = self.inner.map_answer(question, content, text)
        self.seconds += time.perf_counter() - started
        self.calls += 1
        self.degraded += bool(result.degraded)
        return result


def measure(settings: Settings, rows: list[dict[str, Any]], *, llm: bool) -> dict[str, Any]:
    mapping = build_answer_mapping(settings, llm=llm)
    counting = Counting(mapping.mapper)
    mapping = type(mapping)(mapping.lens, mapping.interview, mapping.embedding, counting, mapping.mode)
    summary = summarise(
        score_rows(rows, lambda row: mapping.predict(row["question_id"], row.get("answer", ""), row.get("picks")))
    )
    summary.pop("confusion", None)
    return {
        "mode": mapping.mode,
        **summary,
        "answers_mapped": counting.calls,
        "fell_back_to_embedding": counting.degraded,
        "seconds_per_answer": round(counting.seconds / counting.calls, 2) if counting.calls else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", action="append", choices=list(SPLITS), required=True)
    parser.add_argument("--limit", type=int, default=0, help="only the first N rows of each split (timing)")
    parser.add_argument(
        "--spread",
        type=int,
        default=0,
        help="only N rows of each split, evenly spaced over the file (every kind and writer batch, as the split has "
        "them), for a run too slow for the whole split; the ids are written to --out",
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings()
    if settings.llm_provider == "none":
        sys.exit("set MLLENS_LLM_PROVIDER (and its model settings) for LLM mode")
    report: dict[str, Any] = {"splits": {}}
    for split in args.split:
        lines = (ROOT / "eval" / "review" / SPLITS[split]).read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        rows = rows[: args.limit] if args.limit else rows
        if 0 < args.spread < len(rows):
            rows = [rows[i * len(rows) // args.spread] for i in range(args.spread)]
        report["splits"][split] = {
            "rows": len(rows),
            "ids": [row["id"] for row in rows],
            "no_llm": measure(settings, rows, llm=False),
            "llm": measure(settings, rows, llm=True),
        }
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        for mode in ("no_llm", "llm"):
            o = report["splits"][split][mode]["overall"]
            print(split, mode, {k: o[k] for k in ("accuracy", "macro_f1", "rows_exact", "negated_as_implemented")})


if __name__ == "__main__":
    main()
