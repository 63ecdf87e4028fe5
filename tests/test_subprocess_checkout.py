"""Every kind of subprocess the tests start (`mllens serve` for the browser tests, `mllens` commands, the MCP stdio
server, the installed `mllens` script, plain `python -c` probes) imports `app` from the checkout the tests run from,
not from the editable install of another checkout (tests/support/checkout.py).

Each subprocess runs with PYTHONVERBOSE=1, so the interpreter itself reports which `app/__init__.py` it loaded, and
each starts as a helper's run starts it: `PYTHONPATH=.`, relative, in this process's environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import stdio_client
from support.checkout import checkout_pythonpath
from support.processes import run_mllens, sqlite_env

from app.settings import Settings
from tests.e2e.conftest import start_server, stop_server
from tests.interop.test_mcp import stdio_params

# `python -v` names each source file it loads ("# code object from '…'", "… matches …"); installed libraries have
# `app` subpackages of their own (slack_bolt.app), under site-packages.
LOADED_APP = re.compile(r"(/[^\s']+)/app/__init__\.py")


def app_roots(verbose_output: str) -> set[Path]:
    """The directories whose top-level `app` package the verbose output shows loaded."""
    roots = {Path(m) for m in LOADED_APP.findall(verbose_output) if "-packages/" not in m}
    assert roots, verbose_output[-2000:]
    return roots


@pytest.fixture
def relative_pythonpath(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process's environment as a helper's run has it before the root conftest fixes it."""
    monkeypatch.setenv("PYTHONPATH", ".")


@pytest.mark.usefixtures("relative_pythonpath")
def test_the_browser_tests_server_imports_this_checkout(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    server = start_server(tmp_path, {"PYTHONVERBOSE": "1"})  # in tmp_path, where "." holds no `app`
    stop_server(server)
    assert app_roots(server.log.read_text(errors="replace")) == {request.config.rootpath}


@pytest.mark.usefixtures("relative_pythonpath")
def test_mllens_commands_import_this_checkout(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    done = run_mllens(sqlite_env(tmp_path / "cli.db", PYTHONVERBOSE="1"), "--help")
    assert done.returncode == 0, done.stderr[-2000:]
    assert app_roots(done.stderr) == {request.config.rootpath}


def test_the_installed_mllens_script_imports_this_checkout(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """What the tmux test and the README examples run: the `mllens` script of whichever checkout is installed."""
    script = Path(sys.executable).with_name("mllens")
    env = {"PATH": "/usr/bin:/bin", "PYTHONVERBOSE": "1", "PYTHONPATH": checkout_pythonpath(".")}
    done = subprocess.run([str(script), "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert app_roots(done.stderr) == {request.config.rootpath}


def test_a_probe_inheriting_the_environment_imports_this_checkout(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Probes (`python -c …` with this process's environment) run in another directory; the root conftest made this
    process's PYTHONPATH absolute."""
    done = subprocess.run(
        [sys.executable, "-c", "import app"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONVERBOSE": "1"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert app_roots(done.stderr) == {request.config.rootpath}


@pytest.mark.usefixtures("relative_pythonpath")
def test_the_mcp_stdio_server_imports_this_checkout(
    tiny_settings: Settings, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    errlog = tmp_path / "mcp.err"

    async def scenario() -> None:
        with errlog.open("w") as err:
            async with Client(stdio_client(stdio_params(tiny_settings, PYTHONVERBOSE="1"), errlog=err)) as client:
                assert (await client.list_tools()).tools

    anyio.run(scenario)
    assert app_roots(errlog.read_text(errors="replace")) == {request.config.rootpath}
