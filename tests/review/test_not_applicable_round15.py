"""Fifteenth not-applicable round (docs/review-mapping.md): labelling guide rule 15 (training-side practices under a
vendor's model or one used as is) applied to answers, and the same workload facts said by what is done and by whom.
Sentences written for this test, not eval rows, not the measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.facts import Fact, stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # training handed to someone else, or done by a party on its side
        ("Fine-tuning was farmed out to a consultancy last year and we just deploy their builds.", Fact.NO_TRAINING),
        ("The research lab that built it retrains it on their end every quarter.", Fact.NO_TRAINING),
        ("We use a partner that trains the classifier for us.", Fact.NO_TRAINING),
        ("An outside agency did all the model building.", Fact.NO_TRAINING),
        # a model left as its maker made it, whatever it is called
        ("Our detector is the open-source one, untouched.", Fact.NO_TRAINING),
        ("The spotter ships without any modifications from the chip maker.", Fact.NO_TRAINING),
        ("It's a public checkpoint and we haven't changed it at all.", Fact.NO_TRAINING),
        ("We serve a pre-trained summariser without any fine-tuning.", Fact.NO_TRAINING),
        # hosted on another party's machines
        ("The insurer's IT hosts it in their own data centre.", Fact.NO_HOSTING),
        ("The predictions are served from the retailer's cloud account.", Fact.NO_HOSTING),
        # nothing kept, said with where
        ("Transcripts aren't saved anywhere, they are streamed and forgotten.", Fact.NO_STORED_DATA),
        ("We never store the uploaded photos at all.", Fact.NO_STORED_DATA),
        # no ML, said short; a vendor's model typed without apostrophes
        ("Honestly, no ML in this one.", Fact.NO_ML),
        ("its the vendors language model, we call it over https", Fact.MANAGED_MODEL),
    ],
)
def test_a_fact_said_by_what_is_done_and_by_whom(text: str, fact: Fact) -> None:
    assert fact in stated_facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "The data scientists run notebooks on their own laptops.",  # not the model
        "We run the model on our own servers.",  # ours
        "We don't keep the keys anywhere safe.",  # a bad state, not an absence
        "We never changed the threshold since launch.",  # not the model
        "Nobody keeps the training data anywhere central.",
        "No ML here yet, we are still collecting data.",  # planned, not a fact (guide rule 3)
        "its model is retrained every week by us",
    ],
)
def test_what_only_resembles_those_facts_states_none(text: str) -> None:
    assert not stated_facts(text) & {
        Fact.NO_TRAINING,
        Fact.NO_HOSTING,
        Fact.NO_STORED_DATA,
        Fact.NO_ML,
        Fact.MANAGED_MODEL,
    }


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        # a vendor's managed model: data drift and efficient silicon have no subject (rule 15)
        (
            "MLPERF06",
            "The forecasts come straight from a vendor's hosted model and we have never trained it.",
            {"MLPERF06-BP03": BPStatus.NOT_APPLICABLE, "MLPERF06-BP05": BPStatus.NOT_APPLICABLE},
        ),
        (
            "MLSUS05",
            "It's all calls to a vendor's managed model API, nothing runs on machines of ours.",
            {"MLSUS05-BP02": BPStatus.NOT_APPLICABLE, "MLSUS05-BP01": BPStatus.CANNOT_DETERMINE},
        ),
        # a model we host, used as is: its inputs still drift (rule 15), retraining is moot
        (
            "MLPERF06",
            "We host a downloaded language model as is on our own GPU box.",
            {"MLPERF06-BP03": BPStatus.CANNOT_DETERMINE, "MLPERF06-BP05": BPStatus.NOT_APPLICABLE},
        ),
        # we train, someone else hosts: the silicon we train on is still chosen; sharing an endpoint is not ours
        (
            "MLSUS05",
            "We build the model in-house and the customer's ops team runs it on their own servers.",
            {"MLSUS05-BP02": BPStatus.CANNOT_DETERMINE, "MLSUS05-BP04": BPStatus.NOT_APPLICABLE},
        ),
        # a vendor's model on a device of ours still sees its inputs drift (rules 9 and 15)
        (
            "MLPERF06",
            "The vendor's model is frozen and runs on our kiosks; we never retrain it.",
            {"MLPERF06-BP03": BPStatus.CANNOT_DETERMINE, "MLPERF06-BP05": BPStatus.NOT_APPLICABLE},
        ),
        # profiling the data the workload processes is never removed by these facts
        (
            "MLOPS03",
            "The model is a vendor's hosted API and nothing is trained here.",
            {"MLOPS03-BP01": BPStatus.CANNOT_DETERMINE, "MLOPS03-BP02": BPStatus.NOT_APPLICABLE},
        ),
    ],
)
def test_training_side_practices_follow_rule_15(
    mapping: AnswerMapping, question: str, answer: str, expected: dict[str, BPStatus]
) -> None:
    predicted = mapping.predict(question, answer)
    assert {bp_id: predicted[bp_id] for bp_id in expected} == expected
