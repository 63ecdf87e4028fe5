"""Benchmark a running `mllens serve` on loopback: warm /v1/search and /v1/ask (none mode) latency, server-side (the
app's Server-Timing header) and client-side, and time to the first SSE event.

    .venv/bin/mllens serve --port 8000 &      # wait for /readyz
    .venv/bin/python eval/bench_api.py --url http://127.0.0.1:8000 [--repeats 200]

Targets (issue 4): search p50 <= 10 ms and ask p50 <= 25 ms server-side; first SSE event <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

QUESTIONS = Path(__file__).parent / "retrieval" / "questions.jsonl"
FALLBACK = [
    "How should we version training data?",
    "least privilege access to training data",
    "how do we monitor a deployed model for drift?",
    "what does MLSEC03-BP02 say?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--repeats", type=int, default=200, help="timed requests per endpoint (max 2000)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--api-key", default=None)
    args = parser.parse_args()
    require_loopback(args.url)
    repeats = min(args.repeats, 2000)
    questions = load_questions()
    headers = {"Authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    with httpx.Client(base_url=args.url, headers=headers, timeout=30) as client:
        client.get("/readyz").raise_for_status()
        report = {
            "search": bench_json(client, "/v1/search", "query", questions, repeats, args.warmup),
            "ask_none": bench_json(client, "/v1/ask", "question", questions, repeats, args.warmup),
            "sse_first_event": bench_sse(client, questions, max(repeats // 4, 10), args.warmup),
            "repeats": repeats,
            "url": args.url,
        }
    print(json.dumps(report, indent=2))


def bench_json(
    client: httpx.Client, path: str, field: str, questions: list[str], repeats: int, warmup: int
) -> dict[str, float]:
    server, wall = [], []
    for n in range(warmup + repeats):
        started = time.perf_counter()
        response = client.post(path, json={field: questions[n % len(questions)]})
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        if n >= warmup:
            wall.append(elapsed)
            server.append(server_ms(response))
    return {**summary("server_ms", server), **summary("client_ms", wall)}


def bench_sse(client: httpx.Client, questions: list[str], repeats: int, warmup: int) -> dict[str, float]:
    first, total = [], []
    for n in range(warmup + repeats):
        body = {"question": questions[n % len(questions)]}
        started = time.perf_counter()
        first_event = None
        with client.stream("POST", "/v1/ask", json=body, headers={"Accept": "text/event-stream"}) as response:
            response.raise_for_status()
            for line in response.iter_lines():
                if first_event is None and line.startswith("event:"):
                    first_event = (time.perf_counter() - started) * 1000
        if n >= warmup and first_event is not None:
            first.append(first_event)
            total.append((time.perf_counter() - started) * 1000)
    return {**summary("first_event_ms", first), **summary("complete_ms", total)}


def server_ms(response: httpx.Response) -> float:
    timing = response.headers.get("server-timing", "")
    return float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")


def summary(prefix: str, values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        f"{prefix}_p50": round(statistics.median(ordered), 2),
        f"{prefix}_p95": round(pick(0.95), 2),
        f"{prefix}_p99": round(pick(0.99), 2),
    }


def load_questions() -> list[str]:
    if QUESTIONS.exists():
        rows = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
        found = [r["question"] for r in rows if isinstance(r.get("question"), str)]
        if found:
            return found
    return FALLBACK


def require_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        sys.exit(f"refusing to benchmark {host!r}: loopback addresses only")


if __name__ == "__main__":
    main()
