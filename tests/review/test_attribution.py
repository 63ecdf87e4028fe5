"""The learned attribution (app/review/attribution.py, docs/review-mapping.md, nineteenth not-applicable round): which
practice a plainly "done" clause about no lens text is about, next to a stated fact. Units with weights set by hand,
and answers of our own with the shipped model (not eval rows, not the measuring sets of tests/review/data/unseen/)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.review.applicability import Statement
from app.review.attribution import (
    PracticeAttribution,
    QuestionAttribution,
    attributed_done,
    load_attribution,
)
from app.review.cues import split_clauses
from app.review.facts import stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import with_attribution

_BPS = ("MLPERF06-BP01", "MLPERF06-BP02", "MLPERF06-BP03")


def _attribution(margin: float = 0.3) -> PracticeAttribution:
    # three practices, each read off one axis of a 3-d "embedding"
    weights = np.eye(3, dtype=np.float32) * 4
    return PracticeAttribution(
        model="test-model",
        margin=margin,
        reading=0.0,
        questions={"MLPERF06": QuestionAttribution(_BPS, weights, np.zeros(3, dtype=np.float32))},
        fitted_on={"rows": 3},
    )


def _vector(*values: float) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def test_it_picks_the_practice_it_is_confident_about() -> None:
    found = _attribution().attribute("MLPERF06", _vector(1, 0, 0), _BPS)
    assert found is not None
    assert found[0] == "MLPERF06-BP01"
    assert found[1] > 0.3


def test_it_says_nothing_when_two_practices_are_close() -> None:
    assert _attribution().attribute("MLPERF06", _vector(0.5, 0.45, 0), _BPS) is None


def test_only_the_practices_left_standing_compete() -> None:
    # BP01 would win, but the facts made it moot: among BP02 and BP03, BP02 leads clearly
    found = _attribution().attribute("MLPERF06", _vector(1, 0.5, 0), ("MLPERF06-BP02", "MLPERF06-BP03"))
    assert found is not None and found[0] == "MLPERF06-BP02"


def test_one_practice_left_must_lead_the_moot_ones_too() -> None:
    # nothing to choose among those left: the one left is attributed only when it also leads every moot practice
    found = _attribution().attribute("MLPERF06", _vector(1, 0, 0), ("MLPERF06-BP01",))
    assert found is not None and found[0] == "MLPERF06-BP01"
    assert _attribution().attribute("MLPERF06", _vector(0, 1, 0), ("MLPERF06-BP01",)) is None
    assert _attribution().attribute("MLPERF06", _vector(0.5, 0.45, 0), ("MLPERF06-BP01",)) is None


def test_nothing_for_an_unknown_question() -> None:
    assert _attribution().attribute("MLSEC05", _vector(1, 0, 0), ("MLSEC05-BP01", "MLSEC05-BP02")) is None


def test_saved_weights_load_back_and_belong_to_their_model(tmp_path: Path) -> None:
    path = tmp_path / "attribution.npz"
    _attribution().save(path)
    loaded = load_attribution("test-model", path)
    assert loaded is not None
    assert loaded.margin == 0.3 and loaded.reading == 0.0 and loaded.fitted_on == {"rows": 3}
    assert loaded.questions["MLPERF06"].bp_ids == _BPS
    assert np.array_equal(loaded.questions["MLPERF06"].weights, np.eye(3, dtype=np.float32) * 4)
    assert load_attribution("another-model", path) is None
    assert load_attribution("test-model", tmp_path / "missing.npz") is None


def test_a_practice_the_facts_make_moot_is_never_attributed() -> None:
    # "nothing is trained, the vendor runs it": retraining practices are moot, so a clause closest to one of them is
    # attributed among the others or not at all
    answer = "We call a vendor's hosted model and nothing is trained here. Odd replies get flagged."
    clauses = split_clauses(answer)
    facts = stated_facts(clauses[0].text)
    assert facts
    bp_ids = ("MLPERF06-BP01", "MLPERF06-BP02", "MLPERF06-BP05", "MLPERF06-BP06")
    attribution = PracticeAttribution(
        model="test-model",
        margin=0.3,
        reading=0.0,
        questions={"MLPERF06": QuestionAttribution(bp_ids, np.eye(4, dtype=np.float32) * 4, np.zeros(4))},
        fitted_on={},
    )
    statements = [Statement(clauses[0], facts)]
    # closest to retraining (moot): between the two practices left, nothing is confident
    assert attributed_done(attribution, clauses[-1], _vector(0, 0, 1, 0), bp_ids, statements) == []
    given = attributed_done(attribution, clauses[-1], _vector(1, 0, 0.8, 0), bp_ids, statements)
    assert [(bp, e.status, e.firm) for bp, e in given] == [("MLPERF06-BP01", BPStatus.IMPLEMENTED, True)]
    # without the fact, retraining would have been the answer: the facts are what rules it out
    assert attributed_done(attribution, clauses[-1], _vector(0, 0, 1, 0), bp_ids, []) != []


_DONE = "Every week a nurse reads twenty of its summaries and marks the wrong ones."
_FACT = "We license the summariser from a vendor who hosts and retrains it."


@pytest.mark.integration
def test_an_everyday_done_beside_a_fact_is_attributed(mapping: AnswerMapping) -> None:
    # about no lens text (cosine under 0.40): without the attribution nothing is proposed for human review of outputs
    assert with_attribution(mapping, "MLPERF06", f"{_FACT} {_DONE}")["MLPERF06-BP01"] is BPStatus.IMPLEMENTED
    assert with_attribution(mapping, "MLPERF06", f"{_FACT} {_DONE}", on=False)["MLPERF06-BP01"] is not (
        BPStatus.IMPLEMENTED
    )


@pytest.mark.integration
def test_without_a_stated_fact_the_attribution_is_not_asked(mapping: AnswerMapping) -> None:
    assert with_attribution(mapping, "MLPERF06", _DONE)["MLPERF06-BP01"] is not BPStatus.IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    "after",
    [
        "Nobody reads its summaries.",
        # a detail after a semicolon takes up what the clause before said; it is no sentence of its own
        "Output quality has an owner; it's whoever happens to complain first.",
        # what a copular clause says of its subject is not about the practice
        "Checking its summaries is a lottery ticket.",
    ],
)
def test_what_is_not_plainly_done_beside_a_fact_is_not_attributed(mapping: AnswerMapping, after: str) -> None:
    assert BPStatus.IMPLEMENTED not in with_attribution(mapping, "MLPERF06", f"{_FACT} {after}").values()
