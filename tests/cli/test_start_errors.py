"""An operator's mistakes in MLLENS_* settings end `mllens` at once with one line naming the setting and what is
wrong (exit 1), never a traceback: a database URL that is not one or names no installed driver, a database that
cannot be reached, and, for `mllens serve`, a missing index or lens corpus (the server would otherwise start, log
the failure as a traceback from inside its start-up, and exit 3). Run as a user runs them: a fresh interpreter."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from support.checkout import MLLENS_MAIN, checkout_pythonpath

from app.settings import Settings

PASSWORD = "pa55-word-never-shown"


def mllens(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": checkout_pythonpath(),
        "MLLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", MLLENS_MAIN, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("nonsense://somewhere/db", "no database driver for 'nonsense'"),
        ("a plain file name", "not a database URL"),
        (f"mysql://admin:{PASSWORD}@db.example/mllens", "no database driver for 'mysql'"),
        (f"postgresql+psycopg://admin:{PASSWORD}@127.0.0.1:1/mllens", "cannot open the database"),
    ],
    ids=["unknown scheme", "not a URL", "driver not installed", "unreachable"],
)
def test_a_bad_database_url_is_one_line_naming_the_setting(url: str, said: str, tmp_path: Path) -> None:
    done = mllens(["keys", "list"], tmp_path, MLLENS_DATABASE_URL=url)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("Error: MLLENS_DATABASE_URL: ") and said in done.stderr, done.stderr
    assert PASSWORD not in done.stderr + done.stdout
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_serve_with_no_index_says_so_before_starting(tiny_settings: Settings, tmp_path: Path) -> None:
    missing = tmp_path / "no-index"
    done = mllens(
        ["serve", "--port", str(free_port())],
        tmp_path,
        MLLENS_CORPUS_DIR=str(tiny_settings.corpus_dir),
        MLLENS_PROMPTS_DIR=str(tiny_settings.prompts_dir),
        MLLENS_EMBEDDER="hash",
        MLLENS_INDEX_DIR=str(missing),
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"Error: no index at {missing}: run `mllens ingest` to build it", done.stderr


def test_serve_with_no_lens_corpus_says_so_before_starting(tiny_settings: Settings, tmp_path: Path) -> None:
    done = mllens(
        ["serve", "--port", str(free_port())],
        tmp_path,
        MLLENS_CORPUS_DIR=str(tmp_path / "no-corpus"),
        MLLENS_PROMPTS_DIR=str(tiny_settings.prompts_dir),
        MLLENS_INDEX_DIR=str(tiny_settings.index_dir),
        MLLENS_EMBEDDER="hash",
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"Error: {tmp_path / 'no-corpus' / 'lens'}:0: no lens question files (ML*.md) found"


def test_serve_refuses_to_publish_a_secret_key_on_the_demo_page(tiny_settings: Settings, tmp_path: Path) -> None:
    """MLLENS_DEMO_WIDGET_KEY goes into the demo page's HTML, for every visitor: a secret key (mll_…) there would be
    handed to anyone who opens the page. Refused at start, with what to use instead; so is a value that is no widget
    key at all (the widget could not work with it)."""
    secret = "mll_" + "s" * 43
    port = free_port()
    environment = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": checkout_pythonpath(),
        "MLLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "MLLENS_CORPUS_DIR": str(tiny_settings.corpus_dir),
        "MLLENS_PROMPTS_DIR": str(tiny_settings.prompts_dir),
        "MLLENS_INDEX_DIR": str(tiny_settings.index_dir),
        "MLLENS_EMBEDDER": "hash",
        "MLLENS_DEMO_WIDGET_KEY": secret,
    }
    server = subprocess.Popen(
        [sys.executable, "-c", MLLENS_MAIN, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    page = ""
    try:
        deadline = time.monotonic() + 60
        while server.poll() is None and time.monotonic() < deadline:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2).text
                break
            except httpx.TransportError:
                time.sleep(0.2)
    finally:
        if server.poll() is None:
            server.terminate()
        _, err = server.communicate(timeout=30)
    assert secret not in page
    assert server.returncode == 1, err
    assert err.strip() == (
        "Error: invalid settings: demo_widget_key: Value error, MLLENS_DEMO_WIDGET_KEY is a secret API key (mll_…): "
        "the demo page would show it to every visitor. Use a widget key (pk_…): "
        "`mllens keys create --widget --origin http://HOST:PORT`"
    )
    done = mllens(["keys", "list"], tmp_path, MLLENS_DEMO_WIDGET_KEY="not-a-key")
    assert done.returncode == 1 and "MLLENS_DEMO_WIDGET_KEY is not a widget key (pk_…)" in done.stderr, done.stderr


def test_the_demo_key_rule_knows_the_widget_key_prefix() -> None:
    from app.persistence.keys import KEY_PREFIX
    from app.persistence.widget_keys import WIDGET_PREFIX
    from app.settings import SECRET_KEY_PREFIX
    from app.settings import WIDGET_KEY_PREFIX as SETTINGS_WIDGET_PREFIX

    assert (SETTINGS_WIDGET_PREFIX, SECRET_KEY_PREFIX) == (WIDGET_PREFIX, KEY_PREFIX)


@pytest.mark.parametrize("url", ["notaurl", "api.openai.com/v1", "ftp://models.example/v1", "http://"])
def test_an_llm_endpoint_that_is_no_http_url_is_refused_at_start(url: str, tmp_path: Path) -> None:
    """It was taken as is: every model call then failed to connect and each answer fell back to the lens text."""
    done = mllens(["keys", "list"], tmp_path, MLLENS_LLM_BASE_URL=url)
    assert done.returncode == 1, done.stderr
    assert "MLLENS_LLM_BASE_URL is not an http(s) URL with a host" in done.stderr and "Traceback" not in done.stderr


def test_an_empty_llm_endpoint_means_the_providers_default(tmp_path: Path) -> None:
    assert Settings(_env_file=None, llm_base_url=" ").llm_base_url is None  # type: ignore[call-arg]
    done = mllens(["keys", "list"], tmp_path, MLLENS_LLM_BASE_URL="http://127.0.0.1:11434")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_slack_signing_secret_is_refused_at_start(blank: str, tmp_path: Path) -> None:
    """A server started anyway, with one log line that its Slack bot did not start and /slack/events answering 503."""
    done = mllens(["keys", "list"], tmp_path, MLLENS_SLACK_BOT_TOKEN="xoxb-1-2-3", MLLENS_SLACK_SIGNING_SECRET=blank)
    assert done.returncode == 1, done.stderr
    assert "MLLENS_SLACK_BOT_TOKEN needs MLLENS_SLACK_SIGNING_SECRET" in done.stderr, done.stderr
    assert Settings(_env_file=None, llm_api_key=blank).llm_api_key is None  # type: ignore[call-arg]


@pytest.mark.parametrize("args", [["search", "drift monitoring"], ["mcp"]], ids=" ".join)
def test_a_command_with_no_index_says_only_that(args: list[str], tiny_settings: Settings, tmp_path: Path) -> None:
    """Not first a warning that queries will be embedded with torch instead (and torch loaded for nothing)."""
    missing = tmp_path / "no-index"
    done = mllens(
        args,
        tmp_path,
        MLLENS_CORPUS_DIR=str(tiny_settings.corpus_dir),
        MLLENS_PROMPTS_DIR=str(tiny_settings.prompts_dir),
        MLLENS_INDEX_DIR=str(missing),
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"Error: no index at {missing}: run `mllens ingest` to build it", done.stderr
