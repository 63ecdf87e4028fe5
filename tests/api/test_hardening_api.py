"""Bad input and faults found by probing (issue 12): each is a clear 4xx/503 in the one error shape, never a 500."""

from __future__ import annotations

import socket
import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from support.live_server import live_server

from app.main import create_app
from app.services import Services, build_services
from app.settings import Settings

from .conftest import IN_SCOPE

PROFILE = {"name": "fraud-scoring", "ml_use_case": "fraud detection"}


def post_raw(client: TestClient, path: str, raw: bytes) -> tuple[int, dict[str, object]]:
    response = client.post(path, content=raw, headers={"content-type": "application/json"})
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/v1/ask", b'{"question": "versioning \\ud800 data"}'),
        ("/v1/search", b'{"query": "\\udfff"}'),
        ("/v1/ask", b'{"question": "ok", "filters": {"question_ids": ["\\ud83d"]}}'),
        ("/v1/reviews", b'{"profile": {"name": "x\\ud800"}}'),
        ("/v1/feedback", b'{"turn_id": 1, "rating": "up", "comment": "\\ud800"}'),
        ("/v1/chat/completions", b'{"model": "ml-lens", "messages": [{"role": "user", "content": "\\ud800"}]}'),
    ],
)
def test_an_unpaired_surrogate_is_422_naming_the_field(client: TestClient, path: str, raw: bytes) -> None:
    status, body = post_raw(client, path, raw)
    assert status == (400 if path.startswith("/v1/chat/") else 422), body  # OpenAI's status on its route
    error = body["error"]
    assert isinstance(error, dict) and error["code"] == "invalid_input"
    assert "unpaired surrogate" in error["message"]


def test_a_paired_surrogate_is_an_ordinary_character(client: TestClient) -> None:
    status, _ = post_raw(client, "/v1/search", b'{"query": "data versioning \\ud83d\\ude00"}')
    assert status == 200


@pytest.mark.parametrize("turn_id", [0, -1, 2**31, 2**63, 9223372036854775808, 10**30])
def test_integers_out_of_range_are_422(client: TestClient, turn_id: int) -> None:
    response = client.post("/v1/feedback", json={"turn_id": turn_id, "rating": "up"})
    assert response.status_code == 422
    assert "turn_id" in response.json()["error"]["message"]


def test_expected_version_out_of_range_is_422(client: TestClient) -> None:
    review = client.post("/v1/reviews", json={"profile": PROFILE}).json()
    response = client.post(
        f"/v1/reviews/{review['review_id']}/turns", json={"expected_version": 2**63, "action": {"type": "skip"}}
    )
    assert response.status_code == 422 and "expected_version" in response.json()["error"]["message"]


def test_deep_nesting_and_huge_numbers_are_documented_422s(client: TestClient) -> None:
    deep = b'{"question": "q", "filters": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"
    status, body = post_raw(client, "/v1/ask", deep)
    assert status == 422 and body["error"] == {
        "code": "invalid_input",
        "message": "malformed JSON body: nested too deeply",
    }
    huge = b'{"turn_id": ' + b"9" * 5000 + b', "rating": "up"}'
    status, body = post_raw(client, "/v1/feedback", huge)
    assert status == 422
    assert body["error"] == {"code": "invalid_input", "message": "malformed JSON body: a number is too large"}
    spec = client.get("/openapi.json").json()
    assert "422" in spec["paths"]["/v1/ask"]["post"]["responses"]


def raw_exchange(host: str, port: int, request: bytes, *, then: bytes = b"", read_s: float = 5.0) -> bytes:
    with socket.create_connection((host, port), timeout=read_s) as sock:
        sock.sendall(request)
        if then:
            try:
                sock.sendall(then)
            except OSError:  # the server may answer and close before the rest is sent
                pass
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and b"}" in chunk:
                    break
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


def test_content_length_with_transfer_encoding_is_refused_before_the_body_is_read(
    tiny_settings: Settings, services: Services
) -> None:
    app = create_app(tiny_settings, services)
    with live_server(app, tiny_settings) as (host, port):
        head = (
            b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)
        reply = raw_exchange(host, port, head, then=chunk * 20)
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
    assert b"both Content-Length and Transfer-Encoding" in reply


def test_a_chunked_body_is_cut_off_at_the_limit_not_read_whole(tiny_settings: Settings, services: Services) -> None:
    app = create_app(tiny_settings, services)
    with live_server(app, tiny_settings) as (host, port):
        head = (
            b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)
        reply = raw_exchange(host, port, head + b'10\r\n{"question": "xx\r\n', then=chunk * 30)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"payload_too_large" in reply


def test_a_connection_that_never_sends_a_request_head_is_closed(tiny_settings: Settings, services: Services) -> None:
    settings = tiny_settings.model_copy(update={"header_timeout_s": 0.5})
    app = create_app(settings, services)
    with live_server(app, settings) as (host, port), socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 4


def test_a_body_that_stops_arriving_is_408(tiny_settings: Settings, services: Services) -> None:
    settings = tiny_settings.model_copy(update={"body_timeout_s": 0.5})
    app = create_app(settings, services)
    with live_server(app, settings) as (host, port):
        head = b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        reply = raw_exchange(host, port, head + b'{"question": ')
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]


def hold_write_lock(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def test_a_held_sqlite_lock_is_a_fast_503_with_retry_after_then_recovers(
    tiny_settings: Settings, tiny_kb: object
) -> None:
    settings = tiny_settings.model_copy(update={"db_timeout_s": 0.3})
    built = build_services(settings, kb=tiny_kb)  # type: ignore[arg-type]
    try:
        with TestClient(create_app(settings, built)) as client:
            assert built.db.file is not None
            lock = hold_write_lock(built.db.file)
            # The reply comes while the lock is still held: the wait is bounded by db_timeout_s, not by the lock
            # (no wall-clock assertion: machines differ and are noisy).
            response = client.post("/v1/reviews", json={"profile": PROFILE})
            lock.rollback()
            lock.close()
            assert response.status_code == 503, response.text
            assert response.json()["error"]["code"] == "database_unavailable"
            assert response.headers["retry-after"] == str(settings.retry_after_s)
            assert client.post("/v1/reviews", json={"profile": PROFILE}).status_code == 201
    finally:
        built.close()


def test_a_deleted_sqlite_file_refuses_writes_and_readiness(client: TestClient, services: Services) -> None:
    assert client.get("/readyz").status_code == 200
    assert services.db.file is not None
    services.db.file.unlink()
    response = client.post("/v1/reviews", json={"profile": PROFILE})
    assert response.status_code == 503 and response.json()["error"]["code"] == "database_unavailable"
    ready = client.get("/readyz")
    assert ready.status_code == 503 and "retry-after" in ready.headers
    assert client.post("/v1/ask", json={"question": IN_SCOPE}).status_code == 503
    # A search reads the database only to authenticate (has any key ever existed?): that read fails closed.
    search = client.post("/v1/search", json={"query": IN_SCOPE})
    assert search.status_code == 503 and search.json()["error"]["code"] == "database_unavailable"
    keyed = client.post("/v1/search", json={"query": IN_SCOPE}, headers={"Authorization": "Bearer mll_x"})
    assert keyed.status_code == 503


def test_readyz_checks_writes_and_the_model_not_just_select_1(
    tiny_settings: Settings, tiny_kb: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tiny_settings.model_copy(update={"db_timeout_s": 0.3})
    built = build_services(settings, kb=tiny_kb)  # type: ignore[arg-type]
    try:
        with TestClient(create_app(settings, built)) as client:
            ready = client.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert built.db.file is not None
            lock = hold_write_lock(built.db.file)  # reads still work; writes wait for the lock
            try:
                blocked = client.get("/readyz")
            finally:
                lock.rollback()
                lock.close()
            assert blocked.status_code == 503 and "database" in blocked.json()["error"]["message"]
            assert client.get("/readyz").status_code == 200

            def broken(_texts: list[str], **_kwargs: object) -> object:
                raise RuntimeError("model gone")

            monkeypatch.setattr(built.kb.embedder, "embed", broken)
            no_model = client.get("/readyz")
            assert no_model.status_code == 503 and "model: RuntimeError" in no_model.json()["error"]["message"]
    finally:
        built.close()


def test_a_replaced_sqlite_file_is_noticed(client: TestClient, services: Services) -> None:
    assert services.db.file is not None
    copy = services.db.file.with_suffix(".copy")
    copy.write_bytes(services.db.file.read_bytes())
    copy.replace(services.db.file)  # same path, another file (e.g. a restore under a running server)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and "replaced" in ready.json()["error"]["message"]
    assert client.post("/v1/reviews", json={"profile": PROFILE}).status_code == 503
