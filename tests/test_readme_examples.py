"""Every example in README.md runs, in order, in one bash shell, against a served app: a real uvicorn on a free
loopback port over the shipped corpus and index with the real model (what `bash .ci/serve` serves), and the real
`mllens` CLI on the same database. Each block's output is checked, so the README cannot drift from the product.

A new example block needs a check here (the count is asserted); `bash .ci/serve` and `bash .ci/test` are the only
blocks not run (they are the commands that start the server and run this suite).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.checkout import checkout_pythonpath
from support.live_server import live_server
from support.tools import require_tool

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.services import build_services
from app.settings import Settings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(?:bash|sh)\n(.*?)^```", re.S | re.M)
NOT_RUN = ["bash .ci/serve", "bash .ci/test"]
README_URL = "http://127.0.0.1:8000"
MARK = "@@readme-example "


def readme_blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def json_values(text: str) -> list[Any]:
    """The JSON documents printed back to back (curl prints no newline after a body)."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while at < len(text):
        if text[at].isspace():
            at += 1
            continue
        value, at = decoder.raw_decode(text, at)
        values.append(value)
    return values


def check_ask(out: str, _: Path) -> None:
    [answer] = json_values(out)
    assert not answer["refused"] and answer["mode"] == "none" and len(answer["answer"]) > 100
    assert answer["citations"] and all(
        c["url"].startswith("https://docs.aws.amazon.com/wellarchitected/") for c in answer["citations"]
    )
    assert any("data" in c["title"].lower() or "lineage" in c["title"].lower() for c in answer["citations"])


def check_sse(out: str, _: Path) -> None:
    events = re.findall(r"^event: (\w+)$", out, re.M)
    assert events[0] == "retrieval" and events[-1] == "done", events
    assert "delta" in events and "citation" in events
    done = json.loads(out.split("event: done", 1)[1].split("data: ", 1)[1].splitlines()[0])
    assert done["citations"] and not done["refused"]


def check_search(out: str, _: Path) -> None:
    [body] = json_values(out)
    hits = [(r["bp_id"], r["match"]) for r in body["results"]]
    assert hits == [("MLOPS02-BP02", "id"), ("MLOPS02-BP01", "same_question"), ("MLOPS02-BP03", "same_question")]
    assert body["route"] == "id" and "Amazon.com" in body["attribution"]


def check_review(out: str, _: Path) -> None:
    answered, confirmed = json_values(out)
    assert answered["version"] == 2 and answered["question"]["id"].startswith("MLSEC")
    assert any(p["quote"] for p in answered["proposal"]), answered["proposal"]
    assert "confirm" in answered["allowed_actions"]
    assert confirmed["version"] == 3 and confirmed["saved"]["question_id"] == answered["question"]["id"]
    assert confirmed["progress"]["overall"]["done"] == 1


def check_reports(out: str, cwd: Path) -> None:
    assert out.strip() == ""
    markdown = (cwd / "report.md").read_text(encoding="utf-8")
    assert "Churn model" in markdown and "MLSEC" in markdown and "Amazon.com" in markdown
    html = (cwd / "report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "Churn model" in html


def check_terminal(out: str, cwd: Path) -> None:
    listed = " ".join(out.split())
    assert "Churn model" in listed and re.search(r"\b1/\d+\b", listed)  # one question answered
    assert "Churn model" in (cwd / "report.html").read_text(encoding="utf-8")


CHECKS: list[Callable[[str, Path], None]] = [
    check_ask,
    check_sse,
    check_search,
    check_review,
    check_reports,
    check_terminal,
]


@pytest.fixture
def served(full_kb: KnowledgeBase, tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        embedder="minilm",
        database_url=f"sqlite:///{tmp_path / 'readme.db'}",
    )
    services = build_services(settings, kb=full_kb)
    try:
        with live_server(create_app(settings, services), settings, start_timeout_s=60) as (host, port):
            yield f"http://{host}:{port}", settings
    finally:
        services.close()


def test_the_pages_the_readme_sends_you_to_are_served(served: tuple[str, Settings]) -> None:
    """The README says to open the demo page (`/`) and the API docs (`/docs`) once the service runs."""
    url, _ = served
    text = README.read_text(encoding="utf-8")
    for path, expect in (("/", "widget.js"), ("/docs", "swagger")):
        assert f"<{README_URL}{path}>" in text, path
        with urllib.request.urlopen(url + path, timeout=30) as reply:
            assert reply.status == 200 and expect in reply.read().decode().lower(), path


def test_the_readme_names_its_two_commands_and_every_other_block_is_checked() -> None:
    blocks = [b.strip() for b in readme_blocks()]
    assert [b for b in blocks if b in NOT_RUN] == NOT_RUN
    assert len([b for b in blocks if b not in NOT_RUN]) == len(CHECKS)
    assert all(README_URL in b or ".venv/bin/mllens" in b for b in blocks if b not in NOT_RUN)


@pytest.fixture
def curl() -> str:
    """The README's examples are curl commands (checked before the served app loads the full index)."""
    return require_tool("curl")


def test_readme_examples_run_against_a_served_app(curl: str, served: tuple[str, Settings], tmp_path: Path) -> None:
    url, settings = served
    runnable = [b for b in readme_blocks() if b.strip() not in NOT_RUN]
    cwd = tmp_path / "clone"
    cwd.mkdir()
    (cwd / ".venv").symlink_to(Path(sys.prefix))  # the README's `.venv/bin/mllens`, from a checkout's root
    # A mark on its own line before each block (curl ends a body without a newline).
    script = "set -euo pipefail\n" + "".join(f"printf '\\n{MARK}{n}\\n'\n{block}" for n, block in enumerate(runnable))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "MLLENS_DATABASE_URL": settings.database_url,
        "COLUMNS": "120",
        "PYTHONPATH": checkout_pythonpath(),  # `.venv` is the editable install's, maybe of another checkout
    }
    done = subprocess.run(
        ["bash", "-c", script.replace(README_URL, url)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Exporting the newest review" in done.stderr and "Wrote report.html" in done.stderr
    outputs = re.split(rf"\n{MARK}\d+\n", done.stdout)[1:]
    assert len(outputs) == len(runnable) == len(CHECKS)
    for n, (check, out) in enumerate(zip(CHECKS, outputs, strict=True)):
        try:
            check(out, cwd)
        except (AssertionError, ValueError, KeyError) as exc:
            raise AssertionError(f"README example {n + 1} ({check.__name__}): {exc!r}\n{out[:3000]}") from exc
