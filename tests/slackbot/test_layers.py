"""The Slack edge imports no other edge (it calls the services in process, never the HTTP API), and the core never
imports Slack."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
OTHER_EDGES = ("app.api", "app.web", "app.cli", "app.main")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_slack_edge_imports_no_other_edge() -> None:
    modules = sorted((APP / "slack").glob("*.py"))
    assert len(modules) >= 8
    for path in modules:
        bad = {m for m in _imports(path) if m.startswith(OTHER_EDGES)}
        assert not bad, f"{path.name} imports {bad}"


def test_only_edges_and_wiring_import_slack() -> None:
    for path in APP.rglob("*.py"):
        if path.parts[-2] in ("slack", "cli") or path.name == "main.py":
            continue
        assert not {m for m in _imports(path) if m.startswith(("app.slack", "slack_bolt"))}, path
