"""Every `mllens` command logs what start-up does on stderr (plain lines, `--log-level` / MLLENS_LOG_LEVEL), stdout
staying the command's output; `mllens serve` says it is serving only once a server process has passed its start-up
checks (with several workers, the parent's early "Uvicorn running" is reworded). Real subprocesses, as a user runs
them."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time

import httpx
import pytest
from support.checkout import mllens_command
from support.processes import free_port

from app.settings import Settings

LOADING = "INFO app.knowledge: loading the lens and its index from"


def mllens(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        mllens_command(*args), capture_output=True, text=True, env={**os.environ, **env}, timeout=120, check=False
    )


def test_every_command_logs_start_up_on_stderr_and_keeps_stdout_for_its_output(cli_env: Settings) -> None:
    done = mllens("search", "least privilege access to training data", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)  # stdout is only the JSON
    assert LOADING in done.stderr and "INFO app.knowledge: loaded the lens and its index in" in done.stderr
    quiet = mllens("--log-level", "warning", "search", "least privilege access to training data", "--json")
    assert quiet.returncode == 0 and quiet.stdout == done.stdout and "INFO" not in quiet.stderr, quiet.stderr
    from_env = mllens("search", "least privilege", "--json", MLLENS_LOG_LEVEL="warning")
    assert from_env.returncode == 0 and "INFO" not in from_env.stderr, from_env.stderr


class ServerLog:
    """`mllens serve` as a subprocess, its stderr read line by line as it comes."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            mllens_command("serve", "--port", str(self.port), *args),
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def until(self, text: str, timeout_s: float = 90) -> str:
        """The first line holding `text` (the lines before it are in `seen`)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "".join(self.seen)
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in: {''.join(self.seen)}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        if self.process.stderr is not None:
            self.process.stderr.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_serving_on_is_said_only_once_a_server_process_is_ready(cli_env: Settings, workers: int) -> None:
    server = ServerLog("--workers", str(workers))
    try:
        ready = server.until('"message": "ready: serving on')
        url = f"http://127.0.0.1:{server.port}"
        assert json.loads(ready)["message"].startswith(f"ready: serving on {url} (docs at /docs)"), ready
        before = "".join(server.seen[:-1])
        # nothing claimed to serve before the start-up checks passed (index loaded, services built)
        assert "serving on" not in before and "Uvicorn running" not in before, before
        assert '"app.services", "message": "services ready' in before, before
        if workers > 1:
            assert f"listening on {url}; 2 workers starting" in before, before
        # once said, it is true: /readyz answers 200 (one worker suffices: the others do not accept yet)
        deadline = time.monotonic() + 10
        while True:
            try:
                readyz = httpx.get(f"{url}/readyz", timeout=10)
                break
            except httpx.ConnectError:  # one process: uvicorn binds just after the lifespan's start-up
                assert workers == 1 and time.monotonic() < deadline
                time.sleep(0.05)
        assert readyz.status_code == 200, readyz.text
    finally:
        server.stop()


CLIENT = {"name": "test", "version": "0"}


def mcp_session(level: str) -> tuple[list[dict[str, object]], str]:
    """`mllens --log-level LEVEL mcp` over stdio: initialise, call a tool with an unknown ID (the MCP library logs a
    failed tool at info), then end the session; its stdout messages and its stderr."""
    requests: list[dict[str, object]] = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": CLIENT},
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "get_best_practice", "arguments": {}}},
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "get_best_practice", "arguments": {"bp_id": "MLNOPE-BP99"}},
        },
    ]
    with subprocess.Popen(
        mllens_command("--log-level", level, "mcp"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("".join(json.dumps(r) + "\n" for r in requests))
        process.stdin.flush()
        replies = []
        while len(replies) < 3:  # the three requests answered: the tool calls' log lines are written by then
            line = process.stdout.readline()
            assert line, "the MCP server ended early"
            replies.append(json.loads(line))  # stdout is only the protocol
        _, stderr = process.communicate(timeout=60)
    return replies, stderr


def test_mcp_library_lines_follow_the_log_level_on_stderr(cli_env: Settings) -> None:
    """The MCP SDK logs a failed or refused tool call at info. Main showed those lines in the SDK's own format (it set
    up the root logger with a rich handler at INFO) whatever `--log-level` said; now they are plain lines like ours,
    from the level asked for."""
    replies, stderr = mcp_session("info")
    assert [r["id"] for r in replies] == [1, 2, 3]
    assert "INFO mcp.server.mcpserver.server: Tool 'get_best_practice' rejected arguments" in stderr, stderr
    assert "INFO mcp.server.mcpserver.server: Tool 'get_best_practice' failed" in stderr, stderr
    assert LOADING in stderr and stderr.count(LOADING) == 1, stderr  # ours, once
    assert "server.py:" not in stderr, stderr  # no rich layout
    _, quiet = mcp_session("warning")
    assert "Tool 'get_best_practice'" not in quiet and "INFO" not in quiet, quiet
