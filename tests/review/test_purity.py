"""The review and findings core stays light: no web framework, database, vendor SDK or model imports, and the core
modules import only the stdlib, pydantic and other core modules (numpy only in the embedding adapter)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from app.review.actions import Answer

APP = Path(__file__).resolve().parents[2] / "app"
CORE = [
    *(APP / "review").glob("*.py"),
    APP / "findings" / "models.py",
    APP / "findings" / "drafting.py",
    APP / "findings" / "llm_drafting.py",
    APP / "findings" / "report.py",
    APP / "findings" / "milestones.py",
    APP / "findings" / "render.py",
]
ALLOWED_THIRD_PARTY = {"pydantic", "yaml"}
ADAPTER_EXTRAS = {"embedding_mapper.py": {"numpy"}}
FORBIDDEN_APP = ("app.api", "app.cli", "app.persistence", "app.services", "app.main", "app.knowledge")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_core_imports(path: Path) -> None:
    allowed = ALLOWED_THIRD_PARTY | ADAPTER_EXTRAS.get(path.name, set())
    for name in imports_of(path):
        top = name.split(".")[0]
        if top == "app":
            assert not name.startswith(FORBIDDEN_APP), f"{path.name} imports {name}"
        elif top != "__future__" and top not in sys.stdlib_module_names:
            assert top in allowed, f"{path.name} imports {name}"


def test_importing_the_review_core_loads_nothing_heavy() -> None:
    code = (
        "import sys, app.review.service, app.review.machine, app.findings.report, app.findings.render\n"
        "heavy = [m for m in ('torch', 'faiss', 'sentence_transformers', 'langchain_core', 'sqlalchemy', 'fastapi',"
        " 'slack_bolt', 'jinja2', 'jsonschema') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_over_long_answers_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 4000 characters"):
        Answer(text="x" * 4001)
