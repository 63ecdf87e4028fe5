"""Logistic weights on disk: the shape the mapper's small learned readers share (sessions 23 and 26).

A reader here is a logistic regression over features of MiniLM vectors: a row of weights, a bias, the probability
threshold it is used at, the embedding model whose vectors it reads, and a record of what it was fitted on. The
weights are plain JSON numbers (no pickle); a reader fitted for another embedding model loads as None, so it reads
nothing. `app.review.polarity_reader` (one clause) and `app.review.pair_reader` (a claim with its detail) are the two.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import DTypeLike, NDArray


def sigmoid(z: float) -> float:
    """The logistic function, without overflow for large |z|."""
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclass(frozen=True)
class LogisticWeights:
    """A logistic regression's weights, read from and written to plain JSON."""

    DTYPE: ClassVar[DTypeLike] = np.float32  # the weights' dtype: that of the features they are multiplied with

    model: str  # the embedding model whose vectors it reads
    weights: NDArray[Any]
    bias: float
    threshold: float  # the probability the caller compares with
    fitted_on: dict[str, Any]  # what it was fitted on (rows, sentences, settings), for the record

    def probability(self, features: NDArray[Any]) -> float:
        return sigmoid(float(features @ self.weights) + self.bias)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "threshold": self.threshold,
            "bias": self.bias,
            "weights": [round(float(w), 7) for w in self.weights],
            "fitted_on": self.fitted_on,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(
            model=str(data["model"]),
            weights=np.asarray(data["weights"], dtype=cls.DTYPE),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            fitted_on=dict(data.get("fitted_on", {})),
        )

    @classmethod
    def load(cls, model: str, path: Path) -> Self | None:
        """The weights in `path` if they were fitted for this embedding model; None when there is no file or they
        belong to another model."""
        if not path.is_file():
            return None
        reader = cls.from_json(json.loads(path.read_text()))
        return reader if reader.model == model else None
