"""Start-up cost, as CPU time as well as wall time: a cold `mllens search "…"` and `mllens serve` until /readyz says
ready, in fresh processes, interleaved between checkouts (this one, and optionally others, e.g. an export of the
base commit) so that a shared machine's load falls on every side alike. Each server start gets a new SQLite database,
as in eval/bench_vs_langchain.py (so its readiness includes creating the schema); `--reuse-database` measures a
restart on a database that exists.

    .venv/bin/python eval/bench_start.py [--runs 5] [--checkout DIR ...] [--no-serve]

Each checkout is run with this project's .venv and its own `app` package first on sys.path, its own corpus/, prompts/
and index/ (an exported checkout needs index/ copied or linked in, ONNX export included), and a fresh SQLite database
in a temporary directory. CPU is the child's user + system time (os.wait4 for the search; /proc/<pid>/stat at the
moment /readyz first answers 200 for the server, all threads). Prints the medians and ranges per checkout and the load
average before and after; writes eval/results/<ts>/bench_start.json. Timings are never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from app.evaluation.results import run_facts, write_results

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
QUERIES = ["data lineage", "drift after deployment", "MLSEC03-BP02"]
# `mllens` with the checkout's `app` first on the path (for this checkout the same as .venv/bin/mllens).
LAUNCH = "import sys; sys.path.insert(0, sys.argv.pop(1)); from app.cli import main; sys.argv[0] = 'mllens'; main()"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(database: Path) -> dict[str, str]:
    return {**os.environ, "MLLENS_DATABASE_URL": f"sqlite:///{database}", "MLLENS_RATE_REQUESTS_PER_MINUTE": "0"}


def cold_search(checkout: Path, query: str, database: Path) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-c", LAUNCH, str(checkout), "search", query],
        env=environment(database),
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{checkout}: mllens search failed: {errors.decode(errors='replace')[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def process_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_ready(checkout: Path, database: Path, limit_s: float = 120) -> tuple[float, float]:
    """Seconds from launch until /readyz answers 200, and the server's CPU seconds by then."""
    started = time.perf_counter()
    process, _ = start_server(checkout, database, limit_s=limit_s, poll_s=0.01)
    try:
        return time.perf_counter() - started, process_cpu_s(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def start_server(
    checkout: Path, database: Path, *, limit_s: float = 120, poll_s: float = 0.05
) -> tuple[subprocess.Popen[bytes], int]:
    """`mllens serve` of `checkout` on a free port, once /readyz answers 200 (the caller stops it); /readyz is asked
    every `poll_s` seconds for at most `limit_s`."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-c", LAUNCH, str(checkout), "serve", "--port", str(port), "--log-level", "warning"],
        env=environment(database),
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while time.perf_counter() - started < limit_s:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as reply:
                if reply.status == 200:
                    return process, port
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.poll() is not None:
            raise SystemExit(f"{checkout}: the server exited with {process.returncode}")
        time.sleep(poll_s)
    process.terminate()
    raise SystemExit(f"{checkout}: not ready after {limit_s} s")


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per checkout and measure (max 50)")
    parser.add_argument("--checkout", action="append", type=Path, help="another checkout to compare (repeatable)")
    parser.add_argument("--no-serve", action="store_true", help="only the cold search")
    parser.add_argument("--reuse-database", action="store_true", help="restart on an existing database")
    args = parser.parse_args()
    runs = max(1, min(args.runs, 50))
    checkouts = [ROOT, *(c.resolve() for c in args.checkout or [])]
    samples: dict[str, dict[str, list[float]]] = {str(c): {} for c in checkouts}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        for n in range(runs):
            order = checkouts if n % 2 == 0 else checkouts[::-1]
            for checkout in order:
                side = checkouts.index(checkout)
                database = Path(tmp) / (f"{side}.db" if args.reuse_database else f"{side}-{n}.db")
                wall, cpu = cold_search(checkout, QUERIES[n % len(QUERIES)], database)
                into = samples[str(checkout)]
                into.setdefault("search_wall_s", []).append(wall)
                into.setdefault("search_cpu_s", []).append(cpu)
                if not args.no_serve:
                    wall, cpu = serve_ready(checkout, database)
                    into.setdefault("ready_wall_s", []).append(wall)
                    into.setdefault("ready_cpu_s", []).append(cpu)
    report = {
        **run_facts(load_before),
        "runs": runs,
        "database": "reused" if args.reuse_database else "new for every server start",
        "pythondontwritebytecode": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
        "checkouts": {name: {k: summary(v) for k, v in measures.items()} for name, measures in samples.items()},
        "samples": samples,
    }
    for name, measures in report["checkouts"].items():
        print(name)
        for measure, figures in measures.items():
            print(f"  {measure:14s} median {figures['median']:.3f}  ({figures['min']:.3f}-{figures['max']:.3f})")
    print(f"load average {report['load_average_before_after'][0]} -> {report['load_average_before_after'][1]}")
    print(f"wrote {write_results(report, ROOT / 'eval' / 'results', 'bench_start')}")


if __name__ == "__main__":
    main()
