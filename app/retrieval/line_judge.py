"""The line judge of extractive answers: MiniLM's last encoder layer fine-tuned on the ask dev pairs as a judge of
"this sentence answers this question" (eval/ask_finetune.py, eval/fit_line_judge.py), applied with numpy to the
fifth layer's word-piece states, which the serving model call computes anyway (the ONNX tokens copy outputs them,
app/retrieval/onnx_embedder.py FIFTH_LAYER): no torch at run time. A unit's judge is the best cosine of the question's
tuned vector with its sentences' (docs/extractive-answers.md, sessions 18-20).

The layer is BERT's (12-head self-attention, a residual and layer norm, a 1536-wide GELU feed-forward, a residual and
layer norm), then sentence-transformers' mean pooling (over [CLS] and [SEP] too) and L2 normalisation, as the shipped
model ends; its weights are fp16 arrays in line_judge.npz next to this file (BERT's names), computed in float32.

The lens sentences' tuned vectors are made at ingest (`build`, also `python -m app.retrieval.line_judge [INDEX_DIR]`)
and stored as float32 in index/sentence_judge.npz, checked against the lens, the index inputs, the model and the
weights' digest; a question's come from the fifth-layer states of the call that embedded it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.lens.models import Lens
from app.retrieval.sentence_tokens import made_for, quotable_texts, stamp

logger = logging.getLogger(__name__)

WEIGHTS_PATH = Path(__file__).with_name("line_judge.npz")
# sha256 over the arrays (`weights_digest`: names, dtypes, shapes and bytes; the zip's own bytes carry timestamps)
WEIGHTS_DIGEST = "0797e1c5b1f235018b1698781ac6008cf2d76ed4eb852a34d1c51d706df1e4ff"
JUDGE_FILE = "sentence_judge.npz"
HEADS = 12
EPS = 1e-12  # BERT's layer_norm_eps
NAMES = (
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
)
_LINEAR = tuple(n.removesuffix(".weight") for n in NAMES if n.endswith(".weight") and "LayerNorm" not in n)

# A text's fifth-layer word-piece states, [CLS] and [SEP] included (pieces x 384), or None when the model gives none.
StatesOf = Callable[[str], NDArray[np.float32] | None]


def _erf(x: NDArray[np.float32]) -> NDArray[np.float32]:
    """The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7): numpy has none."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    out: NDArray[np.float32] = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def _layer_norm(x: NDArray[np.float32], weight: NDArray[np.float32], bias: NDArray[np.float32]) -> NDArray[np.float32]:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: NDArray[np.float32] = (x - mean) / np.sqrt(var + EPS) * weight + bias
    return out


def weights_digest(arrays: dict[str, NDArray[Any]]) -> str:
    """sha256 of the layer's arrays (in NAMES order: name, dtype, shape, bytes)."""
    digest = hashlib.sha256()
    for name in NAMES:
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{array.dtype.str}:{array.shape};".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


class TunedLayer:
    """The tuned layer's weights (float32) and its forward pass over padded fifth-layer states."""

    def __init__(self, weights: dict[str, NDArray[Any]]) -> None:
        missing = [n for n in NAMES if n not in weights]
        if missing:
            raise ValueError(f"the tuned layer lacks {', '.join(missing)}")
        self.digest = weights_digest(weights)
        self.p = {n: np.ascontiguousarray(weights[n], dtype=np.float32) for n in NAMES}
        # (in, out) matrices, so that x @ w needs no transpose per call
        self.w = {n: np.ascontiguousarray(self.p[f"{n}.weight"].T) for n in _LINEAR}

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> TunedLayer:
        with np.load(path, allow_pickle=False) as data:
            return cls({n: data[n] for n in NAMES})

    def _linear(self, x: NDArray[np.float32], name: str) -> NDArray[np.float32]:
        out: NDArray[np.float32] = x @ self.w[name] + self.p[f"{name}.bias"]
        return out

    def states(self, hidden: NDArray[np.float32], mask: NDArray[np.float32]) -> NDArray[np.float32]:
        """The layer's output word-piece states: `hidden` (texts x pieces x 384) the fifth layer's, `mask` (texts x
        pieces) 1 for a word piece and 0 for padding."""
        n, length, width = hidden.shape
        size = width // HEADS

        def heads(x: NDArray[np.float32]) -> NDArray[np.float32]:
            return x.reshape(n, length, HEADS, size).transpose(0, 2, 1, 3)

        q = heads(self._linear(hidden, "attention.self.query"))
        k = heads(self._linear(hidden, "attention.self.key"))
        v = heads(self._linear(hidden, "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size))
        scores = scores + ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :].astype(np.float32)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        attention = scores / scores.sum(-1, keepdims=True)
        context = (attention @ v).transpose(0, 2, 1, 3).reshape(n, length, width)
        p = self.p
        first = _layer_norm(
            self._linear(context, "attention.output.dense") + hidden,
            p["attention.output.LayerNorm.weight"],
            p["attention.output.LayerNorm.bias"],
        )
        inner = self._linear(first, "intermediate.dense")
        inner = inner * 0.5 * (1.0 + _erf(inner / np.float32(math.sqrt(2.0))))
        return _layer_norm(
            self._linear(inner, "output.dense") + first, p["output.LayerNorm.weight"], p["output.LayerNorm.bias"]
        )

    def embed(self, hidden: NDArray[np.float32], mask: NDArray[np.float32]) -> NDArray[np.float32]:
        """Unit vectors of the texts whose fifth-layer states are `hidden` (mean pooling over `mask`)."""
        mask = mask.astype(np.float32)
        out = self.states(hidden.astype(np.float32), mask)
        pooled = (out * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norm = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        result: NDArray[np.float32] = (pooled / norm).astype(np.float32)
        return result

    def embed_one(self, states: NDArray[np.float32]) -> NDArray[np.float32]:
        """The unit vector of one text from its fifth-layer states (pieces x 384, no padding)."""
        vector: NDArray[np.float32] = self.embed(states[None, :, :], np.ones((1, len(states)), dtype=np.float32))[0]
        return vector


@functools.lru_cache(maxsize=1)
def shipped_layer() -> TunedLayer:
    """The committed layer (loaded once per process), checked against WEIGHTS_DIGEST."""
    layer = TunedLayer.load(WEIGHTS_PATH)
    if layer.digest != WEIGHTS_DIGEST:
        raise ValueError(f"{WEIGHTS_PATH} does not hold the shipped line judge (digest {layer.digest[:12]})")
    return layer


@dataclass(frozen=True)
class LineJudge:
    """The lens sentences' tuned vectors (`rows[text]` is the row of `vectors`) and the layer to judge others with."""

    layer: TunedLayer
    rows: dict[str, int]
    vectors: NDArray[np.float32]

    def scores(self, question: NDArray[np.float32], texts: list[str], states_of: StatesOf) -> NDArray[np.float64]:
        """Each text's cosine with the question's tuned vector `question` (`question_vector`); a text not stored (an
        overview passage split differently) goes through the layer from `states_of` (0 when it gives nothing)."""
        out = np.zeros(len(texts))
        found = np.array([self.rows.get(t, -1) for t in texts], dtype=np.int64)
        known = np.flatnonzero(found >= 0)
        if len(known):
            out[known] = self.vectors[found[known]] @ question
        for n in np.flatnonzero(found < 0).tolist():
            states = states_of(texts[n])
            if states is not None and len(states):
                out[n] = float(self.layer.embed_one(states) @ question)
        return out

    def question_vector(self, question: str, states_of: StatesOf) -> NDArray[np.float32] | None:
        states = states_of(question)
        return None if states is None or not len(states) else self.layer.embed_one(states)


def build(texts: list[str], states_of: StatesOf, layer: TunedLayer) -> NDArray[np.float32]:
    """The tuned vectors of `texts` (one model call and one layer pass per text: no padding, as at run time), with
    OpenBLAS held to one thread (as serving processes are, app/services.py limit_blas_threads): the layer's small
    products would otherwise wake its pool, whose threads spin against the model's (a first build without the limit
    had not done the 5,661 texts after 13 minutes on a busy machine; with it, about 1 CPU-min)."""
    from threadpoolctl import threadpool_limits

    out = np.zeros((len(texts), 384), dtype=np.float32)
    with threadpool_limits(limits=1, user_api="blas"):
        for n, text in enumerate(texts):
            states = states_of(text)
            if states is None:
                raise ValueError("the embedder gives no fifth-layer states")
            out[n] = layer.embed_one(states)
    return out


def save(
    index_dir: Path, texts: list[str], vectors: NDArray[np.float32], model: str, inputs_hash: str, digest: str
) -> Path:
    path = index_dir / JUDGE_FILE
    tmp = path.with_name(f".{JUDGE_FILE}.tmp.npz")
    np.savez(tmp, check=stamp(texts, model, inputs_hash, weights=digest), vectors=vectors)
    tmp.replace(path)
    return path


def load(index_dir: Path, lens: Lens, model: str, inputs_hash: str | None) -> LineJudge | None:
    """The stored tuned vectors when they were made for this lens, inputs, model and layer; else None (logged), and
    answers choose lines without the judge."""
    path = index_dir / JUDGE_FILE
    if not path.exists():
        logger.info("no %s: answers choose lines without the line judge (run `mllens ingest`)", path)
        return None
    try:
        layer = shipped_layer()
    except (OSError, ValueError) as exc:
        logger.warning("cannot load the line judge (%s): answers choose lines without it", exc)
        return None
    with np.load(path, allow_pickle=False) as data:
        texts = quotable_texts(lens)
        if not made_for(data["check"], texts, model, inputs_hash, weights=layer.digest):
            logger.warning("%s was made for another lens, inputs, model or judge: lines are chosen without it", path)
            return None
        vectors = np.ascontiguousarray(data["vectors"], dtype=np.float32)
    return LineJudge(layer, {text: row for row, text in enumerate(texts)}, vectors)


def judge_states_of(embedder: object, text: str) -> NDArray[np.float32] | None:
    """`embedder`'s fifth-layer states of `text`, when it (or the embedder it wraps) can give them."""
    method = getattr(embedder, "judge_states", None)
    return method(text) if method is not None else None


def main(argv: list[str]) -> int:
    """Build JUDGE_FILE for the index in argv[0] (default: the configured one) with the serving embedder."""
    from app.knowledge import make_embedder
    from app.lens.loader import load_lens
    from app.retrieval.index_store import read_manifest
    from app.settings import Settings

    settings = Settings().model_copy(update={"late_interaction": True, "line_judge": True})  # the fifth layer's output
    index_dir = Path(argv[0]) if argv else settings.index_dir
    lens = load_lens(settings.corpus_dir)
    embedder = make_embedder(settings)
    embedder.warm_up()
    texts = quotable_texts(lens)
    layer = shipped_layer()
    vectors = build(texts, lambda t: judge_states_of(embedder, t), layer)
    manifest = read_manifest(index_dir)
    path = save(index_dir, texts, vectors, embedder.name, manifest["inputs_hash"], layer.digest)
    sys.stdout.write(f"{path}: {len(texts)} sentences' tuned vectors\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
