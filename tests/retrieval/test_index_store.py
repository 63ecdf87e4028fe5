from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from app.errors import IndexProblem
from app.lens.loader import load_lens
from app.retrieval.hash_embedder import HashEmbedder
from app.retrieval.index_store import MANIFEST_FILE, build_index, load_index
from app.retrieval.inputs import inputs_hash, load_retrieval_inputs

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def test_committed_index_matches_corpus_and_prompts() -> None:
    """The shipped index/ was built from exactly the committed corpus/ and prompts/interview/ (else: mllens ingest)."""
    manifest = json.loads((REPO / "index" / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["inputs_hash"] == inputs_hash(REPO / "corpus", REPO / "prompts"), "stale index: run mllens ingest"
    assert manifest["corpus_hash"] == load_lens(REPO / "corpus").corpus_hash
    assert manifest["model"] == {"name": "sentence-transformers/all-MiniLM-L6-v2", "dimension": 384}
    assert manifest["counts"]["best_practices"] == 105
    assert manifest["counts"]["practice_cards"] == 105
    assert not list((REPO / "index").rglob("*.pkl")) and not list((REPO / "index").rglob("*.pickle"))


def test_round_trip(tiny_index_dir: Path) -> None:
    index = load_index(tiny_index_dir, HashEmbedder(), inputs_hash(FIXTURES / "corpus", FIXTURES / "prompts"))
    assert index.vectors.ntotal == len(index.passages)
    assert index.manifest["counts"]["passages"] == len(index.passages)
    assert set(index.group_ids) >= {"MLSEC03-BP01", "OVERVIEW-PHASES"}
    assert index.anchors.shape[1] == 384 and len(index.anchors) > 5
    for key in ("corpus_hash", "inputs_hash", "model", "chunking", "counts", "built_at", "build_seconds"):
        assert key in index.manifest


def test_other_model_or_dimension_says_run_ingest(tiny_index_dir: Path) -> None:
    with pytest.raises(IndexProblem, match="dimension 384.*dimension 128.*mllens ingest"):
        load_index(tiny_index_dir, HashEmbedder(dimension=128))
    other = HashEmbedder()
    other.name = "another-model"
    with pytest.raises(IndexProblem, match="another-model.*mllens ingest"):
        load_index(tiny_index_dir, other)


def test_stale_index_says_run_ingest(tiny_index_dir: Path) -> None:
    with pytest.raises(IndexProblem, match="stale.*mllens ingest"):
        load_index(tiny_index_dir, HashEmbedder(), "0" * 64)


def test_missing_or_damaged_index(tmp_path: Path, tiny_index_dir: Path) -> None:
    with pytest.raises(IndexProblem, match="no index at .*mllens ingest"):
        load_index(tmp_path / "nothing", HashEmbedder())
    damaged = tmp_path / "damaged"
    shutil.copytree(tiny_index_dir, damaged)
    (damaged / "passages.faiss").write_bytes(b"not faiss")
    with pytest.raises(IndexProblem, match="damaged.*mllens ingest"):
        load_index(damaged, HashEmbedder())


def test_rebuild_replaces_atomically(tmp_path: Path) -> None:
    lens = load_lens(FIXTURES / "corpus")
    inputs = load_retrieval_inputs(lens, FIXTURES / "corpus", FIXTURES / "prompts")
    target = tmp_path / "index"
    first = build_index(lens, HashEmbedder(), target, inputs, log=lambda _m: None)
    second = build_index(lens, HashEmbedder(), target, inputs, log=lambda _m: None)
    assert first["counts"] == second["counts"]
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


class _Judgeable(HashEmbedder):
    """The hash fake with fifth-layer states (deterministic per text), as the real model gives the line judge."""

    def judge_states(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
        return np.random.default_rng(seed).standard_normal((5, 384)).astype(np.float32)


def test_the_build_stores_the_line_judge_s_vectors_when_the_model_gives_fifth_layer_states(tmp_path: Path) -> None:
    from app.retrieval import line_judge
    from app.retrieval.sentence_tokens import quotable_texts

    lens = load_lens(FIXTURES / "corpus")
    inputs = load_retrieval_inputs(lens, FIXTURES / "corpus", FIXTURES / "prompts")
    plain = build_index(lens, HashEmbedder(), tmp_path / "plain", inputs, log=lambda _m: None)
    assert not (tmp_path / "plain" / line_judge.JUDGE_FILE).exists() and plain["counts"]
    embedder = _Judgeable()
    build_index(lens, embedder, tmp_path / "index", inputs, log=lambda _m: None)
    store = line_judge.load(tmp_path / "index", lens, embedder.name, inputs.inputs_hash)
    assert store is not None
    text = quotable_texts(lens)[3]
    made = line_judge.shipped_layer().embed_one(embedder.judge_states(text))
    assert np.allclose(store.vectors[store.rows[text]], made, atol=1e-6)
