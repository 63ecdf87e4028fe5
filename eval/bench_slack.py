"""Benchmark the Slack bot in HTTP mode over loopback: `mllens serve` in its own process (the shipped index, no-LLM
mode, SQLite in a temp dir) and the tests' fake Slack Web API in another, both on 127.0.0.1; this process sends
correctly signed event requests and reads the fake's record of the replies.

    .venv/bin/python eval/bench_slack.py [--rounds 10] [--retried 100] [--sequential 30] [--json]

Measures (targets from issue 10):
  - ack time (HTTP response to Slack) with 20 concurrent events, p50/p99      target p99 <= 200 ms
  - duplicate replies when 100 events are each delivered 4 times (original + 3 retries, X-Slack-Retry-Num),
    sent concurrently                                                          target 0
  - first reply (chat.postMessage at the fake) after the event, one at a time  target <= 1 s (no-LLM mode)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake Slack Web API and payload builders the tests use

from slackbot.fake_slack import Call  # noqa: E402
from slackbot.payloads import SECRET, event, message, signed_headers  # noqa: E402

QUESTIONS = [
    "How should we version training data?",
    "least privilege access to training data",
    "how do we monitor a deployed model for drift?",
    "what does MLSEC03-BP02 say?",
    "how do we keep inference costs under control?",
    "should we use spot instances for training jobs?",
    "how can we explain model predictions to the business?",
    "how do we detect bias in our training data?",
]


class RemoteSlack:
    """The fake Slack Web API (tests/slackbot/fake_slack.py) in its own process, so its work does not compete with
    the measuring client for this process's interpreter; its record is read over HTTP."""

    def __init__(self) -> None:
        script = ROOT / "tests" / "slackbot" / "fake_slack.py"
        self._process = subprocess.Popen(
            [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._process.stdout is not None
        self.url = self._process.stdout.readline().strip()
        self.api_url = self.url + "api/"
        self._http = httpx.Client(base_url=self.url, timeout=30)

    def of(self, method: str) -> list[Call]:
        calls = self._http.get("/_calls").json()
        return [
            Call(c["method"], {"thread_ts": c["thread_ts"]}, wall=c["wall"]) for c in calls if c["method"] == method
        ]

    def wait_for(self, predicate: Callable[[], object], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out after {timeout} s waiting for replies")
            time.sleep(0.05)

    def stop(self) -> None:
        self._http.close()
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10, help="bursts of --concurrency events (max 50)")
    parser.add_argument("--retried", type=int, default=100, help="events delivered 4 times each (max 500)")
    parser.add_argument("--sequential", type=int, default=30, help="events timed to their first reply (max 200)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for key, value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}.items():
        os.environ.setdefault(key, value)

    fake = RemoteSlack()
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        env = os.environ | {
            "MLLENS_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "MLLENS_SLACK_BOT_TOKEN": "xoxb-bench",
            "MLLENS_SLACK_SIGNING_SECRET": SECRET,
            "MLLENS_SLACK_API_URL": fake.api_url,
        }
        mllens = str(Path(sys.executable).with_name("mllens"))
        command = [mllens, "serve", "--port", str(port), "--log-level", "warning"]
        started = time.perf_counter()
        server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                _wait_ready(client)
                report = {"startup_s": round(time.perf_counter() - started, 2)}
                _warm_up(client, fake)
                report["ack"] = bench_ack(client, fake, args.concurrency, min(args.rounds, 50))
                report["retries"] = bench_retries(client, fake, min(args.retried, 500))
                report["first_reply"] = bench_first_reply(client, fake, min(args.sequential, 200))
        finally:
            server.terminate()
            server.wait(30)
            fake.stop()
    report["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(json.dumps(report, indent=2) if args.json else _table(report))


def post_event(client: httpx.Client, body: str, retry: int = 0) -> tuple[float, float]:
    """(wall seconds at the client, seconds inside the app from its Server-Timing header)."""
    headers = signed_headers(body)
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    started = time.perf_counter()
    response = client.post("/slack/events", content=body, headers=headers)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    server_ms = float(response.headers.get("server-timing", "app;dur=0").split("dur=")[1])
    return elapsed, server_ms / 1000


def bench_ack(client: httpx.Client, fake: RemoteSlack, concurrency: int, rounds: int) -> dict[str, float]:
    times: list[tuple[float, float]] = []
    before = len(fake.of("chat.postMessage"))
    with ThreadPoolExecutor(concurrency) as pool:
        for n in range(rounds):
            bodies = [event(message(QUESTIONS[(n + i) % len(QUESTIONS)])) for i in range(concurrency)]
            times += pool.map(lambda b: post_event(client, b), bodies)
            expected = before + (n + 1) * concurrency
            fake.wait_for(lambda expected=expected: len(fake.of("chat.postMessage")) >= expected, 120)
    server = {f"server_{k}": v for k, v in _summary([t[1] for t in times]).items()}
    return _summary([t[0] for t in times]) | server | {"events": len(times), "concurrency": concurrency}


def bench_retries(client: httpx.Client, fake: RemoteSlack, events: int) -> dict[str, float]:
    deliveries = []
    for n in range(events):
        inner = message(QUESTIONS[n % len(QUESTIONS)])
        body = event(inner, event_id=f"EvBENCH{n:06d}")
        deliveries += [(inner["ts"], body, retry) for retry in range(4)]
    random.Random(7).shuffle(deliveries)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda d: post_event(client, d[1], d[2]), deliveries))
    threads = {ts for ts, _, _ in deliveries}
    fake.wait_for(lambda: len(_replies(fake, threads)) >= events, 180)
    time.sleep(2.0)  # anything late would be a duplicate
    replies = _replies(fake, threads)
    per_thread = {ts: replies.count(ts) for ts in threads}
    return {
        "events": events,
        "deliveries": len(deliveries),
        "replies": len(replies),
        "duplicates": sum(max(0, c - 1) for c in per_thread.values()),
        "missing": sum(1 for c in per_thread.values() if c == 0),
    }


def bench_first_reply(client: httpx.Client, fake: RemoteSlack, count: int) -> dict[str, float]:
    latencies = []
    for n in range(count):
        inner = message(QUESTIONS[n % len(QUESTIONS)])
        started = time.time()  # wall clock: the reply's time is stamped by the fake, in its own process
        post_event(client, event(inner))
        fake.wait_for(lambda inner=inner: bool(_replies(fake, {inner["ts"]})), 30)
        reply = next(c for c in fake.of("chat.postMessage") if c.params.get("thread_ts") == inner["ts"])
        latencies.append(reply.wall - started)
    return _summary(latencies) | {"events": count}


def _replies(fake: RemoteSlack, threads: set[str]) -> list[str]:
    return [c.params["thread_ts"] for c in fake.of("chat.postMessage") if c.params.get("thread_ts") in threads]


def _warm_up(client: httpx.Client, fake: RemoteSlack) -> None:
    for question in QUESTIONS[:3]:
        inner = message(question)
        post_event(client, event(inner))
        fake.wait_for(lambda inner=inner: bool(_replies(fake, {inner["ts"]})), 60)


def _summary(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
        "p99_ms": round(ms[int(0.99 * (len(ms) - 1))], 1),
        "max_ms": round(ms[-1], 1),
    }


def _wait_ready(client: httpx.Client) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if client.get("/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready in 120 s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _table(report: dict[str, object]) -> str:
    ack, retries, first = report["ack"], report["retries"], report["first_reply"]
    assert isinstance(ack, dict) and isinstance(retries, dict) and isinstance(first, dict)
    return "\n".join(
        [
            f"machine: {report['machine']}; server ready in {report['startup_s']} s",
            f"ack, {ack['concurrency']} concurrent ({ack['events']} events): p50 {ack['p50_ms']} ms, "
            f"p99 {ack['p99_ms']} ms (target <= 200 ms; ratio {ack['p99_ms'] / 200:.2f}); inside the app: "
            f"p50 {ack['server_p50_ms']} ms, p99 {ack['server_p99_ms']} ms",
            f"retries: {retries['events']} events x 4 deliveries -> {retries['replies']} replies, "
            f"{retries['duplicates']} duplicates, {retries['missing']} missing (target 0 duplicates)",
            f"first reply ({first['events']} sequential): p50 {first['p50_ms']} ms, p95 {first['p95_ms']} ms, "
            f"max {first['max_ms']} ms (target <= 1000 ms; p95 ratio {first['p95_ms'] / 1000:.2f})",
        ]
    )


if __name__ == "__main__":
    main()
