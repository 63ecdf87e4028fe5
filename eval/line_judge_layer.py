"""MiniLM's last encoder layer (as fine-tuned by eval/ask_finetune.py into a judge of "this sentence answers this
question") applied with numpy to the fifth layer's word-piece states, which the ONNX export computes anyway: the
serving path would need no torch. The layer is BERT's (12-head self-attention, a residual and layer norm, a 1536-wide
GELU feed-forward, a residual and layer norm), followed by sentence-transformers' mean pooling and L2 normalisation,
as the shipped model ends; weights from an .npz of fp16 arrays (eval/ask_finetune.py --save FILE.npz), computed in
float32. Written in session 19; since session 20 the layer itself is app/retrieval/line_judge.py's (imported here).

`--check [FILE.npz]`: the numpy layer against torch's BertLayer (the shipped last layer, or the tuned one in FILE),
fed (a) torch's fifth-layer states and (b) the states of the ONNX export (index/minilm.onnx) with the fifth layer's
output added (FIFTH_LAYER), on a few dev questions and lens sentences; prints the largest differences.

`--reference FILE.npz OUT.npz`: torch's outputs of the layer in FILE for the tests
(tests/retrieval/data/line_judge_reference.npz).

    PYTHONPATH=. .venv/bin/python eval/line_judge_layer.py --check [FILE.npz]
    PYTHONPATH=. .venv/bin/python eval/line_judge_layer.py --reference app/retrieval/line_judge.npz OUT.npz
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from app.retrieval.line_judge import NAMES, TunedLayer
from app.retrieval.onnx_embedder import FIFTH_LAYER

__all__ = ["FIFTH_LAYER", "NAMES", "TunedLayer", "check", "reference"]

TEXTS = [
    "How do we detect data drift?",
    "What should we do before deploying a model to production to make sure it is fair?",
    "Establish a reference dataset that represents your data and compare incoming data with it.",
    "Use Amazon SageMaker Clarify to detect bias in your training data and in the model's predictions.",
]


def reference(saved: Path, out: Path) -> None:
    """Torch's reference for the tests (tests/retrieval/test_line_judge.py): the fifth-layer states of TEXTS (padded),
    their mask, and the vectors torch's BertLayer with the weights in `saved` gives from them."""
    import torch
    from sentence_transformers import SentenceTransformer

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "eval"))
    from ask_finetune import base_model_dir

    model = SentenceTransformer(base_model_dir(), device="cpu")
    bert = model[0].auto_model.eval()
    with np.load(saved, allow_pickle=False) as data:
        bert.encoder.layer[5].load_state_dict({n: torch.from_numpy(data[n].astype(np.float32)) for n in NAMES})
    tokens = model.tokenizer(TEXTS, padding=True, return_tensors="pt")
    with torch.no_grad():
        fifth = bert(**tokens, output_hidden_states=True).hidden_states[5].numpy()
    want = model.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    mask = tokens["attention_mask"].numpy().astype(np.float32)
    np.savez_compressed(out, states=fifth.astype(np.float32), mask=mask, vectors=want.astype(np.float32))
    gap = np.abs(TunedLayer.load(saved).embed(fifth, mask) - want).max()
    print(f"{out}: {len(TEXTS)} texts; the numpy layer is {gap:.2e} from torch's")


def check(saved: Path | None) -> None:
    import onnxruntime as ort
    import torch
    from onnx import GraphProto, ModelProto, TensorProto, helper
    from sentence_transformers import SentenceTransformer

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "eval"))
    from ask_finetune import base_model_dir

    texts = TEXTS
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
    parser.add_argument("--reference", nargs=2, default=None, metavar=("FILE.npz", "OUT.npz"))
    args = parser.parse_args()
    if args.reference is not None:
        reference(Path(args.reference[0]), Path(args.reference[1]))
    if args.check is not None:
        check(Path(args.check) if args.check else None)
