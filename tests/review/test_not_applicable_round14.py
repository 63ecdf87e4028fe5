"""Fourteenth not-applicable round (docs/review-mapping.md): a plain "done" next to a fact with a time or detail clause
attached, a short statement closed by a full stop, "no cloud inference" as a fact, and the reader's bar for a plain
"done" next to a fact. Sentences written for this test, not eval rows, not the measuring sets of
tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.cues import split_clauses
from app.review.facts import Fact, stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("question", "bp_id", "answer"),
    [
        # the doing waits for an event that is not the practice's own trigger: the claim is taken back by its detail
        (
            "MLCOST04",
            "MLCOST04-BP08",
            "The model is Anthropic's, nothing is trained here. "
            "Notebooks get shut down once the monthly bill has run out.",
        ),
    ],
)
def test_a_done_with_a_time_clause_attached_is_not_plainly_done(
    mapping: AnswerMapping, question: str, bp_id: str, answer: str
) -> None:
    assert mapping.predict(question, answer)[bp_id] is not BPStatus.IMPLEMENTED


def test_a_plain_done_next_to_a_fact_is_still_done(mapping: AnswerMapping) -> None:
    answer = (
        "There's no live endpoint, scoring is a weekly batch. "
        "Reads of the output bucket are logged and unusual readers get flagged."
    )
    assert mapping.predict("MLSEC06", answer)["MLSEC06-BP02"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("answer", "clauses"),
    [
        # a short statement with a verb of its own is a sentence, not a lead-in to the next one
        ("The model is a vendor's API; we build nothing. A WAF filters the requests.", 3),
        ("It is a hosted model; we don't train. Roles are written down.", 3),
        # a bare reply still leads into what follows
        ("We don't. The buckets are public.", 1),
        ("Nobody does. Logs are kept.", 1),
    ],
)
def test_a_short_statement_is_not_a_lead_in(answer: str, clauses: int) -> None:
    assert len(split_clauses(answer)) == clauses


def test_a_done_after_a_short_fact_sentence_is_read(mapping: AnswerMapping) -> None:
    answer = "The model is a vendor's API; we build nothing. A WAF in front of our app filters injection attempts."
    assert mapping.predict("MLSEC05", answer)["MLSEC05-BP01"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize("text", ["there is no cloud inference", "no server-side serving at all"])
def test_no_cloud_inference_states_that_nothing_of_ours_serves_it(text: str) -> None:
    assert Fact.NO_HOSTING in stated_facts(text)


def test_no_cloud_inference_casts_no_doubt_on_a_practice_said_done(mapping: AnswerMapping) -> None:
    # the negation belongs to the fact, not to compiling the model: no stray "partially"
    answer = (
        "The detector is compiled into the camera firmware; there is no cloud inference. "
        "We converted it to int8 with the vendor's compiler."
    )
    assert mapping.predict("MLSUS05", answer)["MLSUS05-BP03"] is BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("MLREL05", "We train the model in our account; the partner hosts it and serves it on their side."),
        (
            "MLCOST05",
            "We train it ourselves in SageMaker, but the partner hosts and serves it, we just hand them the artifact.",
        ),
    ],
)
def test_we_train_is_no_evidence_for_a_hosting_practice_someone_else_has(
    mapping: AnswerMapping, question: str, answer: str
) -> None:
    # guide rule 7: "we train, the vendor hosts" removes the hosting practices; the training is the part left to us
    assert set(mapping.predict(question, answer).values()) == {BPStatus.NOT_APPLICABLE}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("An agency trains the model and hands us the artifact", Fact.NO_TRAINING),
        ("the consultancy fine-tunes the model for us", Fact.NO_TRAINING),
        ("the contractor hosts it for us", Fact.NO_HOSTING),
    ],
)
def test_any_named_other_party_trains_or_hosts(text: str, fact: Fact) -> None:
    # the same parties in the present tense as in the past ("an agency built the model")
    assert fact in stated_facts(text)
