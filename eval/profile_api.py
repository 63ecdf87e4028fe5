"""Where a served /v1/search and /v1/ask spend their milliseconds.

Two views, one run:
1. **In process**, stage by stage (no HTTP): query embedding, the rest of retrieval, building the response model,
   serialising it; for ask also the conversation store and the extractive composer.
2. **Served**, sampled by py-spy: a `mllens serve` on a free loopback port, one client sending requests back to back
   while py-spy samples the server; every sample is charged to the innermost frame that matches a category (model,
   FAISS, BM25, fusion, pydantic, JSON, database, HTTP server, threads...), reported as CPU ms per request.

    .venv/bin/python eval/profile_api.py [--requests 300] [--rate 250] [--clients 16 --duration 10]

`--clients N` adds a third view: /v1/search under N concurrent clients (the benchmarks' load), sampled the same way
and split into the server's main thread (event loop) and its other threads (the embedding thread above all), with
each side's CPU time per request from /proc.

py-spy needs ptrace rights (root, or kernel.yama.ptrace_scope=0). Writes eval/results/<ts>/profile_api.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    json.loads(line)["question"] for line in (ROOT / "eval/retrieval/questions.jsonl").read_text().splitlines() if line
]

# (category, substrings of "function (file)" frames); checked from the innermost frame outwards, first match wins.
CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    ("model: onnxruntime", ("onnxruntime",)),
    ("model: torch / sentence-transformers", ("torch/", "sentence_transformers/", "transformers/")),
    ("model: tokenizer", ("tokenizers/", "onnx_embedder.py")),
    ("faiss search", ("faiss/", "swigfaiss")),
    ("bm25", ("bm25s/",)),
    ("retrieval: fusion, id route", ("app/retrieval/", "app/lens/ids.py")),
    ("qa: extractive answer, citations", ("app/qa/",)),
    ("database (SQLAlchemy)", ("sqlalchemy/", "sqlite3", "psycopg", "app/persistence/")),
    ("pydantic models and validation", ("pydantic/", "pydantic_core", "fastapi/_compat", "fastapi/encoders")),
    ("JSON encode/decode", ("json/", "orjson")),
    ("FastAPI routing, dependencies", ("fastapi/",)),
    ("Starlette, middleware", ("starlette/", "app/api/")),
    ("thread hop (anyio, queue, events)", ("anyio/", "threading.py", "queue.py", "concurrent/")),
    ("HTTP server (uvicorn, h11/httptools, asyncio)", ("uvicorn/", "h11/", "httptools", "asyncio/")),
]


def categorise(stack: str) -> str:
    frames = stack.split(";")
    for frame in reversed(frames):
        for name, needles in CATEGORIES:
            if any(n in frame for n in needles):
                return name
    return "other"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def stats(values: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(values), 3), "p95": round(percentile(values, 95), 3)}


def in_process(requests: int, env: dict[str, str]) -> dict[str, object]:
    """Stage timings with the services a server builds (same settings), without HTTP."""
    os.environ.update(env)
    from app.api.schemas import AskResponse, SearchResponse
    from app.principal import Principal
    from app.services import build_services
    from app.settings import Settings

    started = time.perf_counter()
    services = build_services(Settings(_env_file=None))  # type: ignore[call-arg]
    build_s = time.perf_counter() - started
    embedder, retriever, qa = services.kb.embedder, services.kb.retriever, services.qa
    for q in QUESTIONS[:20]:
        retriever.search(q)
    stages: dict[str, list[float]] = {
        k: [] for k in ("embed", "search_total", "response_model", "serialise", "ask_total", "ask_serialise")
    }
    for n in range(requests):
        q = QUESTIONS[n % len(QUESTIONS)]
        t0 = time.perf_counter()
        embedder.embed([q])
        t1 = time.perf_counter()
        result = qa.search(q)
        t2 = time.perf_counter()
        response = SearchResponse.of(result)
        t3 = time.perf_counter()
        response.model_dump_json()
        t4 = time.perf_counter()
        answer = qa.ask(q, principal=Principal.local())
        t5 = time.perf_counter()
        AskResponse.of(answer).model_dump_json()
        t6 = time.perf_counter()
        for key, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
            stages[key].append(value * 1000)
    services.close()
    out: dict[str, object] = {k: stats(v) for k, v in stages.items()}
    out["build_services_s"] = round(build_s, 2)
    out["embedder"] = type(getattr(embedder, "inner", embedder)).__name__
    return out


def record_with_pyspy(pid: int, rate: int, raw: Path) -> subprocess.Popen[bytes]:
    """py-spy sampling every thread of `pid` into `raw` (stop it with SIGINT); returns once it has attached."""
    spy = subprocess.Popen(
        ["py-spy", "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw"]
        + ["--output", str(raw), "--nonblocking", "--threads"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # py-spy attaches
    return spy


def served(requests: int, rate: int, env: dict[str, str], out_dir: Path) -> dict[str, object]:
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/mllens"), "serve", "--port", str(port), "--log-level", "warning"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    report: dict[str, object] = {}
    try:
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url, timeout=30) as client:
            started = time.perf_counter()
            while True:
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.perf_counter() - started > 120:
                    raise SystemExit(f"server did not start: {server.stderr.read().decode() if server.stderr else ''}")
                time.sleep(0.05)
            report["ready_s"] = round(time.perf_counter() - started, 2)
            for path, field in (("/v1/search", "query"), ("/v1/ask", "question")):
                for q in QUESTIONS[:20]:
                    client.post(path, json={field: q}).raise_for_status()
                raw = out_dir / f"pyspy{path.replace('/', '_')}.txt"
                spy = record_with_pyspy(server.pid, rate, raw)
                walls, server_ms = [], []
                for n in range(requests):
                    t = time.perf_counter()
                    response = client.post(path, json={field: QUESTIONS[n % len(QUESTIONS)]})
                    walls.append((time.perf_counter() - t) * 1000)
                    response.raise_for_status()
                    timing = response.headers.get("server-timing", "dur=nan")
                    server_ms.append(float(timing.split("dur=")[1]))
                spy.send_signal(2)
                spy.wait(timeout=30)
                report[path] = {
                    "client_ms": stats(walls),
                    "server_timing_ms": stats(server_ms),
                    "cpu_ms_per_request": breakdown(raw, rate, requests),
                }
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report


def served_under_load(
    clients: int, duration: float, rate: int, env: dict[str, str], out_dir: Path
) -> dict[str, object]:
    """`/v1/search` under N concurrent clients (eval/load_search.py's lean generator) while py-spy samples the
    server: CPU ms per request by category, split into the main thread (event loop: HTTP, routing, auth hand-off,
    retrieval, response) and the other threads (the embedding thread, the auth dependency's worker threads), plus
    each side's CPU time from /proc, which does not depend on sampling."""
    import asyncio

    sys.path.insert(0, str(ROOT / "eval"))
    from bench_vs_langchain import cpu_s, main_thread_cpu_s, start_project
    from load_search import run as load_run

    server, url, _ready = start_project(env)
    try:
        asyncio.run(load_run(url, clients, 2.0, None))  # warm up every connection and the model
        raw = out_dir / "pyspy_search_under_load.txt"
        spy = record_with_pyspy(server.pid, rate, raw)
        cpu_before, main_before = cpu_s(server.pid), main_thread_cpu_s(server.pid)
        load = asyncio.run(load_run(url, clients, duration, None))
        cpu_used, main_used = cpu_s(server.pid) - cpu_before, main_thread_cpu_s(server.pid) - main_before
        spy.send_signal(2)
        spy.wait(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    requests = max(1, int(load["requests"]))  # type: ignore[call-overload]
    return {
        "clients": clients,
        "load": load,
        "server_cpu_ms_per_request": round(cpu_used * 1000 / requests, 2),
        "main_thread_cpu_ms_per_request": round(main_used * 1000 / requests, 2),
        "other_threads_cpu_ms_per_request": round((cpu_used - main_used) * 1000 / requests, 2),
        "sampled_main_thread_ms_per_request": breakdown(raw, rate, requests, thread="MainThread"),
        "sampled_other_threads_ms_per_request": breakdown(raw, rate, requests, thread="!MainThread"),
    }


def breakdown(raw: Path, rate: int, requests: int, thread: str | None = None) -> dict[str, float]:
    """CPU ms per request by category (non-idle samples of every thread; py-spy drops idle ones by default)."""
    counts: Counter[str] = Counter()
    if not raw.exists():
        return {"error: no py-spy output (ptrace not allowed?)": 0.0}
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if thread is not None:  # py-spy --threads: the first frame names the thread
            on_thread = thread.lstrip("!") in stack.split(";", 1)[0]
            if on_thread == thread.startswith("!"):
                continue
        if stack and count.isdigit():
            counts[categorise(stack)] += int(count)
    per_request = {name: round(n / rate * 1000 / requests, 3) for name, n in counts.most_common()}
    per_request["total"] = round(sum(counts.values()) / rate * 1000 / requests, 3)
    return per_request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint (max 3000)")
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--runtime", choices=["auto", "onnx", "torch"], default="auto", help="embedding runtime")
    parser.add_argument("--skip-served", action="store_true")
    parser.add_argument(
        "--clients", type=int, default=0, help="also profile /v1/search under this many concurrent clients (e.g. 16)"
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of the loaded profile (max 60)")
    args = parser.parse_args()
    requests = max(10, min(args.requests, 3000))
    out_dir = ROOT / "eval" / "results" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "MLLENS_DATABASE_URL": f"sqlite:///{Path(tmp) / 'profile.db'}",
            "MLLENS_EMBEDDING_RUNTIME": args.runtime,
            "MLLENS_RATE_REQUESTS_PER_MINUTE": "0",  # profiling sends far more than a person's quota per minute
        }
        report: dict[str, object] = {
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]},
            "load_average_before": os.getloadavg(),
            "requests_per_endpoint": requests,
            "runtime": args.runtime,
        }
        if not args.skip_served:
            if shutil.which("py-spy") is None and (ROOT / ".venv/bin/py-spy").exists():
                os.environ["PATH"] = f"{ROOT / '.venv/bin'}:{os.environ['PATH']}"
            report["served"] = served(requests, args.rate, env, out_dir)
            if args.clients > 0:
                report["served_under_load"] = served_under_load(
                    min(args.clients, 64), min(args.duration, 60.0), args.rate, env, out_dir
                )
        report["in_process_ms"] = in_process(requests, env)
        report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    (out_dir / "profile_api.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
