"""A reader of the sentence: does a clause with no negation word read as a practice *not* done?

Cue words in `app.review.cues` read bad states said without a negation word ("by hand", "on a laptop", "whatever the
tutorial printed"), but two sessions of them did not generalise to wording no rule knew. This is a small learned
reader instead: a logistic regression over the clause's sentence embedding (the same MiniLM vector the mapper already
computes to place the clause, so reading it costs one dot product), fitted by `eval/fit_polarity_reader.py` on the
project's own text only: the clauses of the development review rows (before the newest blind batch, which judges it)
that the mapper read as evidence about a practice, labelled by whether that practice is done, and sentences of our own
(`eval/polarity_reader/sentences.jsonl`). The unseen sentence sets of `tests/review/data/unseen/` never train it.

It only ever takes evidence away: a clause it reads as "not done" is no longer *firm* evidence of "implemented", so
the practice is asked about rather than proposed (step 5 of docs/review-mapping.md). It never proposes "not
implemented" by itself: a sentence embedding this size places a clause by its topic more than by whether it is done,
so it is trusted only to withhold the one answer that hides a risk.

Weights are plain JSON numbers (no pickle) in `polarity_reader.json`, with the embedding model they belong to; a
reader for another model reads nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from app.review.logistic import LogisticWeights

READER_FILE = Path(__file__).with_name("polarity_reader.json")


class PolarityReader(LogisticWeights):
    """Logistic regression over a clause's embedding: the probability that it reads as doing what it is about. Below
    its `threshold` of "doing", the clause reads as not done."""

    def doing(self, vector: NDArray[np.float32]) -> float:
        """The probability (0..1) that the clause whose embedding this is reads as a practice done."""
        return self.probability(vector)


def load_reader(model: str, path: Path = READER_FILE) -> PolarityReader | None:
    """The shipped reader for this embedding model, or None (no file, or fitted for another model)."""
    return PolarityReader.load(model, path)
