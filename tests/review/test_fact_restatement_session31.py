"""Session 31, not-applicable answers (docs/review-mapping.md, "Session 31"): a short denial that continues the clause
stating a workload fact ("It's a hosted vendor API, not our model, …") restates the fact. It is no evidence against
a practice the fact leaves standing, so a practice said done later in the answer is not made partial by it. A longer
denial in the same place still speaks against its practice. Sentences written for this test, not eval rows, not the
measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("question", "answer", "practice", "status"),
    [
        # the fact's own short denial: the KPIs agreed later are done (it was partial before)
        (
            "MLPERF01",
            "It's a hosted vendor API, not our model, but we did agree KPIs with the business: 90% of tickets routed "
            "right, checked monthly.",
            "MLPERF01-BP01",
            BPStatus.IMPLEMENTED,
        ),
        # a denial that says more than the fact still speaks against its practice
        (
            "MLPERF01",
            "We only call a vendor API, and nobody has written down what accuracy the business needs.",
            "MLPERF01-BP01",
            BPStatus.NOT_IMPLEMENTED,
        ),
    ],
)
def test_a_short_denial_after_the_fact_restates_it(
    mapping: AnswerMapping, question: str, answer: str, practice: str, status: BPStatus
) -> None:
    assert mapping.predict(question, answer)[practice] is status
