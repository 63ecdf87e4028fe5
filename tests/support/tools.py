"""A tool or file a test needs (Chromium, axe-core from `npm ci`, tmux, curl) that is not there: a skip on a
developer's machine, a failure in CI (`CI=true`, as CI services set it), so a missing dependency can never pass CI as a
skipped test."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(what: str, how: str) -> NoReturn:
    """Skip the test (fail it in CI), saying what is missing and `how` to get it."""
    if in_ci():
        pytest.fail(f"{what} is missing, and CI=true makes that a failure, not a skip: {how}", pytrace=False)
    pytest.skip(f"{what} is missing: {how}")


APT_TOOL = "`bash .ci/test` installs it with apt-get (.ci/test-tools), as root or with passwordless sudo"


def require_tool(name: str) -> str:
    """The path of the command `name` (a Debian package .ci/test-tools installs); missing, a skip on a developer's
    machine, a failure in CI and as root (where `bash .ci/test` would have installed it)."""
    path = shutil.which(name)
    if path is not None:
        return path
    if os.geteuid() == 0 and not in_ci():
        pytest.fail(f"{name} is missing, and root can install it: {APT_TOOL}", pytrace=False)
    missing(name, APT_TOOL)
