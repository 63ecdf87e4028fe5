"""The learned override detector (eleventh round): a logistic regression over vectors the ask path already has, beside
the structural checks of app/retrieval/override.py. A question is an override attempt when either fires.

What it reads, for the serving MiniLM only (the weights name the embedder; any other embedder turns it off):
- the question's pooled embedding (the vector every search computes);
- "sentence" vectors of a longer question: the means of WINDOW consecutive word-piece vectors (every STRIDE pieces),
  kept from the model call that embedded the question (`OnnxEmbedder.recent_token_states`: a call of at most 64
  pieces), so an override buried mid paragraph is read on its own rather than averaged away. A longer text, or one
  embedded in a batch with a longer one, is read by its pooled vector alone: its word pieces would cost a model call of
  their own.
The score is the largest logit over these vectors; the question is flagged above `threshold`, which the fit sets above
every in-scope development text (eval/fit_override_model.py, docs/scope-gate.md "Eleventh round"). Weights are plain
JSON arrays (no pickle), refitted by tests/retrieval/test_override_model_fit.py.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.retrieval.courtesy import closing_courtesy
from app.retrieval.override import is_override_attempt
from app.retrieval.quoted import asker_words, asks_question, hands_over, to_this_assistant
from app.retrieval.unreadable import unreadable_count

logger = logging.getLogger(__name__)

MODEL_FILE = Path(__file__).with_name("override_model.json")
WINDOW = 20  # word pieces per "sentence" vector (12 and 20 measured; 20 read more held-out batches)
STRIDE = 10
# Texts of fewer words are left to the structural checks: a lens ID or a few words of jargon embed unpredictably (the
# highest in-scope scores of the first fits were "MLCOST05BP03", "MLSEC03-BP02" and "adversarial inputs to my
# classifier"); 223 of the development in-scope scope rows have fewer than 10 words, 4 of the 339
# jailbreaks (each ideograph or kana counts as a word), which the structural checks all flag.
# The asker's own words around quoted material may hold a few words the embedder cannot read (a name, a product, a
# word of the quoted language) and still be read by it; more, and it cannot vouch for what they ask.
OWN_WORDS_UNREADABLE_MAX = 2
MIN_WORDS = 10  # 8 measured: 265 / 339 left-out jailbreaks flagged, against 315 at 10 (margin 0.5)
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W\d_\u3040-\u30ff\u3400-\u9fff]+")


@dataclass(frozen=True)
class OverrideModel:
    model: str  # the embedder the weights are for
    weights: NDArray[np.float32]
    bias: float
    threshold: float  # a logit: flagged above it
    window: int = WINDOW
    stride: int = STRIDE
    fitted_on: dict[str, Any] = field(default_factory=dict)

    def logit(self, vector: NDArray[np.float32], pieces: NDArray[np.float32] | None = None) -> float:
        """The largest logit over the pooled vector and the windows of `pieces` (L2-normalised word-piece vectors)."""
        best = float(vector @ self.weights) + self.bias
        windows = window_means(pieces, self.window, self.stride) if pieces is not None else None
        if windows is not None and len(windows):
            best = max(best, float(np.einsum("ij,j->i", windows, self.weights).max()) + self.bias)
        return best

    def flags(self, vector: NDArray[np.float32], pieces: NDArray[np.float32] | None = None) -> bool:
        return self.logit(vector, pieces) > self.threshold

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "override_logistic",
            "embedder": self.model,
            "dimension": int(self.weights.shape[0]),
            "window": self.window,
            "stride": self.stride,
            "threshold": round(self.threshold, 6),
            "bias": round(self.bias, 8),
            "fitted_on": self.fitted_on,
            "weights": [round(float(w), 8) for w in self.weights],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OverrideModel:
        if data.get("kind") != "override_logistic":
            raise ValueError(f"not an override model: {data.get('kind')!r}")
        weights = np.asarray(data["weights"], dtype=np.float32)
        if weights.shape != (int(data["dimension"]),):
            raise ValueError("override model: the weights do not match the dimension")
        return cls(
            model=str(data["embedder"]),
            weights=weights,
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            window=int(data["window"]),
            stride=int(data["stride"]),
            fitted_on=dict(data.get("fitted_on", {})),
        )


def window_means(pieces: NDArray[np.float32], window: int, stride: int) -> NDArray[np.float32] | None:
    """L2-normalised means of `window` consecutive rows every `stride` rows (the last window ends at the last row);
    None when there are no more than `window` rows (the pooled vector reads such a text whole)."""
    n = len(pieces)
    if n <= window:
        return None
    starts = np.arange(0, n - window + 1, stride)
    if starts[-1] != n - window:
        starts = np.append(starts, n - window)
    # each window's sum on its own: no BLAS call (its threads would compete with the model's on a busy server, for a
    # few thousand additions) and no running sum (ten times slower than a matrix product on arrays this small)
    return _normalised(np.stack([pieces[start : start + window].sum(axis=0) for start in starts.tolist()]))


def _normalised(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))
    out: NDArray[np.float32] = rows / np.maximum(norms, 1e-12)[:, None]
    return out


@functools.cache
def shipped_model(embedder: str, dimension: int) -> OverrideModel | None:
    """The shipped detector when it was fitted for this embedder; else None (the structural checks alone)."""
    try:
        model = OverrideModel.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("no learned override detector (%s): the structural checks alone", exc)
        return None
    if model.model != embedder or model.weights.shape != (dimension,):
        return None
    return model


def question_pieces(embedder: object, text: str) -> NDArray[np.float32] | None:
    """`text`'s word-piece vectors, L2-normalised, when the call that embedded it kept them (a query of at most
    TOKEN_CACHE_PIECES pieces, app/retrieval/onnx_embedder.py): never a model call of its own."""
    method = getattr(embedder, "recent_token_states", None)
    states = method(text) if method is not None else None
    if states is None or not len(states):
        return None
    return _normalised(states)


def read_by_model(text: str) -> bool:
    """Whether the learned detector reads `text` (MIN_WORDS words or more)."""
    return len(_WORD.findall(text, 0, 400)) >= MIN_WORDS


def flags_override(
    query: str, vector: NDArray[np.float32], embedder: Any, verdict: bool | None = None, *, parts_gated: bool = False
) -> bool:
    """Whether `query` is an override attempt: the structural checks' `verdict` (None: check it here) or the learned
    detector on `vector`, the query's embedding by `embedder` (shape (1, dimension) or (dimension,)). `parts_gated`:
    the query names a lens ID, and the text beside it is judged on its own by the scope gate (a request attached to
    the ID is refused as such, a request about the answer's form is answered); the learned detector, which reads
    "lens ID, then a task" as an override (docs/scope-gate.md, eleventh round), then steps aside."""
    if verdict is None:
        verdict = is_override_attempt(query)
    if verdict:
        return True
    if parts_gated or not read_by_model(query):
        return False
    model = shipped_model(str(getattr(embedder, "name", "")), int(getattr(embedder, "dimension", 0)))
    if model is None:
        return False
    pieces = question_pieces(embedder, query)
    return model.flags(np.asarray(vector, dtype=np.float32).reshape(-1), pieces)


def without_closing_courtesy(query: str) -> str | None:
    """`query` without the courtesy in another language that closes it ("…? Дякую заздалегідь!", "…? Ευχαριστώ πολύ!"),
    which the learned detector reads as a task; None when none closes it. The detector then reads the question without
    it (one more embedding, only for a question it flagged and the structural checks did not)."""
    closing = closing_courtesy(query)
    return None if closing is None else query[:closing]


def without_quoted_material(query: str, known: Callable[[str], bool]) -> str | None:
    """The asker's own words of a question that quotes material (app/retrieval/quoted.py: an error message or a log
    line in another language, a stack trace, a code or YAML block, a customer's message, an injection their own bot
    received), which the learned detector reads as a task: it reads these words instead (one more embedding, only for
    a question it flagged and the structural checks did not). None, and the flag stands, unless the own words ask a
    question, hand nothing to the assistant ("do what it says", "this is addressed to you", "your new config"), no
    part of the text names this assistant or its reader ("ML Lens assistant, …", "to the AI reading this") or calls on
    an assistant ("Assistant, …") unless the own words name the asker's system that received it, and the
    own words are words the embedder reads (at most OWN_WORDS_UNREADABLE_MAX it cannot), long enough for it to read
    (MIN_WORDS): an override attempt addresses the assistant and asks it to act, and such words are where it would.
    `known(word)`: whether the lens uses the word (lower case)."""
    own = asker_words(query)
    if (
        own is None
        or not asks_question(own)
        or hands_over(own)
        or to_this_assistant(query, own)
        or not read_by_model(own)
    ):
        return None
    return own if unreadable_count(own, known) <= OWN_WORDS_UNREADABLE_MAX else None
