"""Browser fixtures: one `mllens serve` on a free loopback port (no LLM, the shipped index, a fresh SQLite database)
and one headless Debian Chromium for the package (Playwright from PyPI; never `playwright install`); a fresh browser
context per test that records every request, console error, page error and dialog."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.checkout import checkout_env, mllens_command
from support.tools import missing

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "app" / "web" / "node_modules" / "axe-core" / "axe.min.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]


def start_server(workdir: Path, extra_env: dict[str, str] | None = None) -> Server:
    port = free_port()
    env = checkout_env(
        {
            **os.environ,
            "MLLENS_DATABASE_URL": f"sqlite:///{workdir / 'e2e.db'}",
            "MLLENS_LLM_PROVIDER": "none",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            **(extra_env or {}),
        }
    )
    log = workdir / "server.log"
    command = mllens_command("serve", "--port", str(port), "--log-level", "warning")
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return Server(base, process, log, env)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("server did not become ready in 120 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = start_server(tmp_path_factory.mktemp("e2e-server"))
    yield started
    stop_server(started)


# Package scope, not session: Playwright's sync API keeps an event loop running in this thread while it is open, and
# tests after this package call asyncio.run().
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        missing(CHROMIUM, "bash .ci/test installs Debian's chromium as root (.ci/test-tools)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that a test may assert on."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign(self, base: str) -> list[str]:
        return [u for u in self.requests if not (u.startswith(base + "/") or u.startswith("blob:" + base))]


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def context(browser: Any, server: Server, watch: Watch) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    ctx.set_default_timeout(15000)
    yield ctx
    ctx.close()


def watch_page(page: Any, watch: Watch) -> Any:
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


@pytest.fixture
def page(context: Any, watch: Watch) -> Any:
    return watch_page(context.new_page(), watch)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page (the widget's open shadow root included). The script is
    evaluated through the DevTools protocol, so the page's CSP (no inline script) does not apply to it."""
    if not AXE.exists():
        missing("axe-core (app/web/node_modules)", "`npm --prefix app/web ci`; bash .ci/test runs it (.ci/test-tools)")
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in result if v["impact"] in ("serious", "critical")]
