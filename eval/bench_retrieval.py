"""Retrieval benchmarks: warm in-process search latency (p50/p95), cold `mllens search` wall time, ingest time, RSS.

Usage: .venv/bin/python eval/bench_retrieval.py [--repeats N] [--cold-runs N] [--ingest]
Prints a JSON summary (with machine facts and repeat counts) and writes it to eval/results/<ts>/bench_retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "how do we keep personal data out of training sets",
    "our endpoint gets slow when traffic peaks",
    "what should we monitor after deployment to notice drift",
    "MLSEC03-BP02",
    "MLOE-05",
    "cheaper way to run training jobs",
    "who is the machine learning lens for",
    "how do I reverse a linked list",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def warm_search(repeats: int) -> dict[str, float]:
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    started = time.perf_counter()
    kb = load_knowledge_base(Settings(_env_file=None))  # type: ignore[call-arg]
    load_s = time.perf_counter() - started
    for q in QUERIES:
        kb.retriever.search(q)
    timings = []
    embed_timings = []
    for n in range(repeats):
        q = QUERIES[n % len(QUERIES)]
        t0 = time.perf_counter()
        kb.embedder.embed([q])
        t1 = time.perf_counter()
        kb.retriever.search(q)
        t2 = time.perf_counter()
        embed_timings.append((t1 - t0) * 1000)
        timings.append((t2 - t1) * 1000)
    return {
        "load_knowledge_base_s": round(load_s, 2),
        "search_p50_ms": round(statistics.median(timings), 2),
        "search_p95_ms": round(percentile(timings, 95), 2),
        "query_embedding_p50_ms": round(statistics.median(embed_timings), 2),
        "rss_mb_after_warm_search": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def cold_cli(runs: int) -> dict[str, float]:
    mllens = str(ROOT / ".venv" / "bin" / "mllens")
    walls = []
    for n in range(runs):
        t0 = time.perf_counter()
        subprocess.run([mllens, "search", QUERIES[n % len(QUERIES)], "--k", "5"], check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
    return {"cold_search_median_s": round(statistics.median(walls), 2), "cold_search_max_s": round(max(walls), 2)}


def ingest() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "MLLENS_INDEX_DIR": str(Path(tmp) / "index")}
        t0 = time.perf_counter()
        done = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "mllens"), "ingest", "--quiet"], env=env, check=True, capture_output=True
        )
        wall = time.perf_counter() - t0
        manifest = json.loads((Path(tmp) / "index" / "manifest.json").read_text())
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "ingest_wall_s": round(wall, 1),
        "ingest_build_s": manifest["build_seconds"],
        "ingest_passages": manifest["counts"]["passages"],
        "ingest_max_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "ingest_stdout": done.stdout.decode().strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=500, help="warm searches to time")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold `mllens search` processes to time")
    parser.add_argument("--ingest", action="store_true", help="also time a full `mllens ingest` into a temp dir")
    args = parser.parse_args()
    summary: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]},
        "repeats": {"warm_searches": args.repeats, "cold_runs": args.cold_runs},
    }
    summary.update(warm_search(args.repeats))
    summary.update(cold_cli(args.cold_runs))
    if args.ingest:
        summary.update(ingest())
    print(json.dumps(summary, indent=2))
    out = ROOT / "eval" / "results" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") / "bench_retrieval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
