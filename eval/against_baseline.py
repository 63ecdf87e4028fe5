"""The command line the unseen-set scorers share (eval/unseen_review.py, eval/unseen_scope.py): score, print the table
against the committed baseline, list what got worse, then write the baseline (`--update-baseline`) or fail on a
regression (`--check`)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Figures = dict[str, Any]


def run(
    description: str,
    baseline: Path,
    score: Callable[[], Figures],
    render: Callable[[Figures, Figures], list[str]],
    regressions: Callable[[Figures, Figures], list[str]],
) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--baseline", type=Path, default=baseline, help="committed figures to compare with")
    parser.add_argument("--update-baseline", action="store_true", help="write this run's figures as the baseline")
    parser.add_argument("--check", action="store_true", help="exit 1 if a figure got worse against the baseline")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    now = score()
    base = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline.exists() else {}
    print("\n".join(render(now, base)))
    problems = regressions(now, base)
    for problem in problems:
        print(f"WORSE: {problem}")
    if args.update_baseline:
        args.baseline.write_text(json.dumps(now, indent=1) + "\n", encoding="utf-8")
        print(f"baseline written to {args.baseline}")
    elif args.check and problems:
        sys.exit(1)
