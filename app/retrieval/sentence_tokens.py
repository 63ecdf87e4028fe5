"""Late interaction between a question and the lens sentences an answer may quote (ColBERT-style MaxSim on the
bundled MiniLM's word-piece vectors before pooling), for the extractive composer's ranking.

A sentence's score is the mean, over the question's content word pieces (no stop words or punctuation), of each
piece's best cosine with the sentence's content pieces, weighted by how rare the question piece is among lens sentences
(BERTScore recall with idf). Unlike the pooled cosine, it rewards a sentence that answers each part of the question
("who approves", "model", "promotion") rather than one about the same topic in general; unlike the word overlap, it
matches "approval" with "approves" and "PII" with "personally identifiable".

The sentences' pieces are embedded at ingest (`build`, also `python -m app.retrieval.sentence_tokens [INDEX_DIR]`),
projected on their DIMENSIONS main directions (uncentred PCA over every content piece of the lens) and stored as int8
(index/sentence_tokens.npz, no pickle); a question's pieces come from the serving model call that embedded
it (OnnxEmbedder.token_vectors). Measured in docs/extractive-answers.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.lens.models import Lens
from app.retrieval.lexical import tokens
from app.retrieval.sentences import lens_sentences, split_sentences

logger = logging.getLogger(__name__)

TOKENS_FILE = "sentence_tokens.npz"
DIMENSIONS = 96  # kept directions of the 384 (192 and 384 measured no better on dev, and cost more per answer)
_SCALE = 127.0  # int8 quantisation of unit vectors

TokenVectors = tuple[tuple[str, ...], NDArray[np.float32]]  # word pieces and their L2-normalised vectors


@functools.lru_cache(maxsize=65536)
def content_piece(piece: str) -> bool:
    """A word piece that carries content: a word's continuation, or a word that is not a stop word or punctuation."""
    return piece.startswith("##") or (piece.isalnum() and bool(tokens(piece)))


def _content(pieces: Sequence[str]) -> NDArray[np.bool_]:
    mask = np.array([content_piece(p) for p in pieces], dtype=bool)
    return mask if mask.any() else np.ones(len(pieces), dtype=bool)


def quotable_texts(lens: Lens) -> list[str]:
    """Every sentence an extractive answer may quote: the BP pages' and the overview sections'."""
    return list(dict.fromkeys([*lens_sentences(lens), *(s for o in lens.overview for s in split_sentences(o.text))]))


def texts_hash(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()


def stamp(texts: list[str], model: str, inputs_hash: str, **more: str) -> NDArray[np.uint8]:
    """What a stored array file of the index was made for (its `check` entry): the model, the index inputs, the
    sentences, and `more` (e.g. the line judge's weights)."""
    check = {"model": model, "inputs_hash": inputs_hash, "texts_hash": texts_hash(texts), "texts": len(texts), **more}
    return np.frombuffer(json.dumps(check).encode(), dtype=np.uint8)


def made_for(stamped: NDArray[np.uint8], texts: list[str], model: str, inputs_hash: str | None, **more: str) -> bool:
    """Was the file whose `check` entry is `stamped` made for these sentences, model, index inputs and `more`?"""
    check = json.loads(bytes(stamped).decode())
    return (
        check["model"] == model
        and (not inputs_hash or check["inputs_hash"] == inputs_hash)
        and check["texts_hash"] == texts_hash(texts)
        and all(check.get(key) == value for key, value in more.items())
    )


@dataclass(frozen=True)
class SentenceTokens:
    """The lens sentences' content word pieces, projected (`basis`, 384 x DIMENSIONS) and quantised; `offsets[n]` to
    `offsets[n + 1]` are the rows of `vectors` of the sentence numbered `rows[text]`; `idf` of each piece among them."""

    rows: dict[str, int]
    offsets: NDArray[np.int64]
    vectors: NDArray[np.int8]
    basis: NDArray[np.float32]
    idf: dict[str, float]
    unseen_idf: float

    def scores(
        self, question: TokenVectors, texts: list[str], embed: Callable[[str], TokenVectors | None]
    ) -> NDArray[np.float64]:
        """Each text's late-interaction score against `question` (0 for a text with nothing to compare). Texts not
        stored (an overview passage split differently) are embedded with `embed`."""
        out = np.zeros(len(texts))
        pieces, states = question
        if not pieces or not texts:
            return out
        keep = _content(pieces)
        query = self._project(states, keep)
        weights = np.array([self.idf.get(p, self.unseen_idf) for p, k in zip(pieces, keep, strict=True) if k])
        weights /= weights.sum()
        found = [self.rows.get(t, -1) for t in texts]
        known = np.flatnonzero(np.array(found) >= 0)
        if len(known):
            rows = np.array(found)[known]
            starts, ends = self.offsets[rows], self.offsets[rows + 1]
            lengths = ends - starts
            bounds = np.r_[0, np.cumsum(lengths)[:-1]]
            gathered = self.vectors[np.arange(lengths.sum()) + np.repeat(starts - bounds, lengths)]
            similarity = _product(query, gathered.T.astype(np.float32))
            best = np.maximum.reduceat(similarity, bounds, axis=1)
            out[known] = np.einsum("q,qt->t", weights, best) / _SCALE
        if len(known) < len(texts):
            for n, (text, row) in enumerate(zip(texts, found, strict=True)):
                if row < 0:
                    made = embed(text)
                    if made is not None and made[0]:
                        own = self._project(made[1], _content(made[0]))
                        similarity = np.einsum("qd,pd->qp", query, own).max(axis=1)
                        out[n] = float(np.einsum("q,q->", weights, similarity))
        return out

    def _project(self, states: NDArray[np.float32], keep: NDArray[np.bool_]) -> NDArray[np.float32]:
        """The kept pieces' vectors in the stored directions, unit length."""
        projected = _product(states[keep], self.basis)
        projected /= np.maximum(np.linalg.norm(projected, axis=1, keepdims=True), 1e-12)
        return projected


def _product(a: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """a @ b (BLAS). Serving processes hold OpenBLAS to one thread (app/services.py limit_blas_threads): its pool of
    one thread per core otherwise wakes and spins against the model's and FAISS's (measured: +10 ms CPU per ask on 2
    shared cores)."""
    product: NDArray[np.float32] = a @ b
    return product


def build(
    texts: list[str], token_vectors: Callable[[str], TokenVectors | None], dimensions: int = DIMENSIONS
) -> dict[str, NDArray[np.generic]]:
    """The arrays of TOKENS_FILE for `texts` (without the check fields)."""
    made = []
    for text in texts:
        vectors = token_vectors(text)
        if vectors is None:
            raise ValueError("the embedder gives no word-piece vectors")
        made.append(vectors)
    kept = [
        (tuple(p for p, k in zip(pieces, _content(pieces), strict=True) if k), states[_content(pieces)])
        for pieces, states in made
    ]
    everything = np.concatenate([states for _, states in kept]).astype(np.float64)
    values, directions = np.linalg.eigh(everything.T @ everything)
    basis = directions[:, ::-1][:, :dimensions].astype(np.float32)
    projected = everything.astype(np.float32) @ basis
    projected /= np.maximum(np.linalg.norm(projected, axis=1, keepdims=True), 1e-12)
    documents = Counter(p for pieces, _ in kept for p in set(pieces))
    names = sorted(documents)
    return {
        "offsets": np.r_[0, np.cumsum([len(p) for p, _ in kept])].astype(np.int64),
        "vectors": np.round(projected * _SCALE).astype(np.int8),
        "basis": basis,
        "idf_pieces": np.frombuffer("\n".join(names).encode(), dtype=np.uint8),
        "idf_counts": np.array([documents[p] for p in names], dtype=np.int64),
    }


def save(
    index_dir: Path, texts: list[str], arrays: dict[str, NDArray[np.generic]], model: str, inputs_hash: str
) -> Path:
    path = index_dir / TOKENS_FILE
    tmp = path.with_name(f".{TOKENS_FILE}.tmp.npz")
    contents: dict[str, Any] = {"check": stamp(texts, model, inputs_hash), **arrays}
    np.savez_compressed(tmp, **contents)
    tmp.replace(path)
    return path


def load(index_dir: Path, lens: Lens, model: str, inputs_hash: str | None) -> SentenceTokens | None:
    """The stored word-piece vectors when they were made for this lens, inputs and model; else None (logged), and
    answers rank sentences without them."""
    path = index_dir / TOKENS_FILE
    if not path.exists():
        logger.info("no %s: answers rank sentences without word-piece vectors (run `mllens ingest`)", path)
        return None
    with np.load(path, allow_pickle=False) as data:
        texts = quotable_texts(lens)
        if not made_for(data["check"], texts, model, inputs_hash):
            logger.warning("%s was made for another lens, inputs or model: answers rank sentences without it", path)
            return None
        names = bytes(data["idf_pieces"]).decode().split("\n")
        counts = data["idf_counts"]
        n = len(texts)
        return SentenceTokens(
            rows={text: row for row, text in enumerate(texts)},
            offsets=data["offsets"],
            vectors=data["vectors"],
            basis=data["basis"],
            idf={p: math.log((n + 1) / (c + 0.5)) for p, c in zip(names, counts.tolist(), strict=True)},
            unseen_idf=math.log((n + 1) / 0.5),
        )


def main(argv: list[str]) -> int:
    """Build TOKENS_FILE for the index in argv[0] (default: the configured one) with the serving embedder."""
    from app.knowledge import make_embedder
    from app.lens.loader import load_lens
    from app.retrieval.index_store import read_manifest
    from app.settings import Settings

    settings = Settings()
    index_dir = Path(argv[0]) if argv else settings.index_dir
    lens = load_lens(settings.corpus_dir)
    embedder = make_embedder(settings)
    embedder.warm_up()
    texts = quotable_texts(lens)
    arrays = build(texts, lambda t: token_vectors_of(embedder, t))
    manifest = read_manifest(index_dir)
    path = save(index_dir, texts, arrays, embedder.name, manifest["inputs_hash"])
    sys.stdout.write(
        f"{path}: {len(texts)} sentences, {len(arrays['vectors'])} word pieces x {arrays['vectors'].shape[1]}\n"
    )
    return 0


def token_vectors_of(embedder: object, text: str) -> TokenVectors | None:
    """`embedder`'s word-piece vectors of `text`, when it (or the embedder it wraps) can give them."""
    method = getattr(embedder, "token_vectors", None)
    return method(text) if method is not None else None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
