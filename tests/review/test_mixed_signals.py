"""Two known misreadings of mixed signals (the eighteenth polarity round, docs/review-mapping.md): a bad state in
everyday words read as firm evidence that a practice is done ("the older pipelines copy every column across"), and a
done sentence read as not done because it resembles how non-doers describe the practice while the reader of the
sentence reads it as done ("We shrank the model to an eighth of its size"; asking about it instead was measured and
not shipped). Sentences besides those two were written for this test, not taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.cues import Polarity, bad_state_classes, polarity
from app.review.models import BPStatus
from app.services import AnswerMapping

HOARDED = [
    "The older pipelines copy every column across",
    "Our exports grab every field of the customer table",
    "Each feature job dumps all the raw attributes into the lake",
    "Every column is kept just in case somebody wants it",
]
NOT_HOARDED = [
    "We copy every column's description into the catalog",
    "Lineage tracks every column",
    "Glue jobs pull all the tables nightly",
    "We copy all the tables to the DR region",
    "Macie scans every column for PII",
    "We encrypt every field",
]


@pytest.mark.parametrize("clause", HOARDED)
def test_every_field_carried_along_is_a_bad_state(clause: str) -> None:
    assert "hoarded" in bad_state_classes(clause)
    assert polarity(clause) is Polarity.NEGATIVE


@pytest.mark.parametrize("clause", NOT_HOARDED)
def test_the_same_words_about_other_work_are_no_hoarding(clause: str) -> None:
    assert "hoarded" not in bad_state_classes(clause)


@pytest.mark.integration
def test_a_bad_state_in_a_later_clause_is_no_firm_evidence(mapping: AnswerMapping) -> None:
    """Main's mapper read the second clause as keeping only relevant data, firmly (its words are the practice's own):
    the claim was proposed as implemented."""
    text = (
        "We drop the free-text notes before training the claims model, but the older pipelines copy every column"
        " across."
    )
    assert mapping.predict("MLSEC03", text)["MLSEC03-BP05"] is not BPStatus.IMPLEMENTED


EVERYDAY_DONE = [
    ("MLSUS05", "We shrank the model to an eighth of its size.", "MLSUS05-BP03"),
    ("MLSUS04", "Each tuning job stops after twenty trials, picked by Bayesian search.", "MLSUS04-BP04"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("question_id", "text", "bp"), EVERYDAY_DONE)
def test_a_done_sentence_near_a_gap_is_still_proposed_not_done(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    """The resemblance to a gap proposes "not implemented" (tentative, below the follow-up threshold). Asking instead
    when the reader firmly reads it as done was measured in the eighteenth round and not shipped (the switch was
    removed in session 18: it did not beat main on the unseen sets; docs/review-mapping.md)."""
    assert mapping.predict(question_id, text)[bp] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.integration
def test_a_done_sentence_near_a_gap_beside_a_fact_is_asked_about(mapping: AnswerMapping) -> None:
    """Beside a stated fact the reader of the sentence is not consulted, so the resemblance to a gap is all that speaks
    against it: asked about, not proposed (session 25, app.review.applicability._resemblance_asked)."""
    text = "It's a vendor model behind their API. Ana owns the prompts, Li owns the integration and the escalations."
    assert mapping.predict("MLOPS02", text)["MLOPS02-BP01"] is BPStatus.CANNOT_DETERMINE


@pytest.mark.integration
def test_a_bad_state_near_the_same_gap_is_not_done(mapping: AnswerMapping) -> None:
    text = "Every model is served exactly as training produced it, at full size."
    assert mapping.predict("MLSUS05", text)["MLSUS05-BP03"] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    ("clause", "hoarded"),
    [
        ("but the older pipelines copy every column across", True),
        ("we grab every field just in case", True),
        # good practice that shares the words (session 17's re-read)
        ("the job copies all required columns and drops the rest", False),
        ("we copy every needed field and nothing else", False),
    ],
)
def test_the_hoarded_class_is_copying_everything_not_what_is_needed(clause: str, hoarded: bool) -> None:
    from app.review.cues import BAD_STATE_CLASSES

    assert bool(BAD_STATE_CLASSES["hoarded"].search(clause)) is hoarded
