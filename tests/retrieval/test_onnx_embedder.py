"""The serving embedder (ONNX export + onnxruntime + tokenizers) against the torch one it replaces, the export's
determinism, and the fallback to torch when the export is missing."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from app.errors import IndexProblem
from app.evaluation.retrieval import read_rows, run_retrieval_eval
from app.knowledge import KnowledgeBase, find_onnx_export, load_knowledge_base, make_embedder
from app.retrieval.embedder import SentenceEmbedder
from app.retrieval.index_store import ONNX_FILE, read_manifest
from app.retrieval.onnx_embedder import OnnxEmbedder
from app.retrieval.onnx_export import export_onnx, sha256_of
from app.settings import Settings

REPO = Path(__file__).resolve().parents[2]
EVAL_SETS = [REPO / "eval" / "retrieval" / "questions.jsonl", REPO / "eval" / "retrieval" / "heldout.jsonl"]


def _eval_questions() -> list[str]:
    return [row["question"] for path in EVAL_SETS for row in read_rows(path)]


def _onnx(full_settings: Settings) -> OnnxEmbedder:
    embedder = make_embedder(full_settings.model_copy(update={"embedding_runtime": "onnx"}))
    assert isinstance(embedder, OnnxEmbedder)
    return embedder


@pytest.fixture(scope="module")
def torch_embedder() -> SentenceEmbedder:
    return SentenceEmbedder()


@pytest.mark.integration
def test_every_passage_embeds_as_the_torch_index_did(full_settings: Settings, full_kb: KnowledgeBase) -> None:
    """The committed FAISS vectors were embedded by sentence-transformers on torch at ingest."""
    index = full_kb.retriever._index
    stored: NDArray[np.float32] = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    mine = _onnx(full_settings).embed([p.embed_text for p in index.passages])
    cosines = (stored * mine).sum(axis=1)
    assert len(cosines) == len(index.passages) > 1000
    assert cosines.min() >= 0.999, [index.passages[int(n)].id for n in np.argsort(cosines)[:5]]
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)


@pytest.mark.integration
def test_every_eval_question_embeds_as_torch_does(full_settings: Settings, torch_embedder: SentenceEmbedder) -> None:
    questions = _eval_questions()
    onnx = _onnx(full_settings)
    # One at a time (as a lone query is served) and batched (as concurrent queries are): padding must not matter.
    single = np.vstack([onnx.embed([q]) for q in questions])
    batched = onnx.embed(questions)
    reference = torch_embedder.embed(questions)
    assert (single * reference).sum(axis=1).min() >= 0.999
    assert (batched * reference).sum(axis=1).min() >= 0.999
    assert np.abs(single - batched).max() < 1e-4


@pytest.mark.integration
def test_tokens_are_counted_as_the_torch_tokenizer_counts(
    full_settings: Settings, full_kb: KnowledgeBase, torch_embedder: SentenceEmbedder
) -> None:
    texts = [p.embed_text for p in full_kb.retriever._index.passages[::7]] + _eval_questions()[::5]
    texts.append(" ".join(texts[:20]))  # longer than the model window: counted whole, not truncated
    onnx = _onnx(full_settings)
    assert [onnx.count_tokens(t) for t in texts] == [torch_embedder.count_tokens(t) for t in texts]


@pytest.mark.integration
@pytest.mark.parametrize("path", EVAL_SETS, ids=lambda p: p.stem)
def test_retrieval_eval_is_unchanged_by_the_runtime(full_settings: Settings, path: Path) -> None:
    rows = read_rows(path)
    reports = {}
    for runtime in ("onnx", "torch"):
        settings = full_settings.model_copy(update={"embedding_runtime": runtime})
        reports[runtime] = run_retrieval_eval(load_knowledge_base(settings), rows, settings.corpus_dir, naive=False)
    onnx, torch = _flatten(reports["onnx"]["hybrid"]), _flatten(reports["torch"]["hybrid"])
    assert onnx.keys() == torch.keys() and len(onnx) > 10
    assert {k: v for k, v in onnx.items() if abs(v - torch[k]) > 0.005} == {}


def _flatten(value: Any, prefix: str = "") -> dict[str, float]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _flatten(item, f"{prefix}{key}.").items()}
    return {prefix.rstrip("."): float(value)} if isinstance(value, int | float) else {}


@pytest.mark.integration
def test_the_export_is_deterministic(full_settings: Settings, tmp_path: Path) -> None:
    """What `.ci/install` relies on: exporting the bundled model again gives the bytes the manifest records."""
    made = export_onnx(tmp_path / ONNX_FILE)
    assert made == read_manifest(full_settings.index_dir)["onnx"]


@pytest.fixture
def index_copy(full_settings: Settings, tmp_path: Path) -> Settings:
    """The shipped index's small files in a temp dir, with the ONNX export (and the copy of it with the word-piece
    output) linked, not copied: 90 MB each."""
    target = tmp_path / "index"
    shutil.copytree(full_settings.index_dir, target, ignore=shutil.ignore_patterns("*.onnx"))
    for model in full_settings.index_dir.glob("*.onnx"):
        (target / model.name).symlink_to(model)
    return full_settings.model_copy(update={"index_dir": target})


@pytest.mark.integration
def test_auto_uses_the_export_and_never_imports_torch_to_embed(index_copy: Settings) -> None:
    embedder = make_embedder(index_copy)
    assert isinstance(embedder, OnnxEmbedder)
    assert embedder.embed(["data lineage"]).shape == (1, 384)


def test_a_missing_export_falls_back_to_torch_with_a_warning(
    index_copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    (index_copy.index_dir / ONNX_FILE).unlink()
    with caplog.at_level(logging.WARNING, logger="app.knowledge"):
        embedder = make_embedder(index_copy)
    assert isinstance(embedder, SentenceEmbedder)
    assert "is missing or incomplete" in caplog.text and "embedding queries with torch instead" in caplog.text
    with pytest.raises(IndexProblem, match="MLLENS_EMBEDDING_RUNTIME=onnx, but the ONNX export .* is missing"):
        make_embedder(index_copy.model_copy(update={"embedding_runtime": "onnx"}))


def test_an_index_without_an_export_falls_back_and_torch_can_be_chosen(
    index_copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    manifest_path = index_copy.index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["onnx"]
    manifest_path.write_text(json.dumps(manifest))
    assert find_onnx_export(index_copy)[0] is None
    with caplog.at_level(logging.WARNING, logger="app.knowledge"):
        assert isinstance(make_embedder(index_copy), SentenceEmbedder)
    assert "has no ONNX export" in caplog.text
    forced = index_copy.model_copy(update={"embedding_runtime": "torch"})
    assert isinstance(make_embedder(forced), SentenceEmbedder)


def test_an_export_that_does_not_match_the_manifest_is_refused(index_copy: Settings) -> None:
    path = index_copy.index_dir / ONNX_FILE
    embedder = OnnxEmbedder(path, "0" * 64)
    with pytest.raises(IndexProblem, match="does not match the index manifest"):
        embedder.warm_up()
    garbage = index_copy.index_dir / "garbage.onnx"
    garbage.write_bytes(b"not a model")
    with pytest.raises(IndexProblem, match="cannot load the ONNX export"):
        OnnxEmbedder(garbage, sha256_of(garbage)).warm_up()
