"""A short review played in a real terminal: `mllens review` runs inside tmux (a pty, rich's terminal rendering,
click's prompts) and the test types as a person would, reading the screen between keystrokes.

It answers the profile, answers a question in words, confirms the proposal with a plain "ok", asks a side question,
quits, lists the review and exports its report without naming it. `bash .ci/test` installs tmux (.ci/test-tools, as
root or with passwordless sudo); where it is missing the test fails in CI (CI=true) and as root, and is skipped
elsewhere (tests/support/tools.py).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.checkout import checkout_pythonpath
from support.tools import require_tool

from app.settings import Settings

MLLENS = Path(sys.executable).with_name("mllens")
TIMEOUT_S = 120.0  # a shared 2-core machine can be slow to start the CLI; the test polls, it does not sleep blindly


@pytest.fixture
def tmux(cli_env: Settings, tmp_path: Path) -> Iterator[list[str]]:
    base = [require_tool("tmux"), "-L", f"mllens-test-{os.getpid()}-{tmp_path.name}", "-f", os.devnull]
    yield base
    subprocess.run([*base, "kill-server"], capture_output=True, check=False)


def start(tmux: list[str], *args: str) -> None:
    settings = {k: v for k, v in os.environ.items() if k.startswith("MLLENS_")}
    settings["PYTHONPATH"] = checkout_pythonpath()  # the `mllens` script is the editable install's
    command = " ".join(["env", *(shlex.quote(f"{k}={v}") for k, v in settings.items()), str(MLLENS), *args])
    subprocess.run([*tmux, "new-session", "-d", "-s", "t", "-x", "160", "-y", "60", command], check=True)
    subprocess.run([*tmux, "set-option", "-t", "t", "remain-on-exit", "on"], check=True)


def screen(tmux: list[str]) -> str:
    shown = subprocess.run([*tmux, "capture-pane", "-p", "-J", "-S", "-", "-t", "t"], capture_output=True, text=True)
    return " ".join(shown.stdout.split())


def wait_for(tmux: list[str], text: str, after: int = 0) -> int:
    """Wait until `text` shows up on the screen after position `after`; return where it ends."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        shown = screen(tmux)
        where = shown.find(text, after)
        if where >= 0:
            return where + len(text)
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen:\n{screen(tmux)[-3000:]}")


def type_line(tmux: list[str], line: str) -> None:
    subprocess.run([*tmux, "send-keys", "-t", "t", "-l", line], check=True)
    subprocess.run([*tmux, "send-keys", "-t", "t", "Enter"], check=True)


def test_a_short_review_in_a_real_terminal(tmux: list[str]) -> None:
    start(tmux, "review", "--pillar", "sec")
    for prompt, reply in (
        ("Workload name:", "Churn model"),
        ("Short description:", ""),
        ("ML use case:", "predict churn"),
        ("no custom training?", "n"),
        ("Data sensitivity", ""),
        ("Inference", ""),
        ("Environment:", "prod"),
    ):
        wait_for(tmux, prompt)
        type_line(tmux, reply)
    at = wait_for(tmux, "question 1 of 2")
    at = wait_for(tmux, "Now: type to answer, /t 1=y tick · /s skip · /g ID go to", at)

    type_line(tmux, "Everyone shares one admin role.")
    # The proposal's follow-up asks yes or no ("Are your notebooks … kept off the public internet, …?"): a bare yes or
    # no would answer it, so the prompt offers `confirm` first; "ok" still confirms.
    at = wait_for(
        tmux, "Is this right? Type confirm (or ok, looks right, /c) to save it and move on; a bare yes or no", at
    )
    at = wait_for(tmux, "Now: ok or /c confirm", at)
    type_line(tmux, "ok")
    at = wait_for(tmux, "Risk for MLSEC03: HIGH", at)
    at = wait_for(tmux, "question 2 of 2", at)

    type_line(tmux, "? what is least privilege")
    at = wait_for(tmux, "Side answer", at)
    type_line(tmux, "/q")
    wait_for(tmux, "Saved. Resume with: mllens review --resume", at)
    shown = screen(tmux)
    review_id = shown.split("Saved. Resume with: mllens review --resume ", 1)[1].split()[0]
    assert "**" not in shown.split("Side answer", 1)[1]  # Markdown is rendered, not printed raw
    assert "Nothing in that answer settled a practice" not in shown  # "ok" was a confirmation, not an answer

    listed = subprocess.run([str(MLLENS), "review", "list"], capture_output=True, text=True, check=True).stdout
    assert review_id in listed and "Churn model" in listed and "1/2" in listed
    report = subprocess.run([str(MLLENS), "export"], capture_output=True, text=True, check=True)
    assert f"Exporting the newest review, {review_id} (Churn model)" in report.stderr
    assert "MLSEC03" in report.stdout and "Amazon.com" in report.stdout
