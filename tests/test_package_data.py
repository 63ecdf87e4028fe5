"""Every data file the app reads next to its code ships in the package: an installed wheel would otherwise lack it and
the feature behind it would quietly fall back (the scope gate's .npz vectors did)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app"
SKIP_DIRS = {"__pycache__", "node_modules"}


def _data_files() -> list[str]:
    return [
        path.relative_to(APP).as_posix()
        for path in APP.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and not SKIP_DIRS & set(path.parts)
    ]


def test_every_data_file_under_app_is_package_data_or_excluded_on_purpose() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    included, excluded = setuptools["package-data"]["app"], setuptools["exclude-package-data"]["app"]
    files = _data_files()
    assert any(name.endswith(".npz") for name in files)  # the check sees the files it is about
    missing = [
        name
        for name in files
        if not any(fnmatch(name, pattern) for pattern in included)
        and not any(fnmatch(name, pattern) for pattern in excluded)
    ]
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
