"""The shipped learned attribution (app/review/attribution.npz) is what eval/fit_attribution.py fits on the dev rows
and lens sentences it records (FITTED_BEFORE, C, MARGIN, READING): a refit is reproducible, and weights edited by hand
or left stale after a change to the training text or to how clauses are split fail here."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from support.eval_scripts import eval_script

from app.review.attribution import PracticeAttribution
from app.services import AnswerMapping

pytestmark = pytest.mark.integration


def _fit_script() -> ModuleType:
    return eval_script("fit_attribution")


def test_the_shipped_attribution_is_the_fit_on_the_recorded_rows_and_sentences(mapping: AnswerMapping) -> None:
    fit = _fit_script()
    refit, examples = fit.build(mapping)
    shipped = PracticeAttribution.load()
    # the blind batch judges it: no clause of revd-2800 or later is fitted on
    assert all(e.source == "lens" or fit.row_number(e.source) < fit.FITTED_BEFORE for e in examples)
    assert {e.source for e in examples} > {"lens"}
    assert shipped.fitted_on == refit.fitted_on
    assert (shipped.margin, shipped.reading) == (refit.margin, refit.reading) == (fit.MARGIN, fit.READING)
    assert shipped.model == refit.model
    assert shipped.questions.keys() == refit.questions.keys()
    for question_id, fitted in refit.questions.items():
        assert shipped.questions[question_id].bp_ids == fitted.bp_ids
        assert np.abs(shipped.questions[question_id].weights - fitted.weights).max() < 0.02
        assert np.abs(shipped.questions[question_id].bias - fitted.bias).max() < 0.02


def test_the_blind_batch_is_never_fitted_on(tmp_path: Path) -> None:
    fit = _fit_script()
    dev = tmp_path / "dev.jsonl"
    dev.write_text("".join(json.dumps({"id": i}) + "\n" for i in ("revd-2799", "revd-2800", "revd-3012", "revd-15")))
    assert [r["id"] for r in fit.fitted_rows(dev)] == ["revd-2799", "revd-15"]
    assert [fit.batch_of(i) for i in ("revd-2799", "revd-2800", "revd-15")] == [27, 28, 0]
