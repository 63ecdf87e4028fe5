"""Session 32: workload facts said in words the cues missed (app/review/facts.py): no ML said of the thing itself, no
model deployed by us, no ML development environment; and nearby words that state no such fact. Sentences written for
this test, not taken from an eval set."""

from __future__ import annotations

import pytest

from app.review.facts import Fact, stated_facts

SAID = [
    ("Underneath it there's no model behind it, just a threshold", Fact.NO_ML),
    ("there's no model.", Fact.NO_ML),
    ("The pricing tool has no model, only a table of margins", Fact.NO_ML),
    ("We dont use machine learning in this product", Fact.NO_ML),
    ("No models are trained or used, it is plain reporting", Fact.NO_ML),
    ("Nothing here learns, the weights are typed in by the sales lead", Fact.NO_ML),
    ("We don't deploy any model anywhere, the scoring is inside the vendor's suite", Fact.NO_HOSTING),
    ("They switched the feature on for us and we never deployed a thing", Fact.NO_HOSTING),
    ("No model of ours is hosted, we just send the text out", Fact.NO_HOSTING),
    ("There is no ML development environment, nobody here writes notebooks", Fact.NO_ML_ENVIRONMENT),
    ("we have no data science notebook environment at all", Fact.NO_ML_ENVIRONMENT),
    ("honestly no ML in it, it is a points table", Fact.NO_ML),
    ("The 'smart' sorting is really just a bunch of regex rules", Fact.NO_ML),
    ("The forecast is just an Excel sheet the planners maintain", Fact.NO_ML),
    ("it's not ML, it's a lookup", Fact.NO_ML),
    ("The partner scores the claims on their side and we host nothing", Fact.NO_HOSTING),
    ("It's Freshdesk's built-in ticket routing", Fact.MANAGED_MODEL),
]

NOT_SAID = [
    ("There's no model registry yet", Fact.NO_ML),
    ("We don't use ML for the fraud part yet", Fact.NO_ML),
    ("No models are trained on customer data without consent", Fact.NO_ML),
    ("We don't deploy models manually, the pipeline does it", Fact.NO_HOSTING),
    ("We never deployed a model without a canary", Fact.NO_HOSTING),
    ("There is no ML development environment policy yet", Fact.NO_ML_ENVIRONMENT),
    ("honestly no ML here yet, the model is planned for Q3", Fact.NO_ML),
    ("there is no ML here yet, the model is planned for Q3", Fact.NO_ML),
    ("SageMaker's built-in drift detection runs every night", Fact.MANAGED_MODEL),
    ("We switched it on in the console once the canary passed", Fact.MANAGED_MODEL),
    ("it's not ML engineers who own the data", Fact.NO_ML),
]


@pytest.mark.parametrize(("clause", "fact"), SAID)
def test_a_fact_said_in_these_words(clause: str, fact: Fact) -> None:
    assert fact in stated_facts(clause)


@pytest.mark.parametrize(("clause", "fact"), NOT_SAID)
def test_nearby_words_state_no_such_fact(clause: str, fact: Fact) -> None:
    assert fact not in stated_facts(clause)
