"""MiniLM's last encoder layer (as fine-tuned by eval/ask_finetune.py into a judge of "this sentence answers this
question") applied with numpy to the fifth layer's word-piece states, which the ONNX export computes anyway: the
serving path would need no torch. The layer is BERT's (12-head self-attention, a residual and layer norm, a 1536-wide
GELU feed-forward, a residual and layer norm), followed by sentence-transformers' mean pooling and L2 normalisation,
as the shipped model ends; weights from an .npz of fp16 arrays (eval/ask_finetune.py --save FILE.npz), computed in
float32. Written in session 19 for the product step that round did not reach (docs/extractive-answers.md); it lives
in eval/ until a round lands it under app/retrieval/.

`--check [FILE.npz]`: the numpy layer against torch's BertLayer (the shipped last layer, or the tuned one in FILE),
fed (a) torch's fifth-layer states and (b) the states of the ONNX export (index/minilm.onnx) with the fifth layer's
output added (FIFTH_LAYER), on a few dev questions and lens sentences; prints the largest differences.

    .venv/bin/python eval/line_judge_layer.py --check [FILE.npz]
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

# The fifth layer's output in the ONNX export (TorchScript exporter's name, as app/retrieval/onnx_embedder.py
# HIDDEN_STATE names the sixth's): the tuned layer's input.
FIFTH_LAYER = "/model/encoder/layer.4/output/LayerNorm/LayerNormalization_output_0"
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

LINEAR = tuple(n.removesuffix(".weight") for n in NAMES if n.endswith(".weight") and "LayerNorm" not in n)


def _erf(x: NDArray[np.float32]) -> NDArray[np.float32]:
    """The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7): numpy has none."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)


def _layer_norm(x: NDArray[np.float32], weight: NDArray[np.float32], bias: NDArray[np.float32]) -> NDArray[np.float32]:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


class TunedLayer:
    """The tuned layer's weights (float32) and its forward pass over padded fifth-layer states."""

    def __init__(self, weights: dict[str, NDArray[np.floating]]) -> None:
        missing = [n for n in NAMES if n not in weights]
        if missing:
            raise ValueError(f"the tuned layer lacks {', '.join(missing)}")
        self.p = {n: np.ascontiguousarray(weights[n], dtype=np.float32) for n in NAMES}
        # (in, out) matrices, so that x @ w needs no transpose per call
        self.w = {n: self.p[f"{n}.weight"].T.copy() for n in LINEAR}

    @classmethod
    def load(cls, path: Path) -> TunedLayer:
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


def check(saved: Path | None) -> None:
    import sys

    import onnxruntime as ort
    import torch
    from onnx import GraphProto, ModelProto, TensorProto, helper
    from sentence_transformers import SentenceTransformer

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "eval"))
    from ask_finetune import base_model_dir

    texts = [
        "How do we detect data drift?",
        "What should we do before deploying a model to production to make sure it is fair?",
        "Establish a reference dataset that represents your data and compare incoming data with it.",
        "Use Amazon SageMaker Clarify to detect bias in your training data and in the model's predictions.",
    ]
    model = SentenceTransformer(base_model_dir(), device="cpu")
    bert = model[0].auto_model.eval()
    layer = bert.encoder.layer[5]
    untuned = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    if saved is not None:
        with np.load(saved, allow_pickle=False) as data:
            layer.load_state_dict({n: torch.from_numpy(data[n].astype(np.float32)) for n in NAMES})
    numpy_layer = TunedLayer({n: v.numpy() for n, v in layer.state_dict().items()})
    tokens = model.tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        states = bert(**tokens, output_hidden_states=True).hidden_states
    fifth, mask = states[5].numpy(), tokens["attention_mask"].numpy().astype(np.float32)
    want = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    print(f"numpy over torch's fifth layer: vectors {np.abs(numpy_layer.embed(fifth, mask) - want).max():.2e}")
    extra = ModelProto(graph=GraphProto(output=[helper.make_tensor_value_info(FIFTH_LAYER, TensorProto.FLOAT, None)]))
    blob = (root / "index/minilm.onnx").read_bytes() + extra.SerializeToString()
    session = ort.InferenceSession(blob, providers=["CPUExecutionProvider"])
    feed = {k: tokens[k].numpy() for k in ("input_ids", "attention_mask", "token_type_ids")}
    pooled, onnx_fifth = session.run(None, feed)
    gap = np.abs((onnx_fifth - fifth) * mask[:, :, None]).max()
    print(f"ONNX export with the fifth layer's output: states {gap:.2e} from torch's")
    print(f"  its own (untuned) vectors {np.abs(pooled - untuned).max():.2e} from torch's")
    print(f"  numpy layer over its states {np.abs(numpy_layer.embed(onnx_fifth, mask) - want).max():.2e} from torch's")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", nargs="?", const="", default=None, metavar="FILE.npz")
    args = parser.parse_args()
    if args.check is not None:
        check(Path(args.check) if args.check else None)
