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

from pathlib import Path
from typing import ClassVar

import numpy as np
from numpy.typing import DTypeLike, NDArray

from app.review.logistic import LogisticWeights
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


class PairReader(LogisticWeights):
    """Logistic regression over `pair_features`: the probability that the detail undoes the claim. At or above its
    `threshold` the claim is asked about."""

    DTYPE: ClassVar[DTypeLike] = np.float64

    def undoing(self, claim: NDArray[np.float32], detail: NDArray[np.float32], reader: PolarityReader) -> float:
        return self.probability(pair_features(claim, detail, reader))


def load_pair_reader(model: str, path: Path = PAIR_READER_FILE) -> PairReader | None:
    """The shipped pair reader for this embedding model, or None (no file, or fitted for another model)."""
    return PairReader.load(model, path)
