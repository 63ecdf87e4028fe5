"""A contrast makes a practice said done only partly so when it may be about the same thing (the sixteenth polarity
round, docs/review-mapping.md): "…, but it never goes above two instances" does; "…, but the design team picked a new
logo", about something else as far as the mapper can tell, leaves the practice asked about rather than partial (it
could be world knowledge against it: "…, but the on-call rota was disbanded"). Sentences written for this test, not
taken from eval/review or the unseen sets."""

from __future__ import annotations

import pytest

from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import mapping_config

pytestmark = pytest.mark.integration

UNRELATED = [
    (
        "MLREL05",
        "The endpoint scales out on invocations per instance through Application Auto Scaling, but our new office"
        " opens in May.",
        "MLREL05-BP01",
    ),
    (
        "MLSEC02",
        "Every bucket with training data is encrypted with a KMS key we rotate yearly, but the design team picked a new"
        " logo.",
        "MLSEC02-BP01",
    ),
    (
        "MLOPS03",
        "Each dataset version is tracked in DVC with the commit that produced it, but the sales numbers were flat this"
        " quarter.",
        "MLOPS03-BP02",
    ),
    (
        "MLCOST04",
        "Idle Studio apps are shut down after thirty minutes by a lifecycle configuration, though the support desk"
        " moved to Lisbon.",
        "MLCOST04-BP08",
    ),
]

ABOUT_THE_SAME = [
    # a pronoun takes the thing up again
    ("MLREL05", "Autoscaling is configured on the endpoint, but it never goes above two instances.", "MLREL05-BP01"),
    # an exception says where the clause before does not hold
    (
        "MLOPS06",
        "Model Monitor watches every endpoint, except the schedule for the churn model was switched off in May.",
        "MLOPS06-BP02",
    ),
    # a state that persists despite what was said ("still")
    (
        "MLREL04",
        "Endpoint changes are deployed by CodePipeline, but someone still has to run the last step by hand.",
        "MLREL04-BP01",
    ),
    # close to the practice itself
    (
        "MLCOST04",
        "Idle Studio apps are shut down after thirty minutes by a lifecycle configuration, but the GPU instances are"
        " left running over the weekend.",
        "MLCOST04-BP08",
    ),
]


@pytest.mark.parametrize(("question_id", "text", "bp"), UNRELATED)
def test_a_contrast_about_something_else_leaves_the_practice_asked_about(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    mapping.embedding._cache.clear()
    assert mapping.predict(question_id, text)[bp] is BPStatus.CANNOT_DETERMINE


@pytest.mark.parametrize(("question_id", "text", "bp"), ABOUT_THE_SAME)
def test_a_contrast_about_the_same_thing_still_qualifies_it(
    mapping: AnswerMapping, question_id: str, text: str, bp: str
) -> None:
    mapping.embedding._cache.clear()
    assert mapping.predict(question_id, text)[bp] is BPStatus.PARTIALLY_IMPLEMENTED


def test_switched_off_every_contrast_qualifies(mapping: AnswerMapping) -> None:
    assert mapping.embedding.config.contrast_about_same
    with mapping_config(mapping, contrast_about_same=False):
        question_id, text, bp = UNRELATED[0]
        assert mapping.predict(question_id, text)[bp] is BPStatus.PARTIALLY_IMPLEMENTED
