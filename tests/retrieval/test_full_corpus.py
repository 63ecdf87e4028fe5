"""The retriever contract and chunking limits on the real model, real FAISS and the shipped index (integration)."""

from __future__ import annotations

import pytest

from app.knowledge import KnowledgeBase
from app.retrieval.chunking import chunk_lens

pytestmark = pytest.mark.integration


def test_every_passage_fits_the_model_window(full_kb: KnowledgeBase) -> None:
    passages = chunk_lens(full_kb.lens, full_kb.embedder.count_tokens, 240)
    sizes = [full_kb.embedder.count_tokens(p.embed_text) for p in passages]
    assert max(sizes) <= 240
    assert all(p.embed_text.startswith(p.title) for p in passages if not p.bp_id.startswith("OVERVIEW-"))


def test_shipped_index_has_a_passage_per_bp_section(full_kb: KnowledgeBase) -> None:
    index_ids = {p.bp_id for p in full_kb.retriever._index.passages}
    assert {bp.id for bp in full_kb.lens.best_practices} <= index_ids
