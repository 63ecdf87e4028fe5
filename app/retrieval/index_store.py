"""The on-disk index: FAISS (inner product on normalised vectors) + BM25 (bm25s arrays) + passages (JSON) + manifest.

Nothing is pickled. The directory is read-only at serve time; `build_index` writes it (via `mllens ingest`). FAISS and
bm25s are imported by the functions that use them, so importing this module (e.g. for `mllens --help`) is cheap; the
BM25 arrays are read back without bm25s (bm25_scores.Bm25Scores: same scores, no scipy import at start).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.errors import IndexProblem
from app.lens.models import Lens, Section
from app.retrieval import line_judge, sentence_tokens
from app.retrieval.base import Embedder, Passage
from app.retrieval.bm25_scores import Bm25Scores
from app.retrieval.chunking import chunk_lens
from app.retrieval.inputs import RetrievalInputs
from app.retrieval.lexical import tokens
from app.retrieval.sentences import lens_sentences, split_sentences

FORMAT_VERSION = 3
MAX_TOKENS = 240
FAISS_FILE, PASSAGES_FILE, MANIFEST_FILE = "passages.faiss", "passages.json", "manifest.json"
BM25_PASSAGES_DIR, BM25_GROUPS_DIR, ANCHORS_FILE = "bm25-passages", "bm25-groups", "anchors.npy"
SENTENCES_FILE, SENTENCE_VECTORS_FILE = "sentences.json", "sentences.npy"
ONNX_FILE = "minilm.onnx"  # not in git (~90 MB): `mllens ingest` and `.ci/install` make it; the manifest has its hash


@dataclass(frozen=True)
class LoadedIndex:
    passages: list[Passage]
    vectors: Any  # faiss.IndexFlatIP over every passage
    bm25_passages: Bm25Scores  # one document per passage
    bm25_groups: Bm25Scores  # one document per BP / overview section: all its passages together
    group_ids: list[str]  # the BP / overview IDs in bm25_groups order
    anchors: NDArray[np.float32]  # embedded out-of-domain topics, shape (n, dimension)
    manifest: dict[str, Any]


def group_ids_of(passages: list[Passage]) -> list[str]:
    """BP / overview IDs in first-appearance order (the document order of the per-group BM25 index)."""
    return list(dict.fromkeys(p.bp_id for p in passages))


def build_index(
    lens: Lens,
    embedder: Embedder,
    index_dir: Path,
    inputs: RetrievalInputs,
    *,
    progress: bool = False,
    log: Callable[[str], None] = print,
    export: Callable[[Path], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Chunk, embed and write the index atomically (a temp dir swapped in); returns the manifest. `export(dir)`
    writes the serving model into the new index and returns its manifest entry (see onnx_export.export_onnx)."""
    import bm25s
    import faiss

    started = time.perf_counter()
    embedder.warm_up()
    passages = chunk_lens(lens, embedder.count_tokens, min(MAX_TOKENS, embedder.max_tokens - 16), inputs.practice_cards)
    log(f"{len(passages)} passages from {len(lens.best_practices)} best practices; embedding with {embedder.name}")
    vectors = embedder.embed([p.embed_text for p in passages], show_progress=progress)
    store = faiss.IndexFlatIP(embedder.dimension)
    store.add(vectors)
    passage_tokens = [tokens(p.embed_text) or ["\u2205"] for p in passages]
    bm25_passages = bm25s.BM25()
    bm25_passages.index(passage_tokens, show_progress=False)
    groups = group_ids_of(passages)
    group_tokens: dict[str, list[str]] = {g: [] for g in groups}
    for passage, toks in zip(passages, passage_tokens, strict=True):
        group_tokens[passage.bp_id].extend(toks)
    bm25_groups = bm25s.BM25()
    bm25_groups.index([group_tokens[g] for g in groups], show_progress=False)
    anchors = embedder.embed(list(inputs.anchors)) if inputs.anchors else np.zeros((0, embedder.dimension), np.float32)
    sentences = reference_sentences(lens, inputs)
    sentence_vectors = embedder.embed(sentences, show_progress=progress)
    # The overview passages' sentences in a call of their own: the model's vectors move in their last bits with the
    # batch a text is embedded in, and this keeps the other sentences' as they were before overview ones were added.
    known = set(sentences)
    overview = [s for s in dict.fromkeys(overview_sentences(passages)) if s not in known]
    if overview:
        sentences += overview
        sentence_vectors = np.concatenate([sentence_vectors, embedder.embed(overview)])
    quotable = sentence_tokens.quotable_texts(lens)
    token_arrays = (  # word-piece vectors for late interaction, when the model gives them (not the hash fake)
        sentence_tokens.build(quotable, lambda text: sentence_tokens.token_vectors_of(embedder, text))
        if sentence_tokens.token_vectors_of(embedder, "word pieces") is not None
        else None
    )
    # the line judge's tuned vectors, when the model gives fifth-layer states (not the hash fake)
    judge = line_judge.shipped_layer() if line_judge.judge_states_of(embedder, "fifth layer") is not None else None
    judge_vectors = (
        line_judge.build(quotable, lambda text: line_judge.judge_states_of(embedder, text), judge)
        if judge is not None
        else None
    )

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".index-", dir=index_dir.parent))
    tmp.chmod(0o755)
    faiss.write_index(store, str(tmp / FAISS_FILE))
    bm25_passages.save(str(tmp / BM25_PASSAGES_DIR), allow_pickle=False, show_progress=False)
    bm25_groups.save(str(tmp / BM25_GROUPS_DIR), allow_pickle=False, show_progress=False)
    np.save(tmp / ANCHORS_FILE, anchors, allow_pickle=False)
    np.save(tmp / SENTENCE_VECTORS_FILE, sentence_vectors, allow_pickle=False)
    if token_arrays is not None:
        sentence_tokens.save(tmp, quotable, token_arrays, embedder.name, inputs.inputs_hash)
    if judge is not None and judge_vectors is not None:
        line_judge.save(tmp, quotable, judge_vectors, embedder.name, inputs.inputs_hash, judge.digest)
    (tmp / SENTENCES_FILE).write_text(json.dumps(sentences, ensure_ascii=False, indent=0), encoding="utf-8")
    (tmp / PASSAGES_FILE).write_text(
        json.dumps([p.model_dump(mode="json") for p in passages], ensure_ascii=False, indent=0), encoding="utf-8"
    )
    manifest = {
        "format_version": FORMAT_VERSION,
        "corpus_hash": lens.corpus_hash,
        "inputs_hash": inputs.inputs_hash,
        "lens_version": lens.version,
        "model": {"name": embedder.name, "dimension": embedder.dimension},
        "chunking": {"strategy": "bp-section", "max_tokens": MAX_TOKENS, "title_prefix": True},
        "bm25": {"tokenizer": "app.retrieval.lexical.tokens", "documents": ["passage", "group"]},
        "counts": {
            "passages": len(passages),
            "best_practices": len(lens.best_practices),
            "questions": len(lens.questions),
            "overview_sections": len(lens.overview),
            "practice_cards": len(inputs.practice_cards),
            "out_of_domain_anchors": len(inputs.anchors),
            "reference_sentences": len(sentences),
        },
        **({"onnx": export(tmp / ONNX_FILE)} if export is not None else {}),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if index_dir.exists():
        shutil.rmtree(index_dir)
    tmp.rename(index_dir)
    return manifest


def reference_sentences(lens: Lens, inputs: RetrievalInputs) -> list[str]:
    """Short texts embedded at ingest: for the review's answer mapper, BP titles and desired outcomes and every
    interview label, signal and gap; for extractive answers, every quotable sentence of the BP pages (and, after them,
    `overview_sentences`). Anything else is embedded when needed."""
    texts = [t for bp in lens.best_practices for t in (bp.title, bp.desired_outcome)]
    return list(dict.fromkeys([*texts, *inputs.interview_sentences, *lens_sentences(lens)]))


def overview_sentences(passages: Sequence[Passage]) -> list[str]:
    """The sentences an extractive answer may quote from an overview section: those of its retrieved passages."""
    return [s for p in passages if p.section is Section.OVERVIEW for s in split_sentences(p.text)]


def load_sentence_vectors(
    index_dir: Path, embedder: Embedder, inputs_hash: str | None
) -> dict[str, NDArray[np.float32]]:
    """text -> vector for the reference sentences embedded at ingest (checked like the rest of the index)."""
    check_manifest(read_manifest(index_dir), embedder, inputs_hash, index_dir)
    try:
        texts = json.loads((index_dir / SENTENCES_FILE).read_text(encoding="utf-8"))
        vectors = np.load(index_dir / SENTENCE_VECTORS_FILE, allow_pickle=False).astype(np.float32)
    except (OSError, ValueError) as exc:
        raise IndexProblem(f"index at {index_dir} is incomplete or damaged ({exc}): run `mllens ingest`") from None
    if len(texts) != len(vectors):
        raise IndexProblem(f"index at {index_dir} is inconsistent: run `mllens ingest` to rebuild it")
    return dict(zip(texts, vectors, strict=True))


def read_manifest(index_dir: Path) -> dict[str, Any]:
    path = index_dir / MANIFEST_FILE
    if not path.exists():
        raise IndexProblem(f"no index at {index_dir}: run `mllens ingest` to build it")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def check_manifest(manifest: dict[str, Any], embedder: Embedder, inputs_hash: str | None, index_dir: Path) -> None:
    """Raise IndexProblem if the index was built by another model/dimension/format or from other inputs."""
    model = manifest.get("model", {})
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexProblem(f"index at {index_dir} has an old format: run `mllens ingest` to rebuild it")
    if model.get("name") != embedder.name or model.get("dimension") != embedder.dimension:
        raise IndexProblem(
            f"index at {index_dir} was built with {model.get('name')} (dimension {model.get('dimension')}), "
            f"but the configured embedder is {embedder.name} (dimension {embedder.dimension}): "
            "run `mllens ingest` to rebuild it"
        )
    if inputs_hash is not None and manifest.get("inputs_hash") != inputs_hash:
        raise IndexProblem(
            f"index at {index_dir} is stale (corpus/ or prompts/interview/ changed since it was built): "
            "run `mllens ingest` to rebuild it"
        )


def load_index(index_dir: Path, embedder: Embedder, inputs_hash: str | None = None) -> LoadedIndex:
    import faiss

    manifest = read_manifest(index_dir)
    check_manifest(manifest, embedder, inputs_hash, index_dir)
    try:
        vectors = faiss.read_index(str(index_dir / FAISS_FILE))
        bm25_passages = Bm25Scores.load(index_dir / BM25_PASSAGES_DIR)
        bm25_groups = Bm25Scores.load(index_dir / BM25_GROUPS_DIR)
        anchors = np.load(index_dir / ANCHORS_FILE, allow_pickle=False).astype(np.float32)
        raw = json.loads((index_dir / PASSAGES_FILE).read_text(encoding="utf-8"))
    except (OSError, RuntimeError, ValueError, KeyError) as exc:
        raise IndexProblem(f"index at {index_dir} is incomplete or damaged ({exc}): run `mllens ingest`") from None
    passages = [Passage.model_validate(item) for item in raw]
    if vectors.ntotal != len(passages) or vectors.d != embedder.dimension:
        raise IndexProblem(f"index at {index_dir} is inconsistent: run `mllens ingest` to rebuild it")
    return LoadedIndex(
        passages=passages,
        vectors=vectors,
        bm25_passages=bm25_passages,
        bm25_groups=bm25_groups,
        group_ids=group_ids_of(passages),
        anchors=anchors,
        manifest=manifest,
    )
