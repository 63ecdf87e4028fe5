"""Logs carry request IDs and never user text, keys or SQL parameters; /docs works offline."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.logs import logging_config
from app.main import create_app
from app.persistence.db import Database
from app.services import Services, build_services
from app.settings import Settings

MARKER = "zebra-quokka-7731"  # user text that must never reach a log line
SECRET = "mll_" + "s3cr3tKEYs3cr3tKEY"


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Every log record during the test, formatted as the server formats them (JSON lines)."""
    stream = io.StringIO()
    config = logging_config("DEBUG")
    config["handlers"]["stderr"]["stream"] = stream
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    # The test's own HTTP client (httpx) logs the URLs it requests; a server has no such logger.
    config["loggers"].update({name: {"level": "WARNING"} for name in ("httpx", "httpx2", "httpcore", "httpcore2")})
    logging.config.dictConfig(config)
    try:
        yield stream
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy"):
            logging.getLogger(name).handlers.clear()
            logging.getLogger(name).propagate = True


def test_no_user_text_key_or_sql_parameter_in_any_log_line(
    tiny_settings: Settings, tiny_kb: object, captured_logs: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tiny_settings.model_copy(update={"db_timeout_s": 0.2})
    built = build_services(settings, kb=tiny_kb)  # type: ignore[arg-type]
    try:
        with TestClient(create_app(settings, built), raise_server_exceptions=False) as client:
            headers = {"x-request-id": "req-fixed-1"}
            client.post(f"/v1/search?api_key={SECRET}", json={"query": f"versioning {MARKER}"}, headers=headers)
            client.post("/v1/ask", json={"question": f"how to version data {MARKER}"})
            client.post("/v1/ask", content=f'{{"question": "{MARKER}\\ud800"}}'.encode(), headers=headers)
            review = client.post("/v1/reviews", json={"profile": {"name": MARKER}}).json()
            # A failed write of the whole review state (the user's answers) while another writer holds the lock:
            assert built.db.file is not None
            lock = sqlite3.connect(built.db.file, isolation_level=None)
            lock.execute("BEGIN EXCLUSIVE")
            turn = client.post(
                f"/v1/reviews/{review['review_id']}/turns",
                json={"expected_version": review["version"], "text": f"we do {MARKER} everywhere"},
            )
            lock.rollback()
            lock.close()
            assert turn.status_code in (200, 503)

            # An unexpected error whose message quotes user input.
            async def broken(query: str, **_kwargs: object) -> object:
                raise ValueError(f"cannot handle {query!r}")

            monkeypatch.setattr(built.qa, "search_async", broken)  # what /v1/search awaits
            failed = client.post("/v1/search", json={"query": MARKER}, headers={"x-request-id": "req-broken"})
            assert failed.status_code == 500 and MARKER not in failed.text
    finally:
        built.close()
    # A failed statement's error text, as any handler would log it, has no parameters.
    db = Database(settings.database_url.replace("test.db", "other.db"))
    with pytest.raises(SQLAlchemyError) as info, db.engine.begin() as conn:
        conn.execute(text("INSERT INTO no_such_table VALUES (:v)"), {"v": MARKER})
    logging.getLogger("app.test").error("statement failed: %s", info.value)
    db.dispose()

    output = captured_logs.getvalue()
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert lines, "nothing was logged"
    assert MARKER not in output and SECRET not in output and "s3cr3t" not in output
    access = [line for line in lines if line["logger"] == "app.access"]
    assert {"/v1/search", "/v1/ask", "/v1/reviews"} <= {line["route"] for line in access}
    assert any(line["request_id"] == "req-fixed-1" for line in access)
    error = next(line for line in lines if line["logger"] == "app.api" and line["level"] == "ERROR")
    assert error["request_id"] == "req-broken" and "ValueError" in error["message"] and "stack" in error
    assert all(re.fullmatch(r"[\w.:-]{1,64}", line["request_id"]) for line in access)


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/healthz").headers["x-request-id"])
    assert client.get("/healthz", headers={"x-request-id": "abc-123"}).headers["x-request-id"] == "abc-123"
    forged = client.get("/healthz", headers={"x-request-id": "bad id\r\nwith junk"}).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


def test_docs_reference_no_other_host_and_their_assets_are_served(client: TestClient, services: Services) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page.text)
    assert urls, page.text
    assert not [u for u in urls if re.match(r"(?i)^(https?:)?//", u)], urls
    assert "validatorUrl" in page.text  # Swagger UI's remote validator badge is off
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 10_000
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN


@pytest.mark.parametrize(
    "setup",
    [
        "import logging.config; from app.logs import logging_config; logging.config.dictConfig(logging_config('INFO'))",
        "import logging, sys; from app.logs import quiet_library_loggers; "
        "logging.basicConfig(stream=sys.stderr, level=logging.INFO); quiet_library_loggers()",
    ],
    ids=["serve", "mcp"],
)
def test_faiss_start_up_chatter_stays_out_of_the_log(setup: str) -> None:
    """faiss's loader logs each CPU build it fails to import at INFO ("Could not load library … ModuleNotFoundError"),
    which read as an error at the top of every start; as `mllens serve` and `mllens mcp` configure logging, it is not
    shown (the same process still logs INFO lines of its own)."""
    check = f"{setup}; import faiss, logging; logging.getLogger('app').info('app line')"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "app line" in done.stderr and "faiss" not in done.stderr, done.stderr
