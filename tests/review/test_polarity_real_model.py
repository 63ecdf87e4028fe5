"""The safety property with the shipped model and interview content: an answer that speaks against a practice never
gets it proposed as implemented. The sentences are written for this test (the issue's own examples and new ones), not
taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.services import AnswerMapping, build_answer_mapping
from app.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def mapping(full_settings: Settings) -> AnswerMapping:
    return build_answer_mapping(full_settings)


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLSEC03", "We do not track lineage of datasets.", "MLSEC03-BP04"),
        ("MLSEC03", "Dataset lineage is not tracked at all.", "MLSEC03-BP04"),
        ("MLSEC03", "We don't track where datasets come from.", "MLSEC03-BP04"),
        ("MLSEC02", "Account numbers are kept in plain text in the feature store.", "MLSEC02-BP01"),
        ("MLREL05", "If the new model misbehaves there is no way back to an old version.", "MLREL05-BP02"),
        ("MLPERF06", "The model is retrained every night on a timer whatever changed.", "MLPERF06-BP05"),
        ("MLCOST04", "Hyperparameters are picked by hand.", "MLCOST04-BP11"),
        ("MLSEC04", "Do we check the training data for tampering? No.", "MLSEC04-BP03"),
        ("MLOPS02", "owners: yes. bias checks: no.", "MLOPS02-BP06"),
        ("MLCOST04", "Notebooks are never shut down, they run all weekend.", "MLCOST04-BP08"),
        ("MLREL04", "We deploy with a pipeline. There's no approval step and no automatic rollback.", "MLREL04-BP01"),
        ("MLPERF06", "We don't get ground truth back, so accuracy against real outcomes is unknown.", "MLPERF06-BP04"),
    ],
)
def test_spoken_against_is_never_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is not BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLREL04", "We never push a model to production without a sign-off in the pipeline.", "MLREL04-BP01"),
        ("MLSEC02", "Secrets and account numbers are never stored in plain text.", "MLSEC02-BP01"),
        ("MLREL01", "Clients never talk to the model directly, they go through our versioned API.", "MLREL01-BP01"),
        ("MLSEC06", "No one can invoke the endpoint without an IAM role that we granted.", "MLSEC06-BP01"),
    ],
)
def test_cancelling_negatives_are_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED
