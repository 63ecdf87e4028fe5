"""Sixteenth not-applicable round (docs/review-mapping.md): labelling guide rule 16 (more practices under a vendor's
model, a model used as is, batch only or a model on the device) applied to answers. Sentences written for this test,
not eval rows, not the measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.services import AnswerMapping

NA, CD = BPStatus.NOT_APPLICABLE, BPStatus.CANNOT_DETERMINE


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        # a model we host as is still ships through a pipeline (CI/CD/CT); nothing trained: no features to keep in line
        (
            "MLREL03",
            "We serve a downloaded speech model as is from our own containers; nobody trains it here.",
            {"MLREL03-BP01": CD, "MLREL03-BP02": NA},
        ),
        # a vendor's managed model: neither the pipeline nor the deployment choices are ours
        (
            "MLREL03",
            "The only model is the vendor's hosted API, and we train nothing.",
            {"MLREL03-BP01": NA, "MLREL03-BP02": NA},
        ),
        (
            "MLPERF05",
            "Everything is a call to a vendor's managed model over their API; they train and run it.",
            {"MLPERF05-BP01": NA, "MLPERF05-BP02": NA},
        ),
        # on the device the cloud option is moot; whether the edge was weighed is not said
        (
            "MLPERF05",
            "The classifier is bundled into the tablet app and runs on the tablet.",
            {"MLPERF05-BP01": CD, "MLPERF05-BP02": NA},
        ),
        # who may call the model is never removed by these facts
        (
            "MLSEC06",
            "The detector is shipped inside the camera firmware and runs on the camera.",
            {"MLSEC06-BP01": CD},
        ),
        # nor is "nobody can call it" said with the fact: the fact again, not an absence of who may call it
        (
            "MLSEC06",
            "Predictions come from one nightly batch job, so there is no endpoint for anybody to hit.",
            {"MLSEC06-BP01": CD},
        ),
        (
            "MLSEC06",
            "The model runs on the kiosk itself, so there is no endpoint anybody could call.",
            {"MLSEC06-BP01": CD},
        ),
        # a model we host as is: how to improve it and its training jobs' logs have no subject
        (
            "MLCOST06",
            "We host an open-source ranking model unchanged on our own instances, no training of any kind.",
            {"MLCOST06-BP04": NA, "MLCOST06-BP03": CD},
        ),
    ],
)
def test_practices_follow_rule_16(
    mapping: AnswerMapping, question: str, answer: str, expected: dict[str, BPStatus]
) -> None:
    predicted = mapping.predict(question, answer)
    assert {bp_id: predicted[bp_id] for bp_id in expected} == expected
