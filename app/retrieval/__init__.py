"""Passages, chunking, embedding, the on-disk index (FAISS + BM25 + metadata) and hybrid retrieval."""
