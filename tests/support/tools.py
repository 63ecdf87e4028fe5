"""A tool or file a test needs (Chromium, axe-core from `npm ci`) that is not there: a skip on a developer's machine,
a failure in CI (`CI=true`, as CI services set it), so a missing dependency can never pass CI as a skipped test."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(what: str, how: str) -> NoReturn:
    """Skip the test (fail it in CI), saying what is missing and `how` to get it."""
    if in_ci():
        pytest.fail(f"{what} is missing, and CI=true makes that a failure, not a skip: {how}", pytrace=False)
    pytest.skip(f"{what} is missing: {how}")
