"""Subprocesses that tests start import `app` from the checkout the tests run from.

The package is installed in editable mode from one checkout (e.g. main); tests run from another (a git worktree) with
`PYTHONPATH=.`. A subprocess started in another directory resolves that relative entry against its own working
directory, finds no `app` there and falls back to the editable install: the test would pass on the other checkout's
code. `checkout_env` puts this checkout first on `PYTHONPATH`, as an absolute path, whatever the subprocess's working
directory or environment; the root conftest applies it to this process's environment, which subprocesses inherit."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# `mllens ARGS` as `python -c MLLENS_MAIN ARGS`: this interpreter, whichever `mllens` script is first on PATH.
MLLENS_MAIN = "from app.cli import main; main()"


def checkout_pythonpath(pythonpath: str | None = None) -> str:
    """`pythonpath` (default: this process's PYTHONPATH) with this checkout first and every entry made absolute
    (against this process's working directory, where the relative entries were meant)."""
    given = os.environ.get("PYTHONPATH", "") if pythonpath is None else pythonpath
    entries = [str(Path(p).resolve()) for p in given.split(os.pathsep) if p]
    return os.pathsep.join(dict.fromkeys([str(REPO), *entries]))


def checkout_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's environment) with `checkout_pythonpath` of its own PYTHONPATH."""
    chosen = dict(os.environ if env is None else env)
    chosen["PYTHONPATH"] = checkout_pythonpath(chosen.get("PYTHONPATH", ""))
    return chosen


def mllens_command(*args: str) -> list[str]:
    """The command line of `mllens ARGS` run by this interpreter."""
    return [sys.executable, "-c", MLLENS_MAIN, *args]


def use_this_checkout() -> None:
    """Make this process's subprocesses import this checkout; fail if this process itself does not."""
    os.environ["PYTHONPATH"] = checkout_pythonpath()
    import app

    imported = Path(app.__file__).resolve()
    if not imported.is_relative_to(REPO):
        raise RuntimeError(
            f"the tests in {REPO} imported app from {imported.parent}: run them from this checkout with PYTHONPATH=."
        )
