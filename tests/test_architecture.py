"""The layers, checked on every import statement of the package (AST only, so it is fast):

- the core (lens, qa, review, findings, reviewing, the principal, the error tree, and the retrieval and LLM ports)
  imports only the core: no web framework, database, CLI or vendor SDK, no edge, adapter or composition module;
- edges (the front ends: API, CLI, web widget, Slack, …) never import one another;
- only adapters import the heavy vendor libraries (faiss, bm25s, sentence-transformers, LangChain, SQLAlchemy, …);
- every package under app/ is classified, so a new one has to say where it sits.

A front end added later goes into EDGES (its own package under app/); an adapter for a new vendor into ADAPTERS.
The checker is tested too: a deliberate bad import planted in a temporary copy of the package must be reported.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"

# Front ends. Each calls services built by app.services and never another edge.
EDGES = ("app.api", "app.cli", "app.web", "app.slack", "app.mcp_server")
# The pure core: domain models, rules and services, talking to the outside through ports.
CORE = (
    "app.lens",
    "app.qa",
    "app.review",
    "app.findings",
    "app.reviewing",
    "app.principal",
    "app.user_tokens",  # the widget's signed user tokens (stdlib HMAC)
    "app.errors",
    "app.frozen",
    "app.text_faults",  # text no surface accepts (pure)
    "app.retrieval.base",
    "app.retrieval.lexical",  # tokenisation, shared by BM25 and the extractive answer
    "app.retrieval.chunking",  # lens sections as passages and their labels (pure)
    "app.retrieval.sentences",  # quotable lens sentences (pure)
    "app.retrieval.scope",  # the scope gate's signals and decision (pure; its weights are plain JSON)
    "app.retrieval.override",  # the instruction-override detector (pure: regular expressions and the standard library)
    "app.retrieval.prefilter",  # the override detector's literal prefilter (pure: the standard library's `re`)
    "app.retrieval.courtesy",  # courtesy words in other languages (pure word lists)
    "app.retrieval.language",  # whether a message is written in another language (pure word lists and expressions)
    "app.retrieval.quoted",  # quoted material in a question and the asker's own words (pure regular expressions)
    "app.retrieval.persona",  # a reviewer persona in the assistant's lane opening a question (pure regular expressions)
    "app.retrieval.foreign_role",  # the assistant cast as another trade's critic or adviser (pure regular expressions)
    "app.retrieval.pasted_order",  # an order to an AI reader inside pasted material (pure regular expressions)
    "app.retrieval.received_attack",  # an attack the asker's own system received, as a question's topic (pure regexes)
    "app.retrieval.named_attack",  # a received attack named, not quoted, for the gate and the ranking (pure)
    "app.retrieval.lasting_rule",  # a rule the assistant is told to keep for later users (pure regular expressions)
    "app.retrieval.own_settings",  # a request for the assistant's own model and settings (pure regular expressions)
    "app.retrieval.harmful_data",  # harmful material asked for, dressed as ML data (pure regular expressions)
    "app.retrieval.review_order",  # orders about the review itself: statuses set wholesale, the review set aside (pure)
    "app.retrieval.prior_pick",  # its own pick of a winner asked as a model's prior (pure regular expressions)
    "app.retrieval.remit",  # the assistant's remit widened, an everyday build as a pretext (pure regular expressions)
    "app.llm.base",
    "app.llm.prompts",
)
# Implementations of the core's ports over vendor libraries and the outside world (the only importers of VENDOR).
ADAPTERS = ("app.persistence", "app.retrieval", "app.llm", "app.evaluation", "app.wa_tool", "app.memory")
# The composition root and process wiring: they may import anything below the edges.
COMPOSITION = ("app.services", "app.knowledge", "app.main", "app.settings", "app.metrics", "app.logs")

VENDOR = (
    "faiss",
    "bm25s",
    "sentence_transformers",
    "transformers",
    "torch",
    "onnxruntime",
    "langchain",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "openai",
    "boto3",
    "botocore",
)
# What the core must not import besides VENDOR: web frameworks and servers, Slack, CLI and terminal libraries.
FRAMEWORKS = ("fastapi", "starlette", "uvicorn", "httpx", "slack_bolt", "slack_sdk", "click", "rich", "mcp")


def _within(module: str, packages: tuple[str, ...]) -> str | None:
    """The most specific entry of `packages` that contains `module`."""
    matches = [p for p in packages if module == p or module.startswith(p + ".")]
    return max(matches, key=len) if matches else None


def layer_of(module: str) -> str | None:
    found = {
        name: _within(module, packages)
        for name, packages in (("edge", EDGES), ("core", CORE), ("adapter", ADAPTERS), ("composition", COMPOSITION))
    }
    matched = {name: package for name, package in found.items() if package}
    if not matched:
        return None
    return max(matched, key=lambda name: len(matched[name] or ""))  # app.retrieval.base is core within an adapter


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    name: str  # what it imports
    line: int


def imports_in(root: Path) -> list[Import]:
    """Every import in the package at `root` (`root` is the `app` directory), relative ones resolved."""
    found: list[Import] = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [Import(module, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append(Import(module, base, node.lineno))
                found += [Import(module, f"{base}.{alias.name}", node.lineno) for alias in node.names if base]
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def _is_vendor(name: str) -> bool:
    return any(_top(name) == v or _top(name).startswith(v + "_") for v in VENDOR)


def violations(root: Path) -> list[str]:
    problems: list[str] = []
    packages = {".".join(p.relative_to(root.parent).parts) for p in root.iterdir() if (p / "__init__.py").exists()} | {
        ".".join(p.relative_to(root.parent).with_suffix("").parts) for p in root.glob("*.py")
    }
    for package in sorted(packages - {"app.__init__"}):
        if layer_of(package) is None and not any(_within(m, (package,)) for m in (*CORE, *ADAPTERS)):
            problems.append(f"{package} is in no layer: add it to EDGES, CORE, ADAPTERS or COMPOSITION")
    for imp in imports_in(root):
        where, name = f"{imp.module}:{imp.line}", imp.name
        layer = layer_of(imp.module)
        if _is_vendor(name) and layer != "adapter":
            problems.append(f"{where} imports {name}: only adapters ({', '.join(ADAPTERS)}) may")
        if layer == "core":
            if _is_vendor(name) or _top(name) in FRAMEWORKS:
                problems.append(f"{where} (core) imports {name}: no web, database, CLI or vendor SDK in the core")
            elif _top(name) == "app" and name != "app" and layer_of(name) not in ("core", None):
                problems.append(f"{where} (core) imports {name}, which is {layer_of(name)}, not core")
        if layer == "edge":
            mine, theirs = _within(imp.module, EDGES), _within(name, EDGES)
            if theirs and theirs != mine:
                problems.append(f"{where} (edge {mine}) imports {name} from the edge {theirs}: edges never meet")
    return problems


def test_the_package_keeps_its_layers() -> None:
    assert violations(APP) == []


@pytest.fixture(scope="module")
def copy_of_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("planted") / "app"
    shutil.copytree(
        APP, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.json", "*.html", "node_modules")
    )
    assert violations(copy) == []  # the copy is as clean as the real package
    return copy


@pytest.mark.parametrize(
    ("planted", "source", "expected"),
    [
        ("review/planted.py", "from sqlalchemy import select\n", "only adapters"),
        ("findings/planted.py", "def f():\n    import fastapi\n", "(core) imports fastapi"),
        ("qa/planted.py", "from app.persistence.db import Database\n", "which is adapter, not core"),
        ("lens/planted.py", "from ..services import build_services\n", "app.services.build_services"),
        ("cli/planted.py", "from app.api.deps import PrincipalDep\n", "edges never meet"),
        ("api/planted.py", "import app.slack.bot\n", "from the edge app.slack"),
        ("newthing/__init__.py", "", "app.newthing is in no layer"),
    ],
)
def test_a_planted_bad_import_is_reported(copy_of_app: Path, planted: str, source: str, expected: str) -> None:
    target = copy_of_app / planted
    new_package = not target.parent.exists()
    target.parent.mkdir(exist_ok=True)
    (target.parent / "__init__.py").touch()
    target.write_text(source, encoding="utf-8")
    try:
        found = violations(copy_of_app)
    finally:
        shutil.rmtree(target.parent) if new_package else target.unlink()
    assert any(expected in problem for problem in found), found
    assert all("planted" in problem or "newthing" in problem for problem in found), found  # nothing else


def test_importing_the_core_loads_nothing_heavy() -> None:
    """The AST rules cover direct imports; this covers what they pull in transitively."""
    code = (
        "import sys, app.reviewing.service, app.review.machine, app.findings.report, app.findings.render,"
        " app.qa.service, app.lens.ids, app.principal\n"
        "heavy = [m for m in ('torch', 'faiss', 'sentence_transformers', 'langchain_core', 'sqlalchemy', 'fastapi',"
        " 'slack_bolt', 'click', 'jinja2', 'jsonschema') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
