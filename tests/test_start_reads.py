"""Start-up reads each knowledge file as few times as it can: the corpus once for the lens (parsed and hashed from the
same bytes), and the knowledge files' check (corpus present, index manifest readable) once per build of the services,
not once by the composition root and again by the knowledge base. `eval/bench_start.py` measures the start."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import app.knowledge
from app.knowledge import load_knowledge_base
from app.lens.loader import corpus_files, load_lens, read_corpus
from app.retrieval.inputs import inputs_hash
from app.services import build_services
from app.settings import Settings
from tests.conftest import TINY_CORPUS, TINY_PROMPTS


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> Counter[Path]:
    reads: Counter[Path] = Counter()
    for method in ("read_bytes", "read_text"):
        original = getattr(Path, method)

        def counted(self: Path, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            reads[self] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, counted)
    return reads


def test_the_corpus_is_read_once_for_the_lens(monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _count_reads(monkeypatch)
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


def test_the_knowledge_base_reads_the_corpus_once_for_the_lens_and_the_inputs_hash(
    tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's inputs hash covers the corpus too: it hashes the bytes the lens was parsed from (main read every
    corpus file a second time for it)."""
    reads = _count_reads(monkeypatch)
    kb = load_knowledge_base(tiny_settings)
    files = corpus_files(tiny_settings.corpus_dir)
    assert kb.lens.corpus_hash and {path: reads[path] for path in files} == dict.fromkeys(files, 1)


def test_the_inputs_hash_is_the_same_from_bytes_already_read() -> None:
    corpus = read_corpus(TINY_CORPUS)
    prompts = TINY_PROMPTS
    assert inputs_hash(TINY_CORPUS, prompts, corpus) == inputs_hash(TINY_CORPUS, prompts)
    changed = {**corpus, next(iter(corpus)): b"another lens"}
    assert inputs_hash(TINY_CORPUS, prompts, changed) != inputs_hash(TINY_CORPUS, prompts)
