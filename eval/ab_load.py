"""Two builds of this project under the same 16-client `/v1/search` load, interleaved: A and B each run in their own
`mllens serve` (one worker), and every run alternates which goes first. Per run and server: req/s, p50/p99, errors,
the server's CPU per request split by thread (main thread = event loop; the two busiest other threads, usually the
embedding thread and a worker thread; the rest), the generator's CPU per request, RSS, the load average; and, through
eval/serve_probe.py, the garbage-collector pauses and the embedding batches (sizes, queue wait). Prints medians and
ranges over the runs. Before each load run, `--sequential` one-client searches give each server's one-client p50.
On a shared machine this is how two builds are compared: same moment, same load, alternating.

    .venv/bin/python eval/ab_load.py --runs 4 --duration 8                          # A = B = this tree
    .venv/bin/python eval/ab_load.py --a-tree ../main-copy                          # A = another commit
    .venv/bin/python eval/ab_load.py --a-env MLLENS_LATE_INTERACTION=false          # A = this tree, a setting off

`--x-tree DIR`: run that source tree's `app` (a checkout or `git archive` of another commit; it needs its
index/minilm.onnx) with one interpreter for both servers: `--python`, by default this tree's .venv/bin/python, or the
one running this script when this tree has no .venv (a git worktree). A tree that is not a source tree, or lacks its
model, is refused before anything starts, saying what is missing. Writes eval/results/<ts>/ab_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from bench_api import bench_json, load_questions
from bench_vs_langchain import PYTHON, ROOT, free_port, rss_mb, wait_ready
from load_search import run as load_run

from app.evaluation.results import write_results

PROBE = ROOT / "eval" / "serve_probe.py"


def default_python() -> str:
    """This tree's virtualenv, else the interpreter running this script (a worktree shares another's .venv)."""
    return PYTHON if Path(PYTHON).exists() else sys.executable


def check_setup(python: str, trees: dict[str, Path]) -> None:
    """Raises SystemExit naming what is missing: the interpreter, or a tree's `app` package or its ONNX model."""
    if not Path(python).is_file():
        raise SystemExit(f"ab_load: no Python interpreter at {python}: pass --python (one with this project installed)")
    for name, tree in trees.items():
        if not (tree / "app" / "__init__.py").is_file():
            raise SystemExit(f"ab_load: {name} tree {tree} has no app/ package: give a checkout of this project")
        if not (tree / "index" / "minilm.onnx").is_file():
            raise SystemExit(
                f"ab_load: {name} tree {tree} has no index/minilm.onnx (it is not in git): copy index/minilm*.onnx "
                "into it from a tree that has them"
            )


def thread_cpu_s(pid: int) -> dict[int, float]:
    """CPU seconds of each thread of the process, by thread id."""
    ticks = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        out[int(task.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return out


def split_cpu(pid: int, before: dict[int, float], after: dict[int, float], requests: int) -> dict[str, float]:
    used = {tid: after[tid] - before.get(tid, 0.0) for tid in after}
    main = used.pop(pid, 0.0)
    others = sorted(used.values(), reverse=True)
    per = lambda s: round(s * 1000 / max(1, requests), 3)  # noqa: E731
    return {
        "cpu_ms_per_request": per(main + sum(others)),
        "main_thread": per(main),
        "busiest_other_thread": per(others[0] if others else 0.0),
        "second_other_thread": per(others[1] if len(others) > 1 else 0.0),
        "rest": per(sum(others[2:])),
    }


def start(
    name: str, tree: Path, env: dict[str, str], probe_out: Path, python: str
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    started = time.perf_counter()
    log = probe_out.with_suffix(".log")
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [python, str(PROBE), "serve", "--port", str(port), "--log-level", "warning"],
            cwd=tree,
            env={**os.environ, "PYTHONPATH": str(tree), "MLLENS_PROBE_OUT": str(probe_out), **env},
            stdout=subprocess.DEVNULL,
            stderr=out,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        ready_s = wait_ready(url, process, started)
    except SystemExit as exc:  # say why the server did not come up: the end of its own output
        tail = log.read_text(errors="replace").strip().splitlines()[-5:]
        raise SystemExit(f"ab_load: {name} server ({tree}, {python}): {exc}\n" + "\n".join(tail)) from None
    print(f"{name}: ready in {ready_s:.2f} s ({tree}, {env})", file=sys.stderr)
    return process, url


def parse_env(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


def summarise(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": min(values), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=4, help="load runs per server (alternating order)")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per load run (at most 30)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--sequential", type=int, default=100, help="one-client /v1/search requests per run and server before the load"
    )
    for side in ("a", "b"):
        parser.add_argument(f"--{side}-tree", type=Path, default=ROOT, help=f"source tree of {side.upper()}")
        parser.add_argument(f"--{side}-env", action="append", default=[], help="NAME=VALUE for that server")
    parser.add_argument(
        "--python", default=default_python(), help="interpreter for both servers (default: %(default)s)"
    )
    args = parser.parse_args()
    check_setup(args.python, {"A": args.a_tree.resolve(), "B": args.b_tree.resolve()})
    runs, duration = max(1, min(args.runs, 12)), max(1.0, min(args.duration, 30.0))
    questions = load_questions()
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]},
        "repeats": {"runs": runs, "duration_s": duration, "clients": args.clients},
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    samples: dict[str, list[dict[str, Any]]] = {"A": [], "B": []}
    with tempfile.TemporaryDirectory() as tmp:
        servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
        probes: dict[str, Path] = {}
        try:
            for side in ("a", "b"):
                name = side.upper()
                env = {
                    "MLLENS_DATABASE_URL": f"sqlite:///{Path(tmp) / f'{side}.db'}",
                    "MLLENS_RATE_REQUESTS_PER_MINUTE": "0",  # a load test exceeds a person's quota
                    **parse_env(getattr(args, f"{side}_env")),
                }
                probes[name] = Path(tmp) / f"{side}-probe.json"
                servers[name] = start(name, getattr(args, f"{side}_tree").resolve(), env, probes[name], args.python)
                report[name] = {
                    "tree": str(getattr(args, f"{side}_tree")),
                    "env": parse_env(getattr(args, f"{side}_env")),
                }
            with httpx.Client(timeout=30) as client:  # warm both
                for _, url in servers.values():
                    for q in questions[:20]:
                        client.post(f"{url}/v1/search", json={"query": q}).raise_for_status()
            for process, _ in servers.values():  # the probes count from here: start-up and warm-up left out
                process.send_signal(signal.SIGUSR1)
            for n in range(runs):
                for name in ("A", "B") if n % 2 == 0 else ("B", "A"):
                    process, url = servers[name]
                    one_client: dict[str, float] = {}
                    if args.sequential > 0:
                        with httpx.Client(base_url=url, timeout=30) as client:
                            one_client = bench_json(client, "/v1/search", "query", questions, args.sequential, 5)
                    load_before = os.getloadavg()[0]
                    before = thread_cpu_s(process.pid)
                    load = asyncio.run(load_run(url, args.clients, duration, None))
                    cpu = split_cpu(process.pid, before, thread_cpu_s(process.pid), int(load["requests"]))  # type: ignore[call-overload]
                    samples[name].append(
                        {
                            "req_per_s": load["req_per_s"],
                            **({"one_client_p50_ms": one_client["client_ms_p50"]} if one_client else {}),
                            "p50_ms": load["latency_ms_p50"],
                            "p99_ms": load["latency_ms_p99"],
                            "errors": load["errors"],
                            "generator_cpu_ms_per_request": load["generator_cpu_ms_per_request"],
                            **cpu,
                            "rss_mb": rss_mb(process.pid),
                            "load_average": round(load_before, 2),
                        }
                    )
                    print(f"run {n + 1} {name}: {json.dumps(samples[name][-1])}", file=sys.stderr)
        finally:
            for process, _ in servers.values():
                process.terminate()
            for process, _ in servers.values():
                process.wait(timeout=30)
        for name, path in probes.items():
            report[name]["probe"] = json.loads(path.read_text()) if path.exists() else None
    for name in ("A", "B"):
        keys = [k for k, v in samples[name][0].items() if isinstance(v, int | float)]
        report[name]["summary"] = {k: summarise([float(s[k]) for s in samples[name]]) for k in keys}
        report[name]["runs"] = samples[name]
    a, b = report["A"]["summary"], report["B"]["summary"]
    report["B / A (medians)"] = {
        k: round(b[k]["median"] / a[k]["median"], 3) for k in ("req_per_s", "p99_ms", "cpu_ms_per_request")
    }
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))
    write_results(report, ROOT / "eval" / "results", "ab_load")


if __name__ == "__main__":
    main()
