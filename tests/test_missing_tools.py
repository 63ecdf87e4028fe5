"""A tool a test needs that is missing skips the test on a developer's machine and fails it in CI (CI=true): the
accessibility checks (axe-core from `npm ci` in app/web) used to fail everywhere without node_modules, the browser
tests to skip; now both follow one rule (tests/support/tools.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tests.e2e.conftest as e2e

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def without_axe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.setattr(e2e, "AXE", tmp_path / "node_modules" / "axe-core" / "axe.min.js")
    return monkeypatch


def test_missing_axe_core_is_a_skip_on_a_developers_machine(without_axe: pytest.MonkeyPatch) -> None:
    without_axe.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"axe-core \(app/web/node_modules\) is missing: `npm --prefix"):
        e2e.run_axe(page=None)


def test_missing_axe_core_is_a_failure_in_ci(without_axe: pytest.MonkeyPatch) -> None:
    without_axe.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true makes that a failure, not a skip"):
        e2e.run_axe(page=None)


def test_missing_chromium_is_a_failure_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(e2e, "CHROMIUM", str(tmp_path / "chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium is missing, and CI=true"):
        next(e2e.browser.__wrapped__())  # type: ignore[attr-defined]
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        next(e2e.browser.__wrapped__())  # type: ignore[attr-defined]


def test_the_test_command_installs_what_the_accessibility_checks_need() -> None:
    """`bash .ci/test` runs .ci/test-tools, which runs `npm ci` in app/web (axe-core is in its lock file) and stops with
    an error, before any test, where npm cannot be had."""
    lock = (REPO / "app" / "web" / "package-lock.json").read_text()
    assert '"node_modules/axe-core"' in lock
    assert "bash .ci/test-tools" in (REPO / ".ci" / "test").read_text()
    tools = (REPO / ".ci" / "test-tools").read_text()
    assert "(cd app/web && npm ci " in tools and "axe-core" in tools and "exit 1" in tools


@pytest.mark.parametrize("tool", ["tmux", "curl"])
def test_missing_tmux_or_curl_is_a_failure_in_ci_not_a_skip(
    tool: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # the terminal-review test's `tmux` fixture and the README examples' `curl` fixture, with the tool off the PATH
    from tests.cli import test_tmux_review
    from tests.test_readme_examples import curl

    def needs_it() -> object:
        return next(test_tmux_review.tmux.__wrapped__(None, tmp_path)) if tool == "tmux" else curl.__wrapped__()  # type: ignore[attr-defined]

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"{tool} is missing, and CI=true makes that a failure"):
        needs_it()
    monkeypatch.delenv("CI")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(pytest.skip.Exception, match=f"{tool} is missing: `bash .ci/test` installs it"):
        needs_it()
    monkeypatch.setattr(os, "geteuid", lambda: 0)  # as root .ci/test-tools would have installed it
    with pytest.raises(pytest.fail.Exception, match=f"{tool} is missing, and root can install it"):
        needs_it()


def test_the_test_command_installs_tmux_and_curl_as_root_or_with_sudo() -> None:
    tools = (REPO / ".ci" / "test-tools").read_text()
    assert "for tool in tmux curl" in tools and "sudo -n" in tools and 'apt_install "${missing[@]}"' in tools
