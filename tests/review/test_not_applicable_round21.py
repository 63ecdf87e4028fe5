"""Twenty-first not-applicable round (docs/review-mapping.md): workload facts said in ways the cues missed (another
organisation that trains, and hosts too; weights handed to us; each half said not ours; a bought model; a model run
exactly as downloaded; nothing kept; no ML at all). Sentences written for this test, not eval rows, not the measuring
sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.cues import takes_up
from app.review.facts import Fact, stated_facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # another organisation trains it (rule 7: only the training half)
        ("An academic group in Delft trains the parser for us.", {Fact.NO_TRAINING}),
        ("The research institute builds the model; we put it behind our API.", {Fact.NO_TRAINING}),
        ("Our parent company develops the model and we wrap it in a service.", {Fact.NO_TRAINING}),
        ("Another division trains the ranker, we deploy it on our cluster.", {Fact.NO_TRAINING}),
        ("The lab passes us fresh weights after every study.", {Fact.NO_TRAINING}),
        ("Twice a year the consultants send over new checkpoints.", {Fact.NO_TRAINING}),
        ("We licensed it, so it's a bought classifier.", {Fact.NO_TRAINING}),
        ("We serve the public checkpoint just as published.", {Fact.NO_TRAINING}),
        # another organisation trains and hosts it, or hosts it (both halves, or the hosting one)
        ("They build and serve it; we get a key and a rate limit.", {Fact.NO_TRAINING, Fact.NO_HOSTING}),
        ("The supplier retrains the scorer and also operates it.", {Fact.NO_TRAINING, Fact.NO_HOSTING}),
        ("Headquarters trains the forecaster and runs it for all the stores.", {Fact.NO_TRAINING, Fact.NO_HOSTING}),
        ("It is built and served by an external team.", {Fact.NO_TRAINING, Fact.NO_HOSTING}),
        ("Training and hosting aren't ours at all.", {Fact.NO_TRAINING, Fact.NO_HOSTING}),
        ("Hosting is the reseller's job.", {Fact.NO_HOSTING}),
        ("The consultancy handles the serving on their own cloud.", {Fact.NO_HOSTING}),
        ("Our model lives on the integrator's servers.", {Fact.NO_HOSTING}),
        ("Running the model isn't us.", {Fact.NO_HOSTING}),
        # nothing kept; no ML at all
        ("Not one frame is saved by the camera service.", {Fact.NO_STORED_DATA}),
        ("Each form is read in memory and then discarded.", {Fact.NO_STORED_DATA}),
        ("We stopped using ML, a lookup by postcode does the job.", {Fact.NO_ML}),
    ],
)
def test_a_fact_said_in_new_ways(text: str, facts: set[Fact]) -> None:
    assert facts <= stated_facts(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Our group trains the model every week on fresh data.", {Fact.NO_TRAINING}),  # ours
        ("Our team trains it and deploys it through a pipeline.", {Fact.NO_TRAINING, Fact.NO_HOSTING}),
        ("We send the weights to every phone overnight.", {Fact.NO_TRAINING}),  # we send them out
        ("The partner hosts our data lake.", {Fact.NO_HOSTING}),  # not the model
        ("An outside firm trains our analysts on SageMaker.", {Fact.NO_TRAINING}),  # people, not a model
        ("Not a single PII field is masked before storage.", {Fact.NO_STORED_DATA}),  # a gap
        ("We are not using ML for the pricing page yet.", {Fact.NO_ML}),  # planned, one part
        ("The agency trains the model and we host it on our own endpoint.", {Fact.NO_HOSTING}),  # rule 7
    ],
)
def test_what_only_resembles_them_states_none(text: str, absent: set[Fact]) -> None:
    assert not stated_facts(text) & absent


@pytest.mark.parametrize(
    ("after", "taken_up"),
    [
        ("Which datasets exist at all is word of mouth.", False),  # "which" and a noun: a new subject
        ("Which team owns the feeds is unclear.", False),
        ("which nobody reads", True),  # the relative pronoun after a comma
        ("Which is empty.", True),  # the same pronoun opening a fragment
        ("It holds three tables.", True),
    ],
)
def test_a_sentence_opening_with_which_and_a_noun_takes_nothing_up(after: str, taken_up: bool) -> None:
    assert takes_up("We keep the datasets in a Glue catalog", after) is taken_up
