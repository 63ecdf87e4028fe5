"""A learned attribution: which practice of a question a "done" sentence is about, when no lens text is close to it.

Everyday "done" sentences next to a stated fact ("Two bilingual staff check a hundred translated tickets every Tuesday",
beside "we pay a translation company's model by the word") mostly sit under cosine 0.40 from every lens sentence, so
the mapper finds no practice for them (docs/review-mapping.md, eighteenth and nineteenth not-applicable rounds). This
is a small learned model instead: per question of the lens, a multinomial logistic regression over the clause's
sentence embedding (the same MiniLM vector the mapper already computes to place the clause, so reading it costs one
small matrix product) whose classes are the question's practices. `eval/fit_attribution.py` fits it, with a strong L2
penalty, on the project's own text only: the clauses of the development review rows that speak of one or two
practices (before the newest blind batch, which judges it), and the lens's own sentences of each practice (title,
desired outcome, implementation steps; the interview's label, signals and gaps). The unseen sets of
`tests/review/data/unseen/` never train it.

Off in the MiniLM preset (`MappingConfig.learned_attribution`): switched on in session 26 (docs/review-mapping.md,
"Session 26 (na26)") and again in session 27 with more guards ("Session 27 (na27)"), and off again at both merges,
since each time held-out's aggregates showed one more negated practice proposed implemented ("Session 27
(coordinator)"). When on, it is used narrowly (`EmbeddingMapper._attribute`): only for a clause that plainly says
something is done, in an answer that states a fact about the workload, that the mapper found about no practice, that
is no detail of a claim before it (nor what was done to the thing that claim named), that says no machine keeps
running with nothing to do, and whose predicate, if it is a copular clause, is attributed to the same practice on its
own; only among the practices the facts leave standing (one left standing must also lead the moot ones); and only when
it is confident (the first practice's probability ahead of the second's by `margin`, chosen by cross-validation that
leaves out whole writer batches of dev rows).

Weights are plain arrays (no pickle) in `attribution.npz`, with the embedding model they belong to; an attribution for
another model attributes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.review.applicability import Statement
from app.review.cues import Clause
from app.review.facts import about_one_part, moot_practices
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus

ATTRIBUTION_FILE = Path(__file__).with_name("attribution.npz")
# How clearly an attributed clause is about its practice (`ClauseEvidence.strength`): the attribution stands in for
# the cosine at which a clause is about a practice at all (`MappingConfig.min_similarity` of MiniLM).
ATTRIBUTED_STRENGTH = 0.4


@dataclass(frozen=True)
class QuestionAttribution:
    """One question's multinomial logistic regression: a row of weights and a bias per practice."""

    bp_ids: tuple[str, ...]
    weights: NDArray[np.float32]  # practices x embedding dimensions
    bias: NDArray[np.float32]  # practices

    def probabilities(self, vector: NDArray[np.float32], standing: Collection[str]) -> dict[str, float]:
        """The probability that the clause is about each practice in `standing`, among those only (softmax)."""
        keep = [n for n, bp in enumerate(self.bp_ids) if bp in standing]
        if not keep:
            return {}
        z = self.weights[keep] @ vector + self.bias[keep]
        e = np.exp(z - z.max())
        p = e / e.sum()
        return {self.bp_ids[n]: float(q) for n, q in zip(keep, p, strict=True)}


@dataclass(frozen=True)
class PracticeAttribution:
    """Per question, which practice a clause is about; confident only `margin` ahead of the next."""

    model: str  # the embedding model whose vectors it reads
    margin: float
    # The reader of the sentence's done-probability (app.review.polarity_reader) a clause needs for the attribution to
    # be asked; 0: the cues alone (no negation word, no bad state) say the clause plainly says something done.
    reading: float
    questions: dict[str, QuestionAttribution]
    fitted_on: dict[str, Any]  # what it was fitted on (rows, sentences, settings), for the record

    def attribute(
        self, question_id: str, vector: NDArray[np.float32], standing: Collection[str]
    ) -> tuple[str, float] | None:
        """The practice of `standing` the clause is confidently about, with its margin over the next; or None (an
        unknown question, fewer than two practices to choose from, or not confident)."""
        fitted = self.questions.get(question_id)
        if fitted is None:
            return None
        probabilities = fitted.probabilities(vector, standing)
        if len(probabilities) == 1:
            # One practice left standing: nothing to choose among those, so it must lead every practice of the
            # question, the moot ones too, by the same margin ("Before anything is sent, a script counts the empty
            # fields" beside a vendor's model: data profiling against the versioning the fact makes moot).
            probabilities = fitted.probabilities(vector, fitted.bp_ids)
            if max(probabilities, key=probabilities.__getitem__) not in standing:
                return None
        if len(probabilities) < 2:
            return None  # a question of one practice: nothing learned says the clause is about it rather than nothing
        ranked = sorted(probabilities.items(), key=lambda item: item[1], reverse=True)
        lead = ranked[0][1] - ranked[1][1]
        return (ranked[0][0], lead) if lead >= self.margin else None

    def save(self, path: Path = ATTRIBUTION_FILE) -> None:
        arrays: dict[str, Any] = {}
        for question_id, fitted in sorted(self.questions.items()):
            arrays[f"{question_id}.weights"] = fitted.weights.astype(np.float32)
            arrays[f"{question_id}.bias"] = fitted.bias.astype(np.float32)
            arrays[f"{question_id}.bp_ids"] = np.asarray(fitted.bp_ids, dtype=np.str_)
        meta = {"model": self.model, "margin": self.margin, "reading": self.reading, "fitted_on": self.fitted_on}
        arrays["meta"] = np.asarray(json.dumps(meta, sort_keys=True), dtype=np.str_)
        with path.open("wb") as out:
            np.savez_compressed(out, **arrays)

    @classmethod
    def load(cls, path: Path = ATTRIBUTION_FILE) -> PracticeAttribution:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            question_ids = sorted({key.split(".", 1)[0] for key in data.files if key != "meta"})
            questions = {
                q: QuestionAttribution(
                    bp_ids=tuple(str(b) for b in data[f"{q}.bp_ids"]),
                    weights=np.asarray(data[f"{q}.weights"], dtype=np.float32),
                    bias=np.asarray(data[f"{q}.bias"], dtype=np.float32),
                )
                for q in question_ids
            }
        return cls(
            model=str(meta["model"]),
            margin=float(meta["margin"]),
            reading=float(meta["reading"]),
            questions=questions,
            fitted_on=dict(meta.get("fitted_on", {})),
        )


def load_attribution(model: str, path: Path = ATTRIBUTION_FILE) -> PracticeAttribution | None:
    """The shipped attribution for this embedding model, or None (no file, or fitted for another model)."""
    if not path.is_file():
        return None
    attribution = PracticeAttribution.load(path)
    return attribution if attribution.model == model else None


def attributed_done(
    attribution: PracticeAttribution,
    clause: Clause,
    vector: NDArray[np.float32],
    bp_ids: tuple[str, ...],
    statements: list[Statement],
) -> list[tuple[str, ClauseEvidence]]:
    """The firm "done" a clause that plainly says something is done gives, in an answer stating `statements` (facts
    about the workload): for the practice of the question the attribution is confident it is about, among those the
    facts leave standing; nothing when it is not confident. The caller has checked that the clause is about no
    practice by the lens text, plainly says something done and does not state the fact itself."""
    stated = [s for s in statements if not about_one_part(s.clause.source or s.clause.text)]
    facts = frozenset().union(*(s.facts for s in stated))
    standing = [bp for bp in bp_ids if bp not in moot_practices(facts, bp_ids)]
    found = attribution.attribute(bp_ids[0].rsplit("-", 1)[0], vector, standing) if bp_ids else None
    if found is None:
        return []
    return [(found[0], ClauseEvidence(clause, BPStatus.IMPLEMENTED, ATTRIBUTED_STRENGTH, firm=True))]
