"""Start-up reads each knowledge file as few times as it can: the corpus once for the lens (parsed and hashed from the
same bytes), and the knowledge files' check (corpus present, index manifest readable) once per build of the services,
not once by the composition root and again by the knowledge base. `eval/bench_start.py` measures the start."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import app.knowledge
from app.lens.loader import corpus_files, load_lens
from app.services import build_services
from app.settings import Settings
from tests.conftest import TINY_CORPUS


def test_the_corpus_is_read_once_for_the_lens(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[Path] = Counter()
    for method in ("read_bytes", "read_text"):
        original = getattr(Path, method)

        def counted(self: Path, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            reads[self] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, counted)
    lens = load_lens(TINY_CORPUS)
    assert lens.overview and lens.corpus_hash and any(bp.legacy_id for bp in lens.best_practices)
    files = corpus_files(TINY_CORPUS)
    assert {path: reads[path] for path in files} == dict.fromkeys(files, 1)


def test_the_knowledge_files_are_checked_once_per_build(
    tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[Path] = []
    read_manifest = app.knowledge.read_manifest

    def counted(index_dir: Path) -> dict[str, Any]:
        checks.append(index_dir)
        return read_manifest(index_dir)

    monkeypatch.setattr(app.knowledge, "read_manifest", counted)
    build_services(tiny_settings).close()
    assert checks == [tiny_settings.index_dir]  # the hash embedder has no ONNX export to look up
