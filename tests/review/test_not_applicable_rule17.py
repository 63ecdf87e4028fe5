"""Labelling guide rule 17 (docs/review-mapping.md, twentieth not-applicable round) applied to answers: retraining,
model development, data processing, monitoring and deployment under a vendor's model, a model used as is, batch only or
a model on the device. Sentences written for this test, not eval rows, not the measuring sets of
tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.services import AnswerMapping

NA, CD = BPStatus.NOT_APPLICABLE, BPStatus.CANNOT_DETERMINE


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        # nothing trained: no features engineered for a model of ours to share
        (
            "MLCOST03",
            "Nothing gets trained by us; the photos go to Amazon Rekognition as they come.",
            {"MLCOST03-BP01": NA, "MLCOST03-BP02": CD, "MLCOST03-BP04": NA},
        ),
        # MLOps and CI/CD is never removed: the code that calls a vendor's model, or serves one as is, still ships
        (
            "MLOPS04",
            "We only send prompts to Bedrock; nobody here trains or hosts any model.",
            {"MLOPS04-BP01": CD, "MLOPS04-BP02": CD},
        ),
        (
            "MLOPS04",
            "We serve a downloaded translation model on our own cluster, unchanged; nobody trains it here.",
            {"MLOPS04-BP01": CD},
        ),
        # batch only: "nothing is served live" leaves the batch job's cost, hardware and fleet
        (
            "MLCOST05",
            "The parcels are scored in a nightly batch only; nothing is served live.",
            {"MLCOST05-BP01": CD, "MLCOST05-BP02": CD, "MLCOST05-BP03": CD},
        ),
        # and how a new version replaces the old one, while the endpoint pipeline is moot
        (
            "MLREL04",
            "Scoring happens in a weekly batch only, nothing is served live.",
            {"MLREL04-BP01": NA, "MLREL04-BP02": CD},
        ),
    ],
)
def test_practices_follow_rule_17(
    mapping: AnswerMapping, question: str, answer: str, expected: dict[str, BPStatus]
) -> None:
    predicted = mapping.predict(question, answer)
    assert {bp_id: predicted[bp_id] for bp_id in expected} == expected
