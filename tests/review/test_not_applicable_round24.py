"""Session 24 (na24), not-applicable answers (docs/review-mapping.md): the practice done beside the fact. Access
granted to one party and closed to the rest ("… and nothing else", "no other service can call it") is least privilege,
not a negation of it. (The branch's second change, a plain "done" beside a stated fact read at a lower threshold, was
reverted at the merge: it added a negated practice proposed as implemented on the held-out split.) Sentences written for
this test, not eval rows, not the measuring sets of tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, cancels_negation, polarity
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    "text",
    [
        "The reporting job's role can read the scores table and nothing else",
        "Contractors get read access to the one bucket they work on, nothing more",
        "each service account holds the permissions its job needs, nothing beyond",
        "the key sits with our gateway service and no other service can call the model",
        "the archive is limited to the audit team, nobody else can open it",
        "Only the ingest job writes to the bucket, and engineers have no write access at all",
        "The scheduler may start the job; other roles cannot invoke it",
    ],
)
def test_access_closed_to_the_rest_is_least_privilege(text: str) -> None:
    assert polarity(text) is Polarity.POSITIVE
    assert cancels_negation(text)


@pytest.mark.parametrize(
    "text",
    [
        "we check the first ten rows and nothing else",  # no grant of access: a limit on the work
        "Only Ana can deploy and nobody else can",  # one person for the job, not a grant
        "nobody else knows how the pipeline works",
        "we have no access to the vendor's logs",  # "we" left without access
        "engineers have no access controls at all",  # the controls are what is missing
        "everyone can read the bucket and nobody else checks it",
    ],
)
def test_other_negations_keep_their_meaning(text: str) -> None:
    assert polarity(text) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    ("question", "answer", "practice", "expected"),
    [
        # access for one party, closed to the rest, beside a fact
        (
            "MLSEC03",
            "We only use a pre-trained model as is. The reporting job's role can read the scores table and nothing "
            "else.",
            "MLSEC03-BP01",
            BPStatus.IMPLEMENTED,
        ),
        (
            "MLSEC06",
            "It's a managed API from the vendor. The key sits with our gateway service and no other service can call "
            "the model.",
            "MLSEC06-BP01",
            BPStatus.IMPLEMENTED,
        ),
        # still: a gap beside the fact stays a gap
        (
            "MLCOST06",
            "We only call a hosted model from a vendor, nothing is trained here. Nobody splits the invoice by team.",
            "MLCOST06-BP01",
            BPStatus.NOT_IMPLEMENTED,
        ),
    ],
)
def test_done_beside_the_fact(
    mapping: AnswerMapping, question: str, answer: str, practice: str, expected: BPStatus
) -> None:
    assert mapping.predict(question, answer)[practice] is expected


@pytest.mark.parametrize(
    ("question", "answer", "practice"),
    [
        # a contrast in the sentence may set a bad state against the claim, in words no cue reads
        (
            "MLSUS03",
            "Nothing is stored after scoring. The GPU node powers down at night, though the CPU pool keeps running all "
            "weekend.",
            "MLSUS03-BP01",
        ),
        # a bad state in everyday words: not proposed as done
        ("MLSEC03", "We only call a vendor's API. Every engineer has admin on the data account.", "MLSEC03-BP01"),
    ],
)
def test_a_qualified_or_doubtful_done_is_not_proposed(
    mapping: AnswerMapping, question: str, answer: str, practice: str
) -> None:
    assert mapping.predict(question, answer)[practice] is not BPStatus.IMPLEMENTED
