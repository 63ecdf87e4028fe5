"""The knowledge base: the parsed lens, the embedder and the loaded index behind one retriever.

Built once per process (CLI command or app lifespan) from settings; read-only afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import IndexProblem
from app.lens.loader import load_lens
from app.lens.models import Lens
from app.retrieval.base import Embedder
from app.retrieval.hash_embedder import HashEmbedder
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.index_store import load_index, load_sentence_vectors
from app.retrieval.inputs import inputs_hash
from app.retrieval.precomputed import PrecomputedEmbedder
from app.settings import Settings


@dataclass(frozen=True)
class KnowledgeBase:
    lens: Lens
    embedder: Embedder
    retriever: HybridRetriever
    reference_embedder: Embedder  # the embedder with the review mapper's reference sentences precomputed at ingest


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedder == "hash":
        return HashEmbedder()
    from app.retrieval.embedder import SentenceEmbedder

    return SentenceEmbedder()


def load_knowledge_base(settings: Settings, embedder: Embedder | None = None) -> KnowledgeBase:
    """Parse the corpus, load the index (checking model and corpus hash) and warm the embedder."""
    lens = load_lens(settings.corpus_dir)
    embedder = embedder or make_embedder(settings)
    expected = inputs_hash(settings.corpus_dir, settings.prompts_dir)
    index = load_index(settings.index_dir, embedder, expected)
    embedder.warm_up()
    retriever = HybridRetriever(lens, index, embedder, settings.relevance_threshold)
    references = PrecomputedEmbedder(embedder, load_sentence_vectors(settings.index_dir, embedder, expected))
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
