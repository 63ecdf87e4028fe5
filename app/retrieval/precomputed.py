"""An embedder that answers from vectors computed at ingest (the review mapper's reference sentences) and embeds only
texts it has not seen; saves every process ~10 s of CPU at start-up."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from app.retrieval.base import Embedder
from app.retrieval.line_judge import LineJudge
from app.retrieval.sentence_tokens import SentenceTokens
from app.retrieval.wrapping import WrappingEmbedder


class PrecomputedEmbedder(WrappingEmbedder):
    def __init__(
        self,
        inner: Embedder,
        known: Mapping[str, NDArray[np.float32]],
        sentence_tokens: SentenceTokens | None = None,
        line_judge: LineJudge | None = None,
    ) -> None:
        """`sentence_tokens`: the lens sentences' word-piece vectors made at ingest, for `interaction_scores`;
        `line_judge`: their tuned vectors made at ingest, for `judge_scores`."""
        super().__init__(inner)
        self._tokens = sentence_tokens
        self.interacts = sentence_tokens is not None
        self._judge = line_judge
        self.judges = line_judge is not None
        self._known = known

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]:
        rows = [self._known.get(text) for text in texts]  # one look-up per text
        missing = [n for n, row in enumerate(rows) if row is None]
        if rows and not missing:  # the composer's usual case: every sentence was embedded at ingest
            return np.stack(rows).astype(np.float32, copy=False)  # type: ignore[arg-type]
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for n, row in enumerate(rows):
            if row is not None:
                out[n] = row
        if missing:
            out[missing] = self.inner.embed([texts[n] for n in missing], show_progress=show_progress)
        return out

    def interaction_scores(self, question: str, texts: list[str]) -> NDArray[np.float64] | None:
        """Late-interaction score of each text against `question` (app/retrieval/sentence_tokens.py), or None when
        the index has no word-piece vectors or the model gives none."""
        if self._tokens is None:
            return None
        asked = self.token_vectors(question)
        if asked is None:
            return None
        return self._tokens.scores(asked, texts, self.token_vectors)

    def judge_scores(self, question: str, texts: list[str]) -> NDArray[np.float64] | None:
        """The line judge's score of each text against `question` (app/retrieval/line_judge.py), or None when the
        index has no tuned vectors or the model gives no fifth-layer states."""
        if self._judge is None:
            return None
        asked = self._judge.question_vector(question, self.judge_states)
        if asked is None:
            return None
        return self._judge.scores(asked, texts, self.judge_states)
