"""docs/settings.md names every setting of app/settings.py, and every default a doc states is the code's default."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from app.cli import cli
from app.settings import ROOT, Settings

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS_DOC = ROOT / "docs" / "settings.md"
NAME = re.compile(r"`MLLENS_([A-Z0-9_]+)`")
# A settings table row: `| `MLLENS_A`, `MLLENS_B` | `a`, `b` | meaning |` (an empty default column: no default).
ROW = re.compile(r"^\| ((?:`MLLENS_[A-Z0-9_]+`(?:, )?)+) \|\s*([^|]*?)\s*\|", re.M)
# Prose: "`MLLENS_X` (60 s)", "`MLLENS_X` (default 20 s)", "`MLLENS_X=full` (default)".
PROSE = re.compile(
    r"`MLLENS_([A-Z0-9_]+)` \((?:default )?([0-9][0-9.]*)(?: (s|KiB))?\)|`MLLENS_([A-Z0-9_]+)=([^`]+)` \(default\)"
)


def _cli_env_names() -> set[str]:
    """Environment variables the `mllens` command reads itself (MLLENS_LOG_LEVEL), not the service's Settings."""
    return {p.envvar.removeprefix("MLLENS_") for p in cli.params if isinstance(p.envvar, str)}


def _field(name: str) -> Any:
    field = Settings.model_fields.get(name.lower())
    assert field is not None, f"MLLENS_{name} is documented but is no field of app/settings.py"
    return field


def _same(stated: str, default: object) -> bool:
    """`stated` is how a doc writes the default: bools as true/false, paths and URLs relative to the checkout."""
    if default is None or default == "":
        return stated == ""
    if isinstance(default, bool):
        return stated == str(default).lower()
    if isinstance(default, int | float):
        try:
            return float(stated) == float(default)
        except ValueError:
            return False
    return stated.rstrip("/") == str(default).replace(f"{ROOT}/", "").rstrip("/")


def _table_defaults(text: str) -> list[tuple[str, str]]:
    found = []
    for names_cell, default_cell in ROW.findall(text):
        names = NAME.findall(names_cell)
        defaults = [d.strip().strip("`") for d in default_cell.split("`, `")] if default_cell.strip() else [""]
        if len(defaults) == 1 and len(names) > 1:
            defaults *= len(names)
        assert len(defaults) == len(names), f"{names_cell}: {len(names)} settings but {len(defaults)} defaults"
        found += zip(names, defaults, strict=True)
    return found


def test_every_setting_is_in_the_settings_doc_and_every_name_there_is_a_setting() -> None:
    text = SETTINGS_DOC.read_text(encoding="utf-8")
    named = set(NAME.findall(text))
    missing = sorted(f"MLLENS_{f.upper()}" for f in Settings.model_fields if f.upper() not in named)
    assert not missing, f"docs/settings.md does not document {missing}"
    unknown = sorted(n for n in named - _cli_env_names() if n.lower() not in Settings.model_fields)
    assert not unknown, f"docs/settings.md names settings app/settings.py does not have: {unknown}"
    tabled = {name for name, _ in _table_defaults(text)}
    assert {f.upper() for f in Settings.model_fields} <= tabled, "every setting has a row in a settings table"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_the_defaults_a_doc_states_are_the_code_defaults(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    stated = _table_defaults(text)
    for name, number, unit, other_name, value in PROSE.findall(text):
        if name:
            stated.append((name, str(float(number) * 1024) if unit == "KiB" else number))
        else:
            stated.append((other_name, value))
    wrong = [
        f"MLLENS_{name}: {value!r}, the code says {_field(name).default!r}"
        for name, value in stated
        if name not in _cli_env_names() and not _same(value, _field(name).default)
    ]
    assert not wrong, f"{doc.name} states stale defaults: {wrong}"


def test_a_stale_default_is_caught() -> None:
    assert _table_defaults("| `MLLENS_LINE_JUDGE` | `false` | … |") == [("LINE_JUDGE", "false")]
    assert not _same("false", _field("LINE_JUDGE").default)
    assert _same("sqlite:///var/mllens.db", _field("DATABASE_URL").default)
    assert _same("index/", _field("INDEX_DIR").default)
    assert not _same("8001", _field("PORT").default)
