"""Resident memory of one `mllens serve` worker under sustained search load: RSS at readiness, then after every
`--step` searches until `--searches` (16 clients by default), read from /proc/<pid>/status (VmRSS), and once more
3 s after the last search (`rss_mb_settled`): a reading taken right after a burst includes up to 2 s of the model's
freed scratch memory that the heap trimmer has not returned to the OS yet (~25 MB under 16 clients).

    .venv/bin/python eval/rss_search.py --searches 10000 [--clients 16] [--step 1000]

Target (issue 13): <= 350 MB per worker after 10,000 searches. Writes eval/results/<ts>/rss_search.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_vs_langchain import ROOT, rss_mb, start_project
from load_search import run as load_run

SETTLE_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--step", type=int, default=1_000, help="searches between RSS readings")
    parser.add_argument("--runtime", choices=["auto", "onnx", "torch"], default="auto")
    args = parser.parse_args()
    total, step = max(1, min(args.searches, 100_000)), max(100, args.step)
    report: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]},
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "clients": args.clients,
    }
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "MLLENS_DATABASE_URL": f"sqlite:///{Path(tmp) / 'rss.db'}",
            "MLLENS_EMBEDDING_RUNTIME": args.runtime,
            "MLLENS_RATE_REQUESTS_PER_MINUTE": "0",  # a load test exceeds a person's quota
        }
        process, url, ready_s = start_project(env)
        curve: list[dict[str, float]] = [{"searches": 0, "rss_mb": rss_mb(process.pid)}]
        errors = 0
        started = time.perf_counter()
        try:
            done = 0
            while done < total:
                batch = min(step, total - done)
                load = asyncio.run(load_run(url, args.clients, 300, None, searches=batch))
                done += int(load["requests"])  # type: ignore[call-overload]
                errors += int(load["errors"])  # type: ignore[call-overload]
                curve.append({"searches": done, "rss_mb": rss_mb(process.pid), "req_per_s": load["req_per_s"]})  # type: ignore[dict-item]
                print(f"{done} searches: RSS {curve[-1]['rss_mb']} MB", file=sys.stderr)
            time.sleep(SETTLE_S)  # the heap trimmer's next round (app/memory.py: at most every 2 s)
            settled = rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    report |= {
        "ready_s": round(ready_s, 2),
        "searches": curve[-1]["searches"],
        "errors": errors,
        "elapsed_s": round(time.perf_counter() - started, 1),
        "rss_mb_at_ready": curve[0]["rss_mb"],
        "rss_mb_after": curve[-1]["rss_mb"],
        "rss_mb_settled": settled,
        "curve": curve,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(report, indent=2))
    out = ROOT / "eval" / "results" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") / "rss_search.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
