"""eval/bench_vs_langchain.py's readiness measure against fake servers on loopback: each server is started alone (the
one before it has exited), the order alternates, a 503 from /readyz is waited out, and the CPU seconds a server spent
before it was ready are counted (the old benchmark started ours once, right after the reference, and read one wall
time only)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
import bench_vs_langchain as bench  # noqa: E402

# Burns CPU, then listens; /readyz answers 503 for its first 0.2 s of listening, then 200.
FAKE_SERVER = """
import sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer
burn_until = time.process_time() + float(sys.argv[2])
while time.process_time() < burn_until:
    pass
listening = time.monotonic()
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        ready = self.path == "/readyz" and time.monotonic() - listening > 0.2
        self.send_response(200 if ready else 503)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


class FakeServers:
    def __init__(self) -> None:
        self.started: list[str] = []
        self.processes: list[subprocess.Popen[bytes]] = []
        self.overlaps = 0  # starts made while an earlier server was still running

    def starter(self, name: str, burn_s: float) -> bench.Starter:
        def start() -> tuple[subprocess.Popen[bytes], str, float]:
            self.overlaps += sum(p.poll() is None for p in self.processes)
            self.started.append(name)
            port = bench.free_port()
            began = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-c", FAKE_SERVER, str(port), str(burn_s)])
            self.processes.append(process)
            url = f"http://127.0.0.1:{port}"
            return process, url, bench.wait_ready(url, process, began, limit_s=60)

        return start

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_each_server_starts_alone_in_alternating_order_and_its_cpu_to_ready_is_counted() -> None:
    servers = FakeServers()
    try:
        starts = bench.alone_starts({"ours": servers.starter("ours", 0.3), "theirs": servers.starter("theirs", 0)}, 2)
    finally:
        servers.stop()
    assert servers.started == ["ours", "theirs", "theirs", "ours"]
    assert servers.overlaps == 0
    assert all(p.returncode is not None for p in servers.processes)
    assert [len(starts["ours"]), len(starts["theirs"])] == [2, 2]
    for start in starts["ours"] + starts["theirs"]:
        assert set(start) == {"load_average", "wall_s", "cpu_s"}
        assert start["wall_s"] >= 0.2  # the 503s were waited out
    assert all(start["cpu_s"] >= 0.25 for start in starts["ours"])  # the burn before listening, all of it counted
    assert all(start["cpu_s"] < start["wall_s"] + 0.05 for start in starts["ours"])


# Listens and answers 503 for ever: never ready.
NEVER_READY = """
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def test_a_server_not_ready_in_time_is_stopped_when_the_wait_gives_up() -> None:
    port = bench.free_port()
    process = subprocess.Popen([sys.executable, "-c", NEVER_READY, str(port)])
    try:
        with pytest.raises(SystemExit, match="not ready after"):
            bench.wait_ready(f"http://127.0.0.1:{port}", process, time.perf_counter(), limit_s=1.0)
        assert process.poll() is not None  # main left it running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


IGNORES_TERMINATE = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(1, flush=True); time.sleep(60)"
)


def test_a_server_that_ignores_terminate_is_killed() -> None:
    with subprocess.Popen([sys.executable, "-c", IGNORES_TERMINATE], stdout=subprocess.PIPE) as process:
        try:
            assert process.stdout is not None and process.stdout.readline()  # SIGTERM is ignored from here on
            bench.stop_server(process, grace_s=0.5)
            assert process.returncode == -9
        finally:
            if process.poll() is None:
                process.kill()
