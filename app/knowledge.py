"""The knowledge base: the parsed lens, the embedder and the loaded index behind one retriever.

Built once per process (CLI command or app lifespan) from settings; read-only afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.lens.loader import load_lens
from app.lens.models import Lens
from app.retrieval.base import Embedder
from app.retrieval.hash_embedder import HashEmbedder
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.index_store import load_index
from app.retrieval.inputs import inputs_hash
from app.settings import Settings


@dataclass(frozen=True)
class KnowledgeBase:
    lens: Lens
    embedder: Embedder
    retriever: HybridRetriever


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedder == "hash":
        return HashEmbedder()
    from app.retrieval.embedder import SentenceEmbedder

    return SentenceEmbedder()


def load_knowledge_base(settings: Settings, embedder: Embedder | None = None) -> KnowledgeBase:
    """Parse the corpus, load the index (checking model and corpus hash) and warm the embedder."""
    lens = load_lens(settings.corpus_dir)
    embedder = embedder or make_embedder(settings)
    index = load_index(settings.index_dir, embedder, inputs_hash(settings.corpus_dir, settings.prompts_dir))
    embedder.warm_up()
    return KnowledgeBase(lens, embedder, HybridRetriever(lens, index, embedder, settings.relevance_threshold))
