"""Session 27 (na27, docs/review-mapping.md): guards on the learned attribution for practices an answer speaks against
beside a stated fact in done-sounding words: a machine said to keep running with nothing to do, what was done to the
thing a claim before named ("We piloted it on …"), and a copular clause whose subject names the practice while what it
says is another thing. Answers of our own (not eval rows, not the sets of tests/review/data/unseen/)."""

from __future__ import annotations

import pytest

from app.review.applicability import Statement
from app.review.cues import kept_running_idle, split_clauses
from app.review.embedding_mapper import EmbeddingMapper
from app.review.facts import stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import with_attribution

_FACT = "We only send requests to a vendor's hosted model."


@pytest.mark.parametrize(
    ("clause", "idle"),
    [
        ("Our two GPU nodes sit idle round the clock", True),
        ("The inference servers keep humming through the weekends", True),
        ("The labelling boxes run all weekend with an empty queue", True),
        ("The batch workers scale to zero every night", False),  # stops itself
        ("The GPU box switches itself off at weekends", False),
        ("Two analysts read fifty replies every weekend", False),  # no machine
        ("The nightly job runs on two spot instances", False),
    ],
)
def test_a_machine_kept_running_idle(clause: str, idle: bool) -> None:
    assert kept_running_idle(clause) is idle


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        # what was done to the thing the claim before named: a detail of that claim
        (f"{_FACT} Drift is watched on a dashboard. We tried it on one product line last spring.", True),
        (f"{_FACT} The reviews have a checklist. Back in March we only used it twice.", True),
        # the fact's own sentence taken up ("it" is the model): a claim of its own
        ("It runs on the handset, nothing in the cloud. Before launch we tested it on 300 phones.", False),
        # a clause with its own object
        (f"{_FACT} Drift is watched on a dashboard. We read fifty replies a week.", False),
    ],
)
def test_what_was_done_to_the_thing_named_before_is_a_detail(answer: str, detail: bool) -> None:
    clauses = split_clauses(answer)
    statements = [Statement(c, f) for c in clauses if (f := stated_facts(c.text))]
    assert statements
    assert EmbeddingMapper._detail_of_a_claim(len(clauses) - 1, clauses, statements) is detail


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "answer", "practice"),
    [
        # the subject names validating the model, what is done is a grammar check on templates
        ("MLREL03", f"{_FACT} The testing we do is a grammar check on our templates.", "MLREL03-BP03"),
        # machines running with nothing to do beside "nothing is kept"
        (
            "MLSUS03",
            "Nothing is kept, each file is scored and dropped. The scoring machines purr along all weekend with an "
            "empty queue.",
            "MLSUS03-BP01",
        ),
    ],
)
def test_spoken_against_is_not_attributed_as_done(
    mapping: AnswerMapping, question: str, answer: str, practice: str
) -> None:
    assert with_attribution(mapping, question, answer)[practice] is not BPStatus.IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "answer", "practice"),
    [
        (
            "MLSUS03",
            "Nothing is kept, each file is scored and dropped. The single GPU machine we run turns itself off every "
            "evening.",
            "MLSUS03-BP01",
        ),
        (
            "MLPERF06",
            f"{_FACT} Every Monday two of us read sixty of its replies and mark the wrong ones.",
            "MLPERF06-BP01",
        ),
    ],
)
def test_a_done_clause_beside_the_fact_is_still_attributed(
    mapping: AnswerMapping, question: str, answer: str, practice: str
) -> None:
    assert with_attribution(mapping, question, answer)[practice] is BPStatus.IMPLEMENTED
