"""An operator's mistakes in MLLENS_* settings end `mllens` at once with one line naming the setting and what is
wrong (exit 1), never a traceback: a database URL that is not one or names no installed driver, a database that
cannot be reached, and, for `mllens serve`, a missing index or lens corpus (the server would otherwise start, log
the failure as a traceback from inside its start-up, and exit 3). Run as a user runs them: a fresh interpreter."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

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
