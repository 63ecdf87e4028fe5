"""The naive baseline the retrieval eval compares against: LangChain's RecursiveCharacterTextSplitter(1000, 200)
over the raw corpus Markdown + FAISS dense search only (no ID route, no BM25, no structure).

A chunk is attributed to the BP whose header precedes it; results are that BP order, deduplicated.
"""

from __future__ import annotations

import re
from pathlib import Path

import faiss
import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from app.lens.ids import BP_ID
from app.retrieval.base import Embedder

_BP_HEADER = re.compile(rf"^# ({BP_ID}) ", re.M)


class NaiveRetriever:
    def __init__(self, corpus_dir: Path, embedder: Embedder, threshold: float) -> None:
        self.threshold = threshold
        self._embedder = embedder
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        self._owners: list[str] = []
        texts: list[str] = []
        for path in sorted((corpus_dir / "lens").glob("ML*.md")) + sorted((corpus_dir / "overview").glob("*.md")):
            raw = path.read_text(encoding="utf-8")
            headers = [(m.start(), m.group(1)) for m in _BP_HEADER.finditer(raw)]
            for doc in splitter.create_documents([raw]):
                start = doc.metadata["start_index"]
                owner = next((bp for pos, bp in reversed(headers) if pos <= start), None)
                owner = owner or (headers[0][1] if headers else path.stem)
                self._owners.append(owner)
                texts.append(doc.page_content)
        self._index = faiss.IndexFlatIP(embedder.dimension)
        self._index.add(embedder.embed(texts))

    @property
    def chunk_count(self) -> int:
        return len(self._owners)

    def search(self, query: str, k: int = 10) -> tuple[list[str], bool]:
        """Ranked BP IDs (deduplicated) and whether the top-1 similarity falls below the threshold."""
        scores, rows = self._index.search(np.asarray(self._embedder.embed([query])), min(50, self.chunk_count))
        ranked: list[str] = []
        for row in rows[0]:
            if row >= 0 and self._owners[row] not in ranked:
                ranked.append(self._owners[row])
        return ranked[:k], bool(scores[0][0] < self.threshold)
