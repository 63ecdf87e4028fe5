"""A reader of the pair: does this detail undo the claim just before it? (session 26)

"We bought a data catalog tool last year. Three datasets are in it, all from the pilot.": the detail alone reads as
something done; what undoes the claim is the detail read *with* the claim. The learned reader of the sentence
(`app.review.polarity_reader`) reads one clause; this reads the claim's and the detail's MiniLM vectors together: a
logistic regression over the sentence reader's logit of each, their cosine, their element-wise product and the
detail's vector, fitted by `eval/fit_pair_reader.py` on claim-and-detail pairs of several writers (validated out of fold
by writer). It only makes a claim asked about (the mapper's `pair_reading`): never "not implemented", never
"implemented".

Weights are plain JSON numbers (no pickle) in `pair_reader.json`, with the embedding model they belong to.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.review.polarity_reader import PolarityReader

PAIR_READER_FILE = Path(__file__).with_name("pair_reader.json")


def pair_features(
    claim: NDArray[np.float32], detail: NDArray[np.float32], reader: PolarityReader
) -> NDArray[np.float64]:
    """The pair's features: the sentence reader's logit of the detail and of the claim, their cosine (the vectors are
    normalised), their element-wise product, and the detail's vector."""

    def logit(vector: NDArray[np.float32]) -> float:
        return float(vector @ reader.weights) + reader.bias

    head = np.array([logit(detail), logit(claim), float(claim @ detail)])
    return np.concatenate([head, claim * detail, detail]).astype(np.float64)


@dataclass(frozen=True)
class PairReader:
    """Logistic regression over `pair_features`: the probability that the detail undoes the claim."""

    model: str
    weights: NDArray[np.float64]
    bias: float
    threshold: float  # at or above this probability the claim is asked about
    fitted_on: dict[str, Any]

    def undoing(self, claim: NDArray[np.float32], detail: NDArray[np.float32], reader: PolarityReader) -> float:
        z = float(pair_features(claim, detail, reader) @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "threshold": self.threshold,
            "bias": self.bias,
            "weights": [round(float(w), 7) for w in self.weights],
            "fitted_on": self.fitted_on,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairReader:
        return cls(
            model=str(data["model"]),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            fitted_on=dict(data.get("fitted_on", {})),
        )


def load_pair_reader(model: str, path: Path = PAIR_READER_FILE) -> PairReader | None:
    """The shipped pair reader for this embedding model, or None (no file, or fitted for another model)."""
    if not path.is_file():
        return None
    reader = PairReader.from_json(json.loads(path.read_text()))
    return reader if reader.model == model else None
