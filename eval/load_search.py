"""Load test a running `mllens serve` on loopback: N concurrent clients POST /v1/search for a bounded time (or
until a number of searches has been served), then report requests/s, errors, latency p50/p99 and the server's
resident memory (from its /metrics).

    .venv/bin/python eval/load_search.py --url http://127.0.0.1:8000 --clients 16 --duration 60
    .venv/bin/python eval/load_search.py --url http://127.0.0.1:8000 --searches 10000 --duration 300  # RSS run

Targets (issue 4): >= 100 req/s with 0 errors and p99 <= 150 ms at 16 clients; RSS per worker <= 700 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time

import httpx
from bench_api import load_questions, require_loopback, summary

MAX_DURATION_S = 300


async def client_loop(
    client: httpx.AsyncClient,
    questions: list[str],
    offset: int,
    deadline: float,
    latencies: list[float],
    errors: list[str],
    extra: dict[str, object] | None = None,
    limit: int | None = None,
) -> None:
    n = offset
    while time.perf_counter() < deadline and (limit is None or len(latencies) < limit):
        started = time.perf_counter()
        try:
            body = {"query": questions[n % len(questions)], "k": 5, **(extra or {})}
            response = await client.post("/v1/search", json=body)
            if response.status_code != 200:
                errors.append(str(response.status_code))
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
        latencies.append((time.perf_counter() - started) * 1000)
        n += 1


async def run(
    url: str,
    clients: int,
    duration: float,
    api_key: str | None,
    extra: dict[str, object] | None = None,
    searches: int | None = None,
) -> dict[str, object]:
    """`extra`: more request fields (e.g. {"passages": False} for compact replies). `searches`: stop once that many
    have been sent (the duration still bounds the run)."""
    questions = load_questions()
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30, limits=limits) as client:
        (await client.get("/readyz")).raise_for_status()
        rss_before = await server_rss_mb(client)
        latencies: list[float] = []
        errors: list[str] = []
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(
            *(
                client_loop(client, questions, i * 7, deadline, latencies, errors, extra, searches)
                for i in range(clients)
            )
        )
        elapsed = time.perf_counter() - started
        rss_after = await server_rss_mb(client)
    return {
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        **summary("latency_ms", latencies),
        "server_rss_mb_before": rss_before,
        "server_rss_mb_after": rss_after,
    }


async def server_rss_mb(client: httpx.AsyncClient) -> float | None:
    response = await client.get("/metrics")
    if response.status_code != 200:
        return None
    text = response.text
    match = re.search(r"^process_resident_memory_bytes ([0-9.e+]+)$", text, re.M)
    return round(float(match.group(1)) / 2**20, 1) if match else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0, help=f"seconds (at most {MAX_DURATION_S})")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--searches", type=int, default=None, help="stop after this many searches (e.g. 10000)")
    args = parser.parse_args()
    require_loopback(args.url)
    clients, duration = max(1, min(args.clients, 64)), min(args.duration, MAX_DURATION_S)
    report = asyncio.run(run(args.url, clients, duration, args.api_key, searches=args.searches))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
