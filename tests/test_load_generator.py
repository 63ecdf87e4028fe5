"""eval/load_search.py's lean HTTP/1.1 client (the benchmarks' load generator) against a real uvicorn on loopback:
every request reaches the server whole, every response is read to its end (Content-Length and chunked bodies, large
ones arriving in pieces, connections the server closes), and a non-200 status counts as an error, exactly as the
httpx client counts them."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

from app.settings import Settings
from tests.support.live_server import live_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
import load_search  # noqa: E402

BIG = "x" * 200_000  # arrives in many reads


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bodies: list[dict[str, object]] = []
        self.auth: set[str] = set()
        self.failed = 0

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/readyz")
        def readyz() -> dict[str, str]:
            return {"status": "ready"}

        @app.get("/metrics")
        def metrics() -> Response:
            return PlainTextResponse("process_resident_memory_bytes 1.048576e+08\n")

        @app.post("/v1/search")
        async def search(request: Request) -> Response:
            body = json.loads(await request.body())
            with self.lock:
                n = len(self.bodies)
                self.bodies.append(body)
                self.auth.add(request.headers.get("authorization", ""))
                if n % 7 == 3:
                    self.failed += 1
                    return JSONResponse({"error": {"code": "not_ready"}}, status_code=503)
            if n % 5 == 1:

                async def pieces() -> AsyncIterator[bytes]:
                    for part in ('{"results": [', '"' + BIG + '"', "]}"):
                        yield part.encode()

                return StreamingResponse(pieces(), media_type="application/json")  # chunked
            if n % 11 == 4:
                return JSONResponse({"results": []}, headers={"Connection": "close"})
            return JSONResponse({"results": [BIG if n % 2 else "small"]})

        return app


@pytest.mark.parametrize("client", load_search.CLIENTS)
def test_every_response_read_whole_and_errors_counted(client: str) -> None:
    recorder = Recorder()
    with live_server(recorder.app(), Settings(_env_file=None)) as (host, port):  # type: ignore[call-arg]
        report = asyncio.run(load_search.run(f"http://{host}:{port}", 4, 30, "secret-key", searches=80, client=client))
    assert report["client"] == client
    assert 80 <= report["requests"] <= 83  # each of the 4 clients checks the limit before it sends
    assert report["requests"] == len(recorder.bodies)  # nothing lost, nothing sent twice
    assert report["errors"] == recorder.failed > 0
    assert report["error_kinds"] == ["503"]
    assert recorder.auth == {"Bearer secret-key"}
    questions = set(load_search.load_questions())
    assert all(
        set(body) == {"query", "k"} and body["query"] in questions and body["k"] == 5 for body in recorder.bodies
    )
    assert report["server_rss_mb_before"] == report["server_rss_mb_after"] == 100.0
    assert 0 < report["generator_cpu_ms_per_request"] < 1000


def test_a_server_that_goes_away_is_an_error_not_a_hang() -> None:
    """A connection closed mid-response is counted as an error and the client reconnects."""

    async def scenario() -> tuple[list[float], list[str]]:
        served = 0

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal served
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                    await reader.readexactly(length)
                    served += 1
                    if served == 2:  # promise 100 bytes, send 10, hang up
                        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
                        await writer.drain()
                        return
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                    await writer.drain()
            except asyncio.IncompleteReadError:  # the client hung up
                return
            finally:
                writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        requests = load_search.lean_requests(url, load_search.search_bodies(["q"], None), None)
        latencies: list[float] = []
        errors: list[str] = []
        deadline = asyncio.get_running_loop().time() + 30
        await load_search.lean_loop(url, requests, 0, deadline + 1e9, latencies, errors, 5)
        server.close()
        await server.wait_closed()
        assert asyncio.get_running_loop().time() < deadline
        return latencies, errors

    latencies, errors = asyncio.run(scenario())
    assert len(latencies) == 5
    assert errors == ["HTTPProblem"]
