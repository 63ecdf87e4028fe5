"""Load test a running `mllens serve` on loopback: N concurrent clients POST /v1/search for a bounded time (or
until a number of searches has been served), then report requests/s, errors, latency p50/p99, the load generator's
own CPU time per request and the server's resident memory (from its /metrics).

    .venv/bin/python eval/load_search.py --url http://127.0.0.1:8000 --clients 16 --duration 60
    .venv/bin/python eval/load_search.py --url http://127.0.0.1:8000 --searches 10000 --duration 300  # RSS run

Two clients, the same requests (`{"query", "k": 5}` over the retrieval eval questions), each connection kept alive:

- `lean` (default): a minimal HTTP/1.1 client on an asyncio protocol, one connection per simulated client, requests
  encoded once up front. It checks every status line and reads every body to its Content-Length (or last chunk);
  it costs ~0.2 ms of CPU per request against this project (0.3-0.5 ms against the reference's larger replies).
- `httpx`: httpx.AsyncClient, the generator of runs A-E in docs/performance.md (about 1 ms of CPU per request).

On a machine where the generator shares the cores with the server, the generator's own CPU is taken from whichever
server is being measured, so the leaner it is, the closer req/s comes to measuring the server alone.

Targets (issue 4): >= 100 req/s with 0 errors and p99 <= 150 ms at 16 clients; RSS per worker <= 700 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import resource
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlparse

import httpx
from bench_api import load_questions, require_loopback, summary

MAX_DURATION_S = 300
CLIENTS = ("lean", "httpx")


def process_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def search_bodies(questions: list[str], extra: dict[str, object] | None) -> list[bytes]:
    return [json.dumps({"query": q, "k": 5, **(extra or {})}).encode() for q in questions]


# --- the lean client -------------------------------------------------------------------------------------------


class HTTPProblem(Exception):
    """A response the lean client could not read (a malformed head or a connection closed mid-response)."""


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection, one request at a time: write pre-encoded bytes, wait for the whole
    response. Understands Content-Length and chunked bodies (what uvicorn sends), nothing else."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bool]] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.waiter is not None and not self.waiter.done():
            try:
                done = self._complete()
            except HTTPProblem as exc:
                self.waiter.set_exception(exc)
                return
            if done is not None:
                self.waiter.set_result(done)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(HTTPProblem("connection closed before the response was complete"))

    def _complete(self) -> tuple[int, bool] | None:
        """(status, keep-alive) once the buffer holds a whole response (which is then removed from it)."""
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        parts = head[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise HTTPProblem(f"bad status line {head[0]!r}")
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
        keep_alive = headers.get("connection") != "close"
        start = end + 4
        if headers.get("transfer-encoding") == "chunked":
            at = start
            while True:
                line_end = self.buffer.find(b"\r\n", at)
                if line_end < 0:
                    return None
                try:
                    size = int(bytes(self.buffer[at:line_end]).split(b";")[0], 16)
                except ValueError:
                    raise HTTPProblem("a malformed chunk size") from None
                if size == 0:
                    trailer_end = self.buffer.find(b"\r\n\r\n", line_end)  # no trailers: "0\r\n\r\n"
                    if trailer_end < 0:
                        return None
                    del self.buffer[: trailer_end + 4]
                    return int(parts[1]), keep_alive
                at = line_end + 2 + size + 2
                if len(self.buffer) < at:
                    return None
        length = headers.get("content-length")
        if length is None or not length.isdigit():
            raise HTTPProblem("a response without Content-Length or chunked encoding")
        if len(self.buffer) < start + int(length):
            return None
        del self.buffer[: start + int(length)]
        return int(parts[1]), keep_alive

    async def exchange(self, request: bytes) -> tuple[int, bool]:
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self.waiter


async def _connect(host: str, port: int) -> _Connection:
    _, protocol = await asyncio.get_running_loop().create_connection(_Connection, host, port)
    return protocol


def lean_requests(url: str, bodies: list[bytes], api_key: str | None) -> list[bytes]:
    """Each search as the bytes of a whole HTTP/1.1 request, encoded once."""
    parsed = urlparse(url)
    auth = f"Authorization: Bearer {api_key}\r\n" if api_key else ""
    return [
        (
            f"POST /v1/search HTTP/1.1\r\nHost: {parsed.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{auth}\r\n"
        ).encode("latin-1")
        + body
        for body in bodies
    ]


async def lean_loop(
    url: str,
    requests: list[bytes],
    offset: int,
    deadline: float,
    latencies: list[float],
    errors: list[str],
    limit: int | None,
) -> None:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    connection: _Connection | None = None
    n = offset
    try:
        while time.perf_counter() < deadline and (limit is None or len(latencies) < limit):
            started = time.perf_counter()
            try:
                if connection is None or connection.closed:
                    connection = await _connect(host, port)
                async with asyncio.timeout(30):  # no extra task per request, unlike asyncio.wait_for
                    status, keep_alive = await connection.exchange(requests[n % len(requests)])
                if status != 200:
                    errors.append(str(status))
                if not keep_alive:
                    assert connection.transport is not None
                    connection.transport.close()
                    connection = None
            except (OSError, HTTPProblem, TimeoutError) as exc:
                errors.append(type(exc).__name__)
                if connection is not None and connection.transport is not None:
                    connection.transport.close()
                connection = None
            latencies.append((time.perf_counter() - started) * 1000)
            n += 1
    finally:
        if connection is not None and connection.transport is not None:
            connection.transport.close()


# --- the httpx client (the earlier benchmarks' generator) -------------------------------------------------------


async def httpx_loop(
    client: httpx.AsyncClient,
    questions: list[str],
    offset: int,
    deadline: float,
    latencies: list[float],
    errors: list[str],
    extra: dict[str, object] | None,
    limit: int | None,
) -> None:
    """Exactly the earlier benchmarks' loop (JSON encoded per request by httpx), so their figures can be reproduced."""
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
    client: str = "lean",
) -> dict[str, object]:
    """`extra`: more request fields (e.g. {"passages": False} for compact replies). `searches`: stop once that many
    have been sent (the duration still bounds the run). `client`: "lean" or "httpx" (see the module's docstring)."""
    if client not in CLIENTS:
        raise ValueError(f"client must be one of {CLIENTS}")
    questions = load_questions()
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30, limits=limits) as http:
        (await http.get("/readyz")).raise_for_status()
        rss_before = await server_rss_mb(http)
        latencies: list[float] = []
        errors: list[str] = []
        loop: Callable[[int, float], Awaitable[None]]
        if client == "lean":
            requests = lean_requests(url, search_bodies(questions, extra), api_key)

            def loop(offset: int, deadline: float) -> Awaitable[None]:
                return lean_loop(url, requests, offset, deadline, latencies, errors, searches)
        else:

            def loop(offset: int, deadline: float) -> Awaitable[None]:
                return httpx_loop(http, questions, offset, deadline, latencies, errors, extra, searches)

        cpu_before = process_cpu_s()
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(*(loop(i * 7, deadline) for i in range(clients)))
        elapsed = time.perf_counter() - started
        cpu_used = process_cpu_s() - cpu_before
        rss_after = await server_rss_mb(http)
    return {
        "client": client,
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        **summary("latency_ms", latencies),
        "generator_cpu_ms_per_request": round(cpu_used * 1000 / max(1, len(latencies)), 3),
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
    parser.add_argument("--client", choices=CLIENTS, default="lean", help="the load generator's HTTP client")
    args = parser.parse_args()
    require_loopback(args.url)
    clients, duration = max(1, min(args.clients, 64)), min(args.duration, MAX_DURATION_S)
    report = asyncio.run(run(args.url, clients, duration, args.api_key, searches=args.searches, client=args.client))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
