"""One-client latency of `/v1/ask` (none mode, a new conversation each time, SQLite synchronous=full as shipped) and
`/v1/search`, with the server's CPU time per request, interleaved between checkouts: one `mllens serve` per checkout
(this one, and optionally others, e.g. an export of the base commit; see eval/bench_start.py), then rounds that send
each server N sequential requests in turn, alternating which goes first.

    .venv/bin/python eval/bench_one_client.py [--rounds 4] [--requests 100] [--checkout DIR ...] [--stream]

`--stream` also sends each server the same questions as streamed asks (`Accept: text/event-stream`, as the web widget
asks), measured to the end of the stream (`ask_sse_*`), so a streamed ask's cost can be read against a JSON one's; as
streamed chat completions (`stream: true`, as chat front ends ask: `chat_sse_*`); and as side questions in one review,
streamed as review turns (`turn_sse_*`).

Client p50/p95 come from a keep-alive http.client connection; CPU per request from /proc/<pid>/stat around each
block (all the server's threads). On a shared machine the wall-clock figures move with the load; the CPU per request
and the interleaved comparison are the steadier figures. Writes eval/results/<ts>/bench_one_client.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from app.evaluation.results import rounds_lines, rounds_report, write_results

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_start import ROOT, process_cpu_s, start_server  # noqa: E402

QUESTIONS = [
    json.loads(line)["question"]
    for line in (ROOT / "eval" / "retrieval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def bodies_for(label: str, questions: list[str]) -> list[bytes]:
    if label == "chat_sse":
        chats = [{"model": "ml-lens", "messages": [{"role": "user", "content": q}], "stream": True} for q in questions]
        return [json.dumps(chat).encode() for chat in chats]
    key = "query" if label == "search" else "ask" if label == "turn_sse" else "question"
    return [json.dumps({key: q}).encode() for q in questions]


def new_review(port: int) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/reviews",
        data=json.dumps({"profile": {"name": "bench"}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        return str(json.load(reply)["review_id"])


def block(
    port: int, pid: int, path: str, bodies: list[bytes], accept: str = "application/json"
) -> tuple[list[float], float]:
    """Send the bodies one after another on one connection; (client ms per request to the reply's last byte, server CPU
    ms per request)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    walls = []
    cpu_before = process_cpu_s(pid)
    for body in bodies:
        started = time.perf_counter()
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json", "Accept": accept})
        reply = connection.getresponse()
        reply.read()
        walls.append((time.perf_counter() - started) * 1000)
        if reply.status != 200:
            raise SystemExit(f"{path}: HTTP {reply.status}")
    cpu = (process_cpu_s(pid) - cpu_before) * 1000 / len(bodies)
    connection.close()
    return walls, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=4, help="rounds (max 20)")
    parser.add_argument("--requests", type=int, default=100, help="requests per endpoint, server and round (max 1000)")
    parser.add_argument("--checkout", action="append", type=Path, help="another checkout to compare (repeatable)")
    parser.add_argument("--stream", action="store_true", help="also measure streamed (SSE) asks")
    args = parser.parse_args()
    rounds, requests = max(1, min(args.rounds, 20)), max(10, min(args.requests, 1000))
    checkouts = [ROOT, *(c.resolve() for c in args.checkout or [])]
    load_before = os.getloadavg()
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    reviews: dict[str, str] = {}
    figures: dict[str, dict[str, list[float]]] = {str(c): {} for c in checkouts}
    sse = "text/event-stream"
    kinds = [("ask", "/v1/ask", "application/json"), ("search", "/v1/search", "application/json")]
    if args.stream:
        kinds[1:1] = [("ask_sse", "/v1/ask", sse), ("chat_sse", "/v1/chat/completions", sse), ("turn_sse", "", sse)]
    with tempfile.TemporaryDirectory(prefix="bench-one-client-") as tmp:
        try:
            for n, checkout in enumerate(checkouts):
                servers[str(checkout)] = start_server(checkout, Path(tmp) / f"server-{n}.db")
            for name, (process, port) in servers.items():  # warm both: model, caches, database pages
                reviews[name] = new_review(port) if args.stream else ""
                for label, path, accept in kinds:
                    path = path or f"/v1/reviews/{reviews[name]}/turns"
                    block(port, process.pid, path, bodies_for(label, QUESTIONS[:20]), accept)
            for round_no in range(rounds):
                order = list(servers) if round_no % 2 == 0 else list(servers)[::-1]
                questions = [QUESTIONS[(round_no * requests + n) % len(QUESTIONS)] for n in range(requests)]
                for name in order:
                    process, port = servers[name]
                    for label, path, accept in kinds:
                        path = path or f"/v1/reviews/{reviews[name]}/turns"
                        walls, cpu = block(port, process.pid, path, bodies_for(label, questions), accept)
                        into = figures[name]
                        into.setdefault(f"{label}_p50_ms", []).append(round(statistics.median(walls), 2))
                        into.setdefault(f"{label}_p95_ms", []).append(round(statistics.quantiles(walls, n=20)[18], 2))
                        into.setdefault(f"{label}_cpu_ms_per_request", []).append(round(cpu, 2))
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(timeout=30)
    report = rounds_report(figures, rounds, requests, load_before)
    print("\n".join(rounds_lines(report, 28)))
    print(f"wrote {write_results(report, ROOT / 'eval' / 'results', 'bench_one_client')}")


if __name__ == "__main__":
    main()
