"""Which practice heads a no-LLM answer (session 28, rank28): the practices quoted are chosen on their best unit,
and ordered by the mean of their EVIDENCE_UNITS best unit scores, lowered by RETRIEVAL_RANK_WEIGHT per place below
retrieval's first candidate."""

from __future__ import annotations

import numpy as np
import pytest

from app.qa.extractive import EVIDENCE_UNITS, MAX_BPS, RETRIEVAL_RANK_WEIGHT, rank_with_lead


def test_a_practice_with_one_matching_sentence_does_not_head_one_with_several() -> None:
    # retrieval's first: one sentence that shares the question's words and little else; second: three good sentences
    scores = np.array([1.0, 0.1, 0.1, 0.85, 0.85, 0.85])
    owner = np.array([0, 0, 0, 1, 1, 1])
    ranked, lead = rank_with_lead(scores, owner, [0.5, 0.5])
    assert EVIDENCE_UNITS == 3
    assert ranked == [1, 0]
    assert lead == pytest.approx(0.85 - RETRIEVAL_RANK_WEIGHT - 0.4)


def test_retrievals_earlier_practice_keeps_the_head_over_a_slightly_better_later_one() -> None:
    scores = np.array([0.8, 0.8, 0.8, 0.85, 0.85, 0.85])
    owner = np.array([0, 0, 0, 1, 1, 1])
    ranked, lead = rank_with_lead(scores, owner, [0.5, 0.5])
    assert ranked == [0, 1]
    assert lead == pytest.approx(RETRIEVAL_RANK_WEIGHT - 0.05)


def test_which_practices_are_quoted_is_still_decided_on_their_best_sentence() -> None:
    # the fourth practice has the broadest evidence but the lowest best sentence: it is not quoted
    scores = np.array([0.9, 0.0, 0.0, 0.8, 0.0, 0.0, 0.7, 0.0, 0.0, 0.6, 0.6, 0.6])
    owner = np.repeat(np.arange(4), 3)
    ranked, _ = rank_with_lead(scores, owner, [0.5, 0.5, 0.5, 0.5])
    assert len(ranked) == MAX_BPS == 3
    assert sorted(ranked) == [0, 1, 2]
