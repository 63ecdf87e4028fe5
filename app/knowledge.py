"""The knowledge base: the parsed lens, the embedder and the loaded index behind one retriever.

Built once per process (CLI command or app lifespan) from settings; read-only afterwards.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from app.errors import IndexProblem
from app.lens.loader import load_lens, question_files, read_corpus
from app.lens.models import Lens
from app.retrieval import line_judge, sentence_tokens
from app.retrieval.base import Embedder
from app.retrieval.hash_embedder import HashEmbedder
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.index_store import load_index, load_sentence_vectors, read_manifest
from app.retrieval.inputs import inputs_hash
from app.retrieval.precomputed import PrecomputedEmbedder
from app.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KnowledgeBase:
    lens: Lens
    embedder: Embedder
    retriever: HybridRetriever
    reference_embedder: Embedder  # the embedder with the review mapper's reference sentences precomputed at ingest


def make_embedder(settings: Settings) -> Embedder:
    """The embedder for queries: the index's ONNX export of the bundled model run by onnxruntime (no torch), or
    sentence-transformers when `embedding_runtime` is torch, or (auto) when the export is missing."""
    if settings.embedder == "hash":
        return HashEmbedder()
    if settings.embedding_runtime != "torch":
        export, problem = find_onnx_export(settings)
        if export is not None:
            from app.retrieval.onnx_embedder import OnnxEmbedder

            return OnnxEmbedder(
                settings.index_dir / export["file"],
                export["sha256"],
                threads=settings.torch_threads,
                word_pieces=settings.late_interaction,
                fifth_layer=settings.late_interaction and settings.line_judge,
            )
        if settings.embedding_runtime == "onnx":
            raise IndexProblem(f"MLLENS_EMBEDDING_RUNTIME=onnx, but {problem}")
        logger.warning("%s: embedding queries with torch instead (slower start, same results)", problem)
    return make_ingest_embedder(settings)


def make_ingest_embedder(settings: Settings) -> Embedder:
    """The embedder `mllens ingest` builds the index with: sentence-transformers on torch (or the hash fake)."""
    if settings.embedder == "hash":
        return HashEmbedder()
    from app.retrieval.embedder import SentenceEmbedder

    return SentenceEmbedder()


def find_onnx_export(settings: Settings) -> tuple[dict[str, Any] | None, str]:
    """The manifest's ONNX entry when its file is there with the recorded size (the hash is checked on load), else
    (None, why not)."""
    try:
        export = read_manifest(settings.index_dir).get("onnx")
    except IndexProblem as exc:
        return None, exc.message
    if not export:
        return None, f"the index at {settings.index_dir} has no ONNX export (run `mllens ingest`)"
    path = settings.index_dir / export["file"]
    if not path.exists() or path.stat().st_size != export.get("bytes"):
        return None, f"the ONNX export {path} is missing or incomplete (run `bash .ci/install` or `mllens ingest`)"
    return export, ""


def check_knowledge_files(settings: Settings) -> None:
    """The lens corpus and an index are where the settings point (CorpusParseError or IndexProblem otherwise), checked
    before an embedder is made: without an index it would warn that it embeds with torch instead, and load torch, for
    nothing. `mllens serve` checks this before it starts the server: found during the server's start-up instead, the
    same problem is a traceback in its log and exit 3."""
    question_files(settings.corpus_dir)
    read_manifest(settings.index_dir)


def load_knowledge_base(settings: Settings, *, batching: bool = False) -> KnowledgeBase:
    """Check the knowledge files (check_knowledge_files, once: before the embedder is made), parse the corpus, load
    the index (checking model and corpus hash) and warm the embedder, logging when the loading starts and ends (a few
    seconds on a quiet machine; longer on a loaded one or a cold disk). `batching`: concurrent queries' embeddings
    are batched (BatchingEmbedder: the server's, about half the cost per query under load)."""
    check_knowledge_files(settings)
    started = time.monotonic()
    logger.info("loading the lens and its index from %s", settings.index_dir)
    corpus = read_corpus(settings.corpus_dir)  # parsed and hashed from the same bytes: the corpus is read once
    lens = load_lens(settings.corpus_dir, corpus)
    embedder = make_embedder(settings)
    if batching:  # imported here: a CLI command (one query at a time) never loads it
        from app.retrieval.batching import BatchingEmbedder

        embedder = BatchingEmbedder(embedder)
    expected = inputs_hash(settings.corpus_dir, settings.prompts_dir, corpus)
    index = load_index(settings.index_dir, embedder, expected)
    embedder.warm_up()
    retriever = HybridRetriever(lens, index, embedder, settings.relevance_threshold)
    references = PrecomputedEmbedder(
        embedder,
        load_sentence_vectors(settings.index_dir, embedder, expected),
        sentence_tokens.load(settings.index_dir, lens, embedder.name, expected) if settings.late_interaction else None,
        line_judge.load(settings.index_dir, lens, embedder.name, expected)
        if settings.line_judge and settings.late_interaction
        else None,
    )
    logger.info("loaded the lens and its index in %.1f s", time.monotonic() - started)
    return KnowledgeBase(lens, embedder, retriever, references)


def load_reference_embedder(settings: Settings) -> Embedder:
    """The embedder for answer mapping without loading the whole index: precomputed sentences when the index is
    current, else the plain embedder (slower start, same results)."""
    embedder = make_embedder(settings)
    embedder.warm_up()
    try:
        expected = inputs_hash(settings.corpus_dir, settings.prompts_dir)
        return PrecomputedEmbedder(embedder, load_sentence_vectors(settings.index_dir, embedder, expected))
    except IndexProblem:
        return embedder
