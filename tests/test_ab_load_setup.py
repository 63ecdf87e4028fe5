"""eval/ab_load.py refuses a setup it cannot run before starting anything, in one line that says what is missing (a
tree that is not a checkout, a checkout without its ONNX model, no interpreter), runs from a worktree without a .venv
of its own (the interpreter running it), and when a server does not come up, shows the end of that server's output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "eval" / "ab_load.py"


def _ab_load(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--runs", "1", "--duration", "1", "--sequential", "0", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_a_tree_without_its_model_or_app_is_named(tmp_path: Path) -> None:
    done = _ab_load("--a-tree", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"A tree {tmp_path} has no app/ package" in done.stderr
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    done = _ab_load("--a-tree", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "has no index/minilm.onnx" in done.stderr and "copy index/minilm*.onnx" in done.stderr


def test_a_missing_interpreter_is_named(tmp_path: Path) -> None:
    done = _ab_load("--python", str(tmp_path / "python"))
    assert done.returncode == 1 and f"no Python interpreter at {tmp_path / 'python'}" in done.stderr


def test_a_server_that_does_not_start_shows_why(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("raise ImportError('this tree is broken on purpose')\n")
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "minilm.onnx").write_bytes(b"")
    done = _ab_load("--a-tree", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert "ab_load: A server" in done.stderr and "this tree is broken on purpose" in done.stderr, done.stderr
