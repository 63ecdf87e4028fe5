"""Session 25 (na25), not-applicable answers (docs/review-mapping.md): beside a stated fact, a "not done" read only from
resemblance to a description of not doing the practice (a positive clause, no negation, no bad-state cue, no word of
the gap's own) is asked about, not proposed. Sentences written for this test, not eval rows, not the measuring sets of
tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.mapping import propose
from app.review.models import BPStatus, Provenance
from app.services import AnswerMapping

RESEMBLING = [
    (
        "MLSEC04",
        "It's a vendor's hosted model, we train nothing. The ML workspace lives in an account of its own, walled off "
        "from production by SCPs.",
        "MLSEC04-BP01",
    ),
    (
        "MLCOST06",
        "It's a nightly batch job, no endpoint waiting. Each run's duration and memory go to a log so we can trace "
        "failures.",
        "MLCOST06-BP04",
    ),
    (
        "MLSUS05",
        "Inference is on the handset. We cut the model to a tenth of its size before shipping it.",
        "MLSUS05-BP03",
    ),
]


@pytest.mark.parametrize(("question", "answer", "practice"), RESEMBLING)
def test_resemblance_beside_a_fact_is_asked_about(
    mapping: AnswerMapping, question: str, answer: str, practice: str
) -> None:
    lens_question = mapping.lens.question(question)
    assert lens_question is not None
    proposal = propose(mapping.mapper, lens_question, mapping.interview.content(lens_question), answer, {})
    said = proposal.practices[practice]
    assert said.status is BPStatus.CANNOT_DETERMINE
    # asked about with the user's words quoted, not silently dropped
    assert said.provenance is Provenance.INFERRED and said.quote
    assert said.quote in answer


@pytest.mark.parametrize(
    ("question", "answer", "practice"),
    [
        # a plain denial beside the fact stays a gap
        (
            "MLSEC04",
            "It's a vendor's hosted model, we train nothing. Nobody keeps the notebooks out of the production account.",
            "MLSEC04-BP01",
        ),
        # a bad state a cue reads, beside the fact, stays a gap
        ("MLSUS03", "We keep nothing, it's all scored in memory. The GPU pool runs 24/7, idle or not.", "MLSUS03-BP01"),
    ],
)
def test_a_gap_beside_a_fact_is_still_proposed(
    mapping: AnswerMapping, question: str, answer: str, practice: str
) -> None:
    assert mapping.predict(question, answer)[practice] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    ("question", "answer", "practice"),
    [
        # the fact's own clause, barely about the practice: its negation is the fact's
        ("MLSEC06", "No one reaches the model over the network, it runs on the phone itself.", "MLSEC06-BP01"),
        ("MLSEC06", "It runs on the handheld, nobody calls it over an API.", "MLSEC06-BP01"),
        ("MLOPS01", "We only call a hosted LLM, no ML is built here.", "MLOPS01-BP02"),
    ],
)
def test_the_facts_negation_is_no_gap(mapping: AnswerMapping, question: str, answer: str, practice: str) -> None:
    assert mapping.predict(question, answer)[practice] is BPStatus.CANNOT_DETERMINE
