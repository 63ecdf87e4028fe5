"""The composer's shipped ranking settings are what eval/ask_ranking_cv.py fits on the dev rows it records
(FITTED_ON), with a wanted or a second reader's `also` sentence as the right ones, and so is the order of the first
practice's lines (LEAD_WEIGHTS): a refit is reproducible, and weights edited by hand or left stale after a refit fail
here. The fit
depends on retrieval and the scope gate (which rows are answered, which practices are candidates), so a change there
may move a weight a little without failing; the previous weights were 0.06-0.13 away from this fit."""

from __future__ import annotations

from types import ModuleType

import pytest
from support.eval_scripts import eval_script

from app.evaluation.ask import read_ask_rows
from app.knowledge import KnowledgeBase
from app.qa import extractive
from app.settings import ROOT


def _ranking_cv() -> ModuleType:
    return eval_script("ask_ranking_cv")


@pytest.mark.integration
def test_the_shipped_sentence_weights_line_settings_and_line_order_are_the_fit_on_the_recorded_dev_rows(
    interacting_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fitted with the practices ordered by their best unit alone, as before session 28 (rank28)
    monkeypatch.setattr(extractive, "EVIDENCE_UNITS", 1)
    monkeypatch.setattr(extractive, "RETRIEVAL_RANK_WEIGHT", 0.0)
    cv = _ranking_cv()
    rows = cv.fitted_rows(read_ask_rows(ROOT / "eval" / "ask" / "dev.jsonl"))
    assert len(rows) == 391  # ask-001…066, ask-101…145, ask-201…240, ask-301…340, ask-401…440, …, ask-801…840
    try:
        fitted = cv.fit_shipped(cv.prepare(interacting_kb, rows))
    finally:  # fitting sets the module constants it searches over; put the shipped ones back
        for name, constant in cv.CONSTANTS.items():
            setattr(extractive, constant, cv.SHIPPED_CONSTANTS[name])
        extractive.LEAD_WEIGHTS = cv.SHIPPED_LEAD
    lead = {name.removeprefix("lead:"): fitted.pop(name) for name in list(fitted) if name.startswith("lead:")}
    assert lead == pytest.approx(extractive.LEAD_WEIGHTS, abs=0.03)
    assert fitted.pop("best_lines") == extractive.LINES_FOR_BEST_BP
    assert fitted.pop("clear_lead") == extractive.CLEAR_LEAD
    assert fitted.pop("paragraph") == extractive.PARAGRAPH_WEIGHT
    assert fitted.pop("strong_see_also") == extractive.STRONG_SEE_ALSO
    assert fitted.keys() == extractive.WEIGHTS.keys()
    assert fitted == pytest.approx(extractive.WEIGHTS, abs=0.03)
