"""Twenty-first not-applicable round (docs/review-mapping.md): workload facts said in ways the cues missed (another
organisation that trains, and hosts too; weights handed to us; each half said not ours; a bought model; a model run
exactly as downloaded; nothing kept; no ML at all). Sentences written for this test, not eval rows, not the measuring
sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.cues import takes_up
from app.review.facts import Fact, stated_facts, states_consequence
from app.review.models import BPStatus
from app.services import AnswerMapping


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
        ("A partner company serves what we build.", {Fact.NO_HOSTING}),
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
        # the team's own lab, research team or startup is not another organisation (session 17's re-read)
        ("Our lab trains the classifier every week.", {Fact.NO_TRAINING}),
        ("Our research team trains and deploys the model.", {Fact.NO_TRAINING, Fact.NO_HOSTING, Fact.NO_ENDPOINT}),
        ("Our startup trains the model in-house.", {Fact.NO_TRAINING}),
        ("our research lab trains it", {Fact.NO_TRAINING}),
        ("We send the weights to every phone overnight.", {Fact.NO_TRAINING}),  # we send them out
        ("The partner hosts our data lake.", {Fact.NO_HOSTING}),  # not the model
        ("An outside firm trains our analysts on SageMaker.", {Fact.NO_TRAINING}),  # people, not a model
        ("Not a single PII field is masked before storage.", {Fact.NO_STORED_DATA}),  # a gap
        ("We are not using ML for the pricing page yet.", {Fact.NO_ML}),  # planned, one part
        ("The agency trains the model and we host it on our own endpoint.", {Fact.NO_HOSTING}),  # rule 7
        ("We host what we train on our own cluster.", {Fact.NO_HOSTING, Fact.NO_TRAINING}),
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


@pytest.mark.parametrize(
    ("text", "explained"),
    [
        ("patching and scaling are all on their side", True),  # someone else's, as "on them"
        ("that's on their end", True),
        ("the scaling is on our side", False),  # ours: not an absence at all
    ],
)
def test_what_is_on_their_side_is_an_absence_the_fact_explains(text: str, explained: bool) -> None:
    assert states_consequence(text, explained=True) is explained


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        # an absence introduced as the fact's result keeps no moot practice "done"
        (
            "MLREL05",
            "The detector ships inside our Android app, so we have zero inference servers.",
            {"MLREL05-BP01": BPStatus.NOT_APPLICABLE, "MLREL05-BP02": BPStatus.NOT_APPLICABLE},
        ),
        # we train, a partner hosts, and what follows is on their side (rule 7)
        (
            "MLREL04",
            "A partner firm hosts the model we train, so rollouts and endpoint changes are all on their side.",
            {"MLREL04-BP01": BPStatus.NOT_APPLICABLE, "MLREL04-BP02": BPStatus.NOT_APPLICABLE},
        ),
        # another organisation trains and deploys it: the hosting half goes too
        (
            "MLCOST05",
            "Our research partner trains and deploys it, we only send it requests.",
            {bp: BPStatus.NOT_APPLICABLE for bp in ("MLCOST05-BP01", "MLCOST05-BP02", "MLCOST05-BP03")},
        ),
        # the same done sentence about a practice the facts leave standing keeps its status
        (
            "MLREL05",
            "A university group trains it and we host it ourselves; the endpoint scales out on CPU load.",
            {"MLREL05-BP01": BPStatus.IMPLEMENTED},
        ),
    ],
)
def test_moot_practices_after_a_fact_said_in_new_ways(
    mapping: AnswerMapping, question: str, answer: str, expected: dict[str, BPStatus]
) -> None:
    predicted = mapping.predict(question, answer)
    assert {bp_id: predicted[bp_id] for bp_id in expected} == expected
