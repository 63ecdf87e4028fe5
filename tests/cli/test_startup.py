"""Start-up cost: commands that need no model never import one, and the serving path never imports torch when the
index's ONNX export is there. Checked in a fresh interpreter (what a user's `mllens …` is), by the modules loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.checkout import checkout_pythonpath

from app.retrieval.index_store import ONNX_FILE

REPO = Path(__file__).resolve().parents[2]
MODEL_MODULES = ["torch", "sentence_transformers", "transformers", "onnxruntime"]
INDEX_MODULES = ["faiss", "bm25s", "scipy"]
# What a search never needs: the database layer, the web stack, the review engine and the terminal UI (each command
# module imports them inside the commands that use them).
NOT_FOR_SEARCH = [
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "uvicorn",
    "rich",
    "jsonschema",
    "app.services",
    "app.persistence.db",
    "app.reviewing.service",
    "app.review.embedding_mapper",
    "app.findings.export",
    "bm25s",  # ingest only: the index's BM25 arrays are read without it (and without scipy)
    "scipy",
]
HAS_EXPORT = (REPO / "index" / ONNX_FILE).exists()

_PROBE = """
import json, sys
from click.testing import CliRunner
from app.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
report = {"exit": result.exit_code, "output": result.output, "stdout": result.stdout}
print(json.dumps({**report, "modules": sorted(sys.modules)}))
"""


def _run(args: list[str], tmp_path: Path, **env: str) -> dict[str, object]:
    environment = {"MLLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin", **env}
    environment["PYTHONPATH"] = checkout_pythonpath()
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=tmp_path, env=environment, check=True
    )
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize(
    "args",
    [["--help"], ["lens", "show", "MLSEC03-BP02"], ["export", "no-such-review"], ["keys", "list"]],
    ids=lambda a: " ".join(a),
)
def test_commands_without_search_load_no_model_and_no_index(args: list[str], tmp_path: Path) -> None:
    report = _run(args, tmp_path)
    assert report["exit"] == (1 if args[0] == "export" else 0), report["output"]
    loaded = set(report["modules"])  # type: ignore[arg-type]
    assert loaded.isdisjoint(MODEL_MODULES + INDEX_MODULES), loaded & set(MODEL_MODULES + INDEX_MODULES)


@pytest.mark.integration
@pytest.mark.skipif(not HAS_EXPORT, reason="no ONNX export in index/ (bash .ci/install makes it)")
def test_search_serves_from_the_onnx_export_without_torch(tmp_path: Path) -> None:
    report = _run(["search", "how do we version training data", "--k", "3", "--json"], tmp_path)
    assert report["exit"] == 0, report["output"]
    assert json.loads(str(report["stdout"]))["hits"][0]["bp_id"] == "MLREL02-BP03"  # stdout: the JSON alone
    loaded = set(report["modules"])  # type: ignore[arg-type]
    assert "onnxruntime" in loaded
    assert loaded.isdisjoint(["torch", "sentence_transformers", "transformers"])
    assert loaded.isdisjoint(NOT_FOR_SEARCH), loaded & set(NOT_FOR_SEARCH)


@pytest.mark.parametrize("args", [["--help"], ["lens", "show", "MLSEC03-BP02"]], ids=" ".join)
def test_commands_without_a_database_load_no_database_layer(args: list[str], tmp_path: Path) -> None:
    report = _run(args, tmp_path)
    assert report["exit"] == 0, report["output"]
    loaded = set(report["modules"])  # type: ignore[arg-type]
    assert loaded.isdisjoint(NOT_FOR_SEARCH), loaded & set(NOT_FOR_SEARCH)


@pytest.mark.integration
@pytest.mark.skipif(not HAS_EXPORT, reason="no ONNX export in index/ (bash .ci/install makes it)")
def test_the_server_gets_ready_without_torch(tmp_path: Path) -> None:
    probe = """
import json, sys
from fastapi.testclient import TestClient
from app.main import create_app
from app.settings import Settings
with TestClient(create_app(Settings())) as client:
    ready = client.get("/readyz")
    searched = client.post("/v1/search", json={"query": "drift monitoring"})
print(json.dumps({"ready": ready.status_code, "search": searched.status_code, "modules": sorted(sys.modules)}))
"""
    environment = {"MLLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}", "PATH": "/usr/bin:/bin"}
    environment["PYTHONPATH"] = checkout_pythonpath()
    reports = []
    for _start in range(2):  # a new database (made from the table definitions), then a restart on it (at its head)
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=environment, check=True
        )
        reports.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for report in reports:
        assert (report["ready"], report["search"]) == (200, 200)
        assert set(report["modules"]).isdisjoint(["torch", "sentence_transformers", "transformers", "bm25s", "scipy"])
        assert "mcp" not in report["modules"]  # the MCP SDK is loaded by the first /mcp request, not at start
    # Neither Alembic (nor mako, which it loads) nor PostgreSQL's dialect (the rate limiter's upsert imports the one it
    # uses), on the first start either.
    for report in reports:
        assert set(report["modules"]).isdisjoint(["alembic", "mako", "sqlalchemy.dialects.postgresql", "psycopg"])
