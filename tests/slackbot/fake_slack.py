"""A fake Slack Web API on a loopback port: records every call (method and parameters) and answers like Slack for
the methods the bot uses (auth.test, chat.*, views.open, the two-step file upload, assistant.threads.*,
apps.connections.open, response_url webhooks). `rate_limit("chat.postMessage", times=1)` answers 429 with
Retry-After first.

Used by the tests and by eval/bench_slack.py (so it stays a plain module with no pytest import)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.perf_counter)
    ts: str = ""  # the ts this fake gave a posted message
    wall: float = field(default_factory=time.time)  # comparable across processes (see `python fake_slack.py`)


class FakeSlack:
    def __init__(self, *, socket_url: str = "", team_id: str = "T0TEAM") -> None:
        self.calls: list[Call] = []
        self.socket_url = socket_url
        self.team_id = team_id  # the workspace `auth.test` says the bot token belongs to
        self._limits: dict[str, tuple[int, int]] = {}  # method -> (times left, retry-after seconds)
        self._errors: dict[str, str] = {}  # method -> Slack error code to answer with
        self._gates: dict[str, threading.Event] = {}  # method -> answered only once the event is set
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-slack", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def api_url(self) -> str:
        return self.url + "api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        self._limits[method] = (times, retry_after)

    def hold(self, method: str) -> threading.Event:
        """Keep every `method` call waiting until the returned event is set (to see what happens meanwhile)."""
        gate = self._gates[method] = threading.Event()
        return gate

    def fail(self, method: str, error: str, *, channel: str | None = None) -> None:
        """Answer `method` with {"ok": false, "error": error} from now on (only for `channel`, when given)."""
        self._errors[method if channel is None else f"{method}@{channel}"] = error

    def recover(self, method: str) -> None:
        """Answer `method` normally again, undoing `fail` (for every channel too)."""
        for key in [k for k in self._errors if k == method or k.startswith(f"{method}@")]:
            del self._errors[key]

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate: Callable[[], object], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls]}")
            time.sleep(0.01)

    def wait_calls(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        self.wait_for(lambda: len(self.of(method)) >= count, timeout)
        return self.of(method)

    # --- answering -----------------------------------------------------------------------------------------

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        gate = self._gates.get(method)
        if gate is not None:
            with self._lock:
                self.calls.append(Call(f"{method}:held", params))
            gate.wait(30)
        with self._lock:
            times, retry_after = self._limits.get(method, (0, 0))
            if times > 0:
                self._limits[method] = (times - 1, retry_after)
                self.calls.append(Call(f"{method}:429", params))
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
            ts = f"1700000000.{next(self._ts):06d}"
            self.calls.append(Call(method, params, ts=ts))
            error = self._errors.get(method) or self._errors.get(f"{method}@{params.get('channel')}")
            if error:
                return 200, {"ok": False, "error": error}, {}
        if method == "chat.postMessage":
            return 200, {"ok": True, "channel": params.get("channel"), "ts": ts, "message": {"ts": ts}}, {}
        if method == "chat.postEphemeral":
            return 200, {"ok": True, "message_ts": ts}, {}
        if method == "views.open":
            return 200, {"ok": True, "view": {"id": "V" + ts.replace(".", "")}}, {}
        if method == "files.getUploadURLExternal":
            return 200, {"ok": True, "upload_url": f"{self.url}upload/F{ts[-6:]}", "file_id": f"F{ts[-6:]}"}, {}
        if method == "files.completeUploadExternal":
            files = params.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return 200, {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}, {}
        if method == "chat.getPermalink":
            message = str(params.get("message_ts")).replace(".", "")
            link = f"https://example.slack.com/archives/{params.get('channel')}/p{message}"
            return 200, {"ok": True, "channel": params.get("channel"), "permalink": link}, {}
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.socket_url}, {}
        if method == "auth.test":
            return 200, {"ok": True, "team_id": self.team_id, "user_id": "U0BOT", "bot_id": "B0BOT"}, {}
        if method == "conversations.replies":
            return 200, {"ok": True, "messages": []}, {}
        return 200, {"ok": True}, {}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if self.path != "/_calls":  # the record, for a benchmark running this fake in its own process
                    self._send(404, b"", "text/plain")
                    return
                with fake._lock:
                    calls = [
                        {"method": c.method, "thread_ts": c.params.get("thread_ts"), "wall": c.wall} for c in fake.calls
                    ]
                self._send(200, json.dumps(calls).encode(), "application/json")

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = self.path.split("?")[0]
                if path.startswith("/upload/"):
                    with fake._lock:
                        fake.calls.append(Call("upload", {"path": path, "content": raw.decode("utf-8", "replace")}))
                    self._send(200, b"OK", "text/plain")
                    return
                params = _params(raw, self.headers.get("Content-Type", ""))
                if path.startswith("/hooks/"):
                    with fake._lock:
                        fake.calls.append(Call("response_url", params))
                    self._send(200, b"ok", "text/plain")
                    return
                status, body, headers = fake._answer(path.removeprefix("/api/"), params)
                self._send(status, json.dumps(body).encode(), "application/json", headers)

            def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler


def _params(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        loaded = json.loads(raw or b"{}")
        return loaded if isinstance(loaded, dict) else {}
    params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
    for key in ("blocks", "view", "files"):
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params


if __name__ == "__main__":  # serve until stdin closes, for a benchmark that keeps Slack out of its own process
    import sys

    server = FakeSlack().start()
    sys.stdout.write(server.url + "\n")
    sys.stdout.flush()
    sys.stdin.read()
    server.stop()
