"""Session 25 (na25), facts about the workload (docs/review-mapping.md): a fact the cues misread. A fact that says what
the model is or where it runs, denied ("it's not a vendor model", "we're not on-device"), is no fact; "no personal data"
after a list of what the data is ("… and soil moisture, no personal data") and a fact beside a passive "looked at"
("frames are looked at in memory and dropped") are facts; a team that says it trained its own model states no "no
training" fact ("we fine-tuned our own model without trying the off-the-shelf ones"). Sentences written for this test,
not eval rows, not the measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.facts import Fact, stated_facts


@pytest.mark.parametrize(
    "text",
    [
        "this isn't a third-party API any more, the model is ours",
        "We don't call Comprehend or any vendor API for this",
        "the model is no longer a vendor's, we built our own",
        "we quit using the hosted API in March",
        "It's not on-device, it sits on our servers",
        "the classifier doesn't run on the tablets, it runs in our cluster",
    ],
)
def test_a_denied_fact_is_no_fact(text: str) -> None:
    assert not stated_facts(text) & {Fact.MANAGED_MODEL, Fact.SERVICE_USED, Fact.ON_DEVICE}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a negation of something else before the fact leaves it standing
        ("We don't train anything, it's just a vendor's model", Fact.MANAGED_MODEL),
        ("we do not fine-tune the vendor model", Fact.MANAGED_MODEL),
        ("The model never leaves the handset", Fact.ON_DEVICE),
        ("It runs on the phone, not in the cloud", Fact.ON_DEVICE),
        # what the data is, listed with "and", then the fact
        ("It's rainfall and soil moisture, no personal data at all", Fact.NO_PERSONAL_DATA),
        ("Just torque and vibration figures, nothing personal in there", Fact.NO_PERSONAL_DATA),
        # a passive "looked at" is what happens to the data, not an option considered
        ("Scans are looked at in memory and thrown away, we keep nothing", Fact.NO_STORED_DATA),
    ],
)
def test_the_fact_stands(text: str, fact: Fact) -> None:
    assert fact in stated_facts(text)


@pytest.mark.parametrize(
    ("text", "trains"),
    [
        ("We retrained our own ranking model and never looked at off-the-shelf ones", True),
        ("I fine-tuned my own copy, with no comparison against the off-the-shelf ones", True),
        ("We built our own wrapper around the off-the-shelf model", False),  # a wrapper is no training
        ("we use an off-the-shelf model, we never trained our own", False),
    ],
)
def test_a_team_that_trained_its_own_states_no_training_fact(text: str, trains: bool) -> None:
    assert (Fact.NO_TRAINING not in stated_facts(text)) is trains


@pytest.mark.parametrize(
    "text",
    [
        "It's public datasets plus our own customer records",  # personal data after all
        "sensor logs and the patients' names",
        "we looked at running it on the handsets",  # only considered
    ],
)
def test_what_still_cancels_a_fact(text: str) -> None:
    assert not stated_facts(text) & {Fact.NO_PERSONAL_DATA, Fact.ON_DEVICE}
