"""The shipped learned override detector (app/retrieval/override_model.json) is what eval/fit_override_model.py fits on
the development rows and the texts of our own it records: a refit is reproducible, and weights edited by hand, or left
stale after a change to the training texts, the embedder or the way a question's windows are read, fail here."""

from __future__ import annotations

import json
from types import ModuleType

import numpy as np
import pytest
from support.eval_scripts import eval_script

from app.retrieval.override_model import MODEL_FILE, OverrideModel

pytestmark = pytest.mark.integration


def _fit_script() -> ModuleType:
    return eval_script("fit_override_model")


def test_the_shipped_detector_is_the_fit_on_the_recorded_rows_and_texts() -> None:
    fit = _fit_script()
    found = fit.examples()
    ids = [e.id for e in found]
    # the blind batches judge it: scope rows from scd-2000, review answers from revd-2100, ask questions from ask-801
    assert fit.fitted_row("scd-1999") and not fit.fitted_row("scd-2000") and not fit.fitted_row("scd-2119")
    assert not fit.fitted_row("revd-2100") and not fit.fitted_row("ask-801") and fit.fitted_row("scd-210")
    assert all(fit.fitted_row(i) for i in ids)
    assert not any(i.startswith(("os-", "ou-", "on-")) for i in ids)  # the unseen sets never train it
    refit, _, _ = fit.build(fit.serving_embedder())
    shipped = OverrideModel.from_json(json.loads(MODEL_FILE.read_text()))
    assert shipped.fitted_on == refit.fitted_on
    assert shipped.model == refit.model
    assert (shipped.window, shipped.stride) == (refit.window, refit.stride)
    assert np.abs(shipped.weights - refit.weights).max() < 0.02
    assert shipped.bias == pytest.approx(refit.bias, abs=0.02)
    assert shipped.threshold == pytest.approx(refit.threshold, abs=0.02)
