"""Polarity in no-LLM mode: negation scope, negations that cancel, bad states stated without "not", replies to a
question, and not-applicable cues with their WA Tool reason. PURE (cues), plus the mapper with the hash embedder.

The sentences here are written for the tests, not taken from eval/review.
"""

from __future__ import annotations

import pytest

from app.lens.interview import PracticeContent, QuestionContent
from app.lens.models import Lens, Question
from app.retrieval.hash_embedder import HashEmbedder
from app.review.cues import (
    Polarity,
    cancels_negation,
    negated_terms,
    not_applicable_reason,
    polarity,
    split_clauses,
    states_bad_practice,
)
from app.review.embedding_mapper import EmbeddingMapper
from app.review.models import BPStatus, NAReason


@pytest.mark.parametrize(
    "clause",
    [
        "We do not version the feature code",
        "Feature code is not versioned at all",
        "Feature code versioning? No",
        "feature versioning: no",
        "Versioning, nope",
        "Nobody versions the feature code",
        "None of the feature code is versioned",
        "We never version it",
        "It ships without any version tag",
        "We lack versioning",
        "We haven't yet versioned anything",
        "Not really, it's whatever is on the shared drive",
        "Secrets are kept in plain text in the repo",
        "If it breaks there's no way back to an old version",
        "Retraining runs on a timer whatever changed",
        "We keep every dataset forever",
        "Everyone can read the bucket, it's readable by everyone",
        "Deployments are done by hand from a laptop",
        "Instance size was a guess",
    ],
)
def test_speaking_against_a_practice_is_negative(clause: str) -> None:
    text = split_clauses(clause)[0].text  # the reply joins the question or topic it answers
    assert polarity(text) is Polarity.NEGATIVE


@pytest.mark.parametrize(
    "clause",
    [
        "Nothing is released unless it was reviewed",
        "We never deploy without an approval in the pipeline",
        "No one can call the endpoint without a signed request",
        "Apps never call the endpoint directly",
        "Secrets are never hard-coded",
        "We retrain when the KPI drops, not before",
        "Idle notebooks stop on their own, no one has to remember",
        "Since the lake went live there are no more CSV exports by email",
    ],
)
def test_negations_that_cancel_are_positive(clause: str) -> None:
    assert polarity(clause) is Polarity.POSITIVE


def test_cancelling_is_told_apart_from_plain_negation() -> None:
    assert cancels_negation("We never deploy without approval")
    assert not cancels_negation("We never deploy on Fridays")
    assert not cancels_negation("We deploy through a pipeline")


def test_people_reviewing_by_hand_is_the_practice_not_a_bad_state() -> None:
    assert not states_bad_practice("Analysts review a sample of predictions by hand every week")
    assert states_bad_practice("Hyperparameters are tuned by hand")
    assert polarity("Nobody reviews predictions by hand") is Polarity.NEGATIVE


def test_negated_terms_are_the_scope_of_the_negation() -> None:
    assert negated_terms("We do not track lineage of datasets, but we log jobs") == {"track", "lineage", "dataset"}
    assert negated_terms("Notebooks have no internet access") == {"internet", "acces"}
    assert negated_terms("We never deploy without approval") == frozenset()  # cancelled


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("Do we check for tampering? No.", ["Do we check for tampering? No"]),
        ("Canary: no. Approvals: yes.", ["Canary: no", "Approvals: yes"]),
        ("Do we monitor drift? We have nothing set up.", ["Do we monitor drift? We have nothing set up"]),
        ("Endpoint metrics? Not really watched.", ["Endpoint metrics? Not really watched"]),
    ],
)
def test_questions_and_topics_never_stand_alone(text: str, clauses: list[str]) -> None:
    assert [c.text for c in split_clauses(text)] == clauses


@pytest.mark.parametrize(
    ("clause", "reason"),
    [
        ("This model never leaves the device", NAReason.ARCHITECTURE_CONSTRAINTS),
        ("No training happens here", NAReason.ARCHITECTURE_CONSTRAINTS),
        ("We only call a managed AI API", NAReason.ARCHITECTURE_CONSTRAINTS),
        ("The vendor hosts the model and we pay per call", NAReason.ARCHITECTURE_CONSTRAINTS),
        ("Not relevant, it is a one-off prototype", NAReason.BUSINESS_PRIORITIES),
        ("Not applicable to us", NAReason.OUT_OF_SCOPE),
    ],
)
def test_not_applicable_cues_and_reasons(clause: str, reason: NAReason) -> None:
    assert polarity(clause) is Polarity.NOT_APPLICABLE
    assert not_applicable_reason(clause) is reason


def test_using_a_managed_service_is_not_a_not_applicable_cue_by_itself() -> None:
    assert polarity("For OCR we use Textract instead of building our own") is Polarity.POSITIVE


# --- the mapper ---------------------------------------------------------------------------------------------------


def practice(label: str, signals: list[str], gaps: list[str]) -> PracticeContent:
    return PracticeContent(label=label, follow_up="?", signals=tuple(signals), gaps=tuple(gaps))


CONTENT = QuestionContent(
    question_id="MLSEC03",
    title="t",
    opening="o",
    practices={
        "MLSEC03-BP01": practice(
            "access roles scoped per project", ["roles scoped per project"], ["one shared admin role"]
        ),
        "MLSEC03-BP02": practice(
            "notebooks isolated and encrypted",
            ["notebooks have no internet access", "buckets encrypted with kms keys"],
            ["notebooks reach the internet"],
        ),
        "MLSEC03-BP03": practice("pii masked", ["pii columns masked"], ["pii columns copied as they are"]),
        "MLSEC03-BP04": practice(
            "dataset lineage tracked", ["lineage tracked for every dataset"], ["lineage noted by hand in a wiki"]
        ),
        "MLSEC03-BP05": practice("data deleted on a schedule", ["lifecycle rules delete data"], ["data kept forever"]),
    },
)


@pytest.fixture
def question(lens: Lens) -> Question:
    q = lens.question("MLSEC03")
    assert q is not None
    return q


def status_of(question: Question, text: str, bp: str) -> BPStatus:
    return EmbeddingMapper(HashEmbedder()).map_answer(question, CONTENT, text).practices[bp].status


@pytest.mark.parametrize(
    "text",
    [
        "Dataset lineage is not tracked at all.",
        "We do not track lineage of datasets.",
        "Lineage tracked for every dataset? No.",
        "There is no lineage tracked for any dataset.",
    ],
)
def test_a_negated_practice_is_never_implemented(question: Question, text: str) -> None:
    """The issue's case: closest to the gap "lineage noted by hand", a negative clause used to flip to implemented."""
    assert status_of(question, text, "MLSEC03-BP04") is BPStatus.NOT_IMPLEMENTED


def test_denying_the_same_thing_as_a_negative_practice_is_implemented(question: Question) -> None:
    assert status_of(question, "Our notebooks have no internet access.", "MLSEC03-BP02") is BPStatus.IMPLEMENTED
    assert status_of(question, "Our notebooks reach the internet.", "MLSEC03-BP02") is BPStatus.NOT_IMPLEMENTED
    # negative, but about something else than what the practice denies: not implemented
    assert status_of(question, "Notebooks are not encrypted with kms keys.", "MLSEC03-BP02") is (
        BPStatus.NOT_IMPLEMENTED
    )


def test_a_bad_state_without_not_is_not_implemented(question: Question) -> None:
    assert status_of(question, "PII columns sit in the tables in plain text.", "MLSEC03-BP03") is (
        BPStatus.NOT_IMPLEMENTED
    )


def test_cancelling_negatives_read_as_done(question: Question) -> None:
    text = "No dataset is used unless its lineage is tracked."
    assert status_of(question, text, "MLSEC03-BP04") is BPStatus.IMPLEMENTED


def test_mixed_signal_is_partial_with_lower_confidence(question: Question) -> None:
    mapper = EmbeddingMapper(HashEmbedder())
    mixed = mapper.map_answer(
        question, CONTENT, "Lineage tracked for every dataset. Lineage noted by hand in a wiki for the old ones."
    )
    clean = mapper.map_answer(question, CONTENT, "Lineage tracked for every dataset.")
    answer = mixed.practices["MLSEC03-BP04"]
    assert answer.status is BPStatus.PARTIALLY_IMPLEMENTED
    assert answer.confidence < clean.practices["MLSEC03-BP04"].confidence


def test_not_applicable_proposals_carry_the_reason(question: Question) -> None:
    result = EmbeddingMapper(HashEmbedder()).map_answer(
        question, CONTENT, "None of this applies, there is no ML in this product: it's a rules engine."
    )
    for answer in result.practices.values():
        assert answer.status is BPStatus.NOT_APPLICABLE
        assert answer.na_reason is NAReason.OUT_OF_SCOPE
    # with a fact that makes only part of the question moot, the part it makes moot, with that fact's reason
    # (securing the data outlives "no training" and a managed model, labelling guide rule 13)
    result = EmbeddingMapper(HashEmbedder()).map_answer(
        question, CONTENT, "None of this applies: the data is machine telemetry, no personal data at all."
    )
    assert result.practices["MLSEC03-BP03"].status is BPStatus.NOT_APPLICABLE
    assert result.practices["MLSEC03-BP03"].na_reason is NAReason.OUT_OF_SCOPE
    assert result.practices["MLSEC03-BP01"].status is not BPStatus.NOT_APPLICABLE
