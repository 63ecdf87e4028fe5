"""Seventeenth not-applicable round (docs/review-mapping.md): a practice said done beside a stated fact. After the fact,
"still" before what the team does means "in spite of it", not a state that merely persists; and a "but" that qualifies
the fact itself ("We serve a downloaded model as is, but it's a big one") casts no doubt on what the fact's clause seems
to say of a practice. Sentences written for this test, not eval rows, not the measuring sets of
tests/review/data/unseen/."""

from __future__ import annotations

import pytest

from app.review.applicability import without_concessive_still
from app.review.models import BPStatus
from app.services import AnswerMapping


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Still, we chart its error rates", "we chart its error rates"),
        ("We still test its outputs for bias", "We test its outputs for bias"),
        ("but we still tag every run", "but we tag every run"),
        ("our team still reviews a sample", "our team reviews a sample"),
        # a state that persists keeps its "still"
        ("the model is still on the old version", "the model is still on the old version"),
        ("We are still waiting for the budget", "We are still waiting for the budget"),
        ("We still have the old spreadsheet", "We still have the old spreadsheet"),
        ("Nothing changes still", "Nothing changes still"),
    ],
)
def test_without_concessive_still(text: str, expected: str) -> None:
    assert without_concessive_still(text) == expected


@pytest.mark.parametrize(
    ("question", "bp_id", "answer"),
    [
        (
            "MLREL03",
            "MLREL03-BP04",
            "The model is a vendor's API, nothing is trained by us. We still check its outputs for bias with a "
            "fairness test set every release.",
        ),
        (
            "MLCOST04",
            "MLCOST04-BP08",
            "A partner trains the model and we only host it. We still prototype in SageMaker notebooks, and those "
            "shut down on their own after an idle hour.",
        ),
    ],
)
def test_a_practice_done_in_spite_of_the_fact_is_done(
    mapping: AnswerMapping, question: str, bp_id: str, answer: str
) -> None:
    assert mapping.predict(question, answer)[bp_id] is BPStatus.IMPLEMENTED


def test_a_persisting_bad_state_after_a_fact_is_not_done(mapping: AnswerMapping) -> None:
    answer = "The model is a vendor's API, nothing is trained by us. We still keep the prompts in plain text."
    assert mapping.predict("MLSEC02", answer)["MLSEC02-BP01"] is not BPStatus.IMPLEMENTED


def test_a_contrast_on_the_fact_casts_no_doubt(mapping: AnswerMapping) -> None:
    answer = (
        "We use a pre-trained model as is, but it's a heavy one. Every new version is built, tested and deployed by "
        "our CI/CD pipeline, which logs the commit it came from."
    )
    assert mapping.predict("MLREL03", answer)["MLREL03-BP01"] is BPStatus.IMPLEMENTED


def test_a_contrast_on_a_practice_still_casts_doubt(mapping: AnswerMapping) -> None:
    answer = "Every release goes out through our CodePipeline, but it emails a list that was deleted."
    assert mapping.predict("MLREL03", answer)["MLREL03-BP01"] is not BPStatus.IMPLEMENTED


def test_a_plain_done_in_its_own_sentence_after_a_fact_needs_only_to_be_distinct(mapping: AnswerMapping) -> None:
    # Beside a stated fact, a sentence of its own that is distinctly about one practice (0.03 ahead of every other) is a
    # plain "done" though under the firm cosine bar: the fact leaves fewer practices it could be about.
    answer = (
        "There is no SageMaker here at all, just Textract calls. The Textract spend is tagged per department and "
        "compared every month with the hours it saves them."
    )
    assert mapping.predict("MLCOST06", answer)["MLCOST06-BP01"] is BPStatus.IMPLEMENTED
