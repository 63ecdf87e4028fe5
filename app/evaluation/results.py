"""Where eval runs put their figures: eval/results/<UTC timestamp>/<name>.json (not committed)."""

from __future__ import annotations

import json
import os
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def write_results(report: dict[str, Any], results_dir: Path, name: str) -> Path:
    out = results_dir / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return out


def run_facts(load_before: tuple[float, float, float]) -> dict[str, Any]:
    """When and where a benchmark ran: the UTC time, the machine's CPUs and Python, the load average before and now."""
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
    }


def rounds_report(
    figures: dict[str, dict[str, list[float]]], rounds: int, requests: int, load_before: tuple[float, float, float]
) -> dict[str, Any]:
    """An interleaved benchmark's report: each measure's per-round figures and their median, per checkout or route."""
    return {
        **run_facts(load_before),
        "rounds": rounds,
        "requests": requests,
        "per_round": figures,
        "medians": {name: {k: statistics.median(v) for k, v in f.items()} for name, f in figures.items()},
    }


def rounds_lines(report: dict[str, Any], width: int) -> list[str]:
    """Each measure's median and its per-round figures, then the load average before and after (to print)."""
    lines: list[str] = []
    for name, medians in report["medians"].items():
        lines.append(name)
        lines += [f"  {m:{width}s} {v:8.3f}   rounds {report['per_round'][name][m]}" for m, v in medians.items()]
    before, after = report["load_average_before_after"]
    return [*lines, f"load average {before} -> {after}"]
