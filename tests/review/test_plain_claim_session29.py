"""A plain claim the reader of the sentence is unsure about stands as firm evidence (session 29,
app/review/plain_claim.py and `plain_claim_margin`, off in the shipped preset: it raised not done -> implemented on the
single-practice unseen sets; docs/review-mapping.md). Sentences written for the test."""

from __future__ import annotations

import pytest

from app.review.cues import names_a_tool
from app.review.embedding_mapper import PLAIN_CLAIM_MARGIN
from app.review.models import BPStatus
from app.review.plain_claim import plain_claim
from app.services import AnswerMapping

from .conftest import mapping_config


@pytest.mark.parametrize(
    "clause",
    [
        "the big model gets distributed training across the GPU fleet",
        "every model version is kept in the registry",
        "node-to-node comms are encrypted in every job",
    ],
)
def test_a_plain_claim(clause: str) -> None:
    assert plain_claim(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "Drift is watched on a dashboard that an intern built",  # a relative clause may say the thing's state
        "a scientist checks whether fresh sources belong in the retrain",  # "whether": only sometimes
        "Retraining happens whenever someone remembers",
        "distributed training is not used",  # a negation word
        "the scaling policy is copy-pasted from a blog post",  # a bad-state cue
        "the retrain runs on a schedule, using a script kept on a laptop",  # a detail after "using"
    ],
)
def test_not_a_plain_claim(clause: str) -> None:
    assert not plain_claim(clause)


def test_through_the_shipped_mapper(mapping: AnswerMapping) -> None:
    claim = "the big model gets distributed training across the GPU fleet"
    assert mapping.predict("MLCOST04", claim)["MLCOST04-BP07"] is BPStatus.CANNOT_DETERMINE  # off in the preset
    with mapping_config(mapping, plain_claim_margin=PLAIN_CLAIM_MARGIN):
        assert mapping.predict("MLCOST04", claim)["MLCOST04-BP07"] is BPStatus.IMPLEMENTED


def test_a_claim_with_a_detail_is_still_asked_about(mapping: AnswerMapping) -> None:
    claim = "Distributed training is used for the big model, on a cluster someone set up in 2019."
    with mapping_config(mapping, plain_claim_margin=PLAIN_CLAIM_MARGIN):
        assert mapping.predict("MLCOST04", claim)["MLCOST04-BP07"] is not BPStatus.IMPLEMENTED


def test_a_practice_spoken_against_beside_it_stays_not_implemented(mapping: AnswerMapping) -> None:
    answer = "the big model gets distributed training across the GPU fleet. Checkpointing was never set up."
    with mapping_config(mapping, plain_claim_margin=PLAIN_CLAIM_MARGIN):
        proposed = mapping.predict("MLCOST04", answer)
    assert proposed["MLCOST04-BP07"] is BPStatus.IMPLEMENTED
    assert proposed["MLCOST04-BP10"] is BPStatus.NOT_IMPLEMENTED


@pytest.mark.parametrize(
    "clause",
    [
        "the analysts clean the extracts in Data Wrangler",
        "uncertain cases go to reviewers through A2I",
        "scoring runs on serverless inference",
        "the lineage graph lives in OpenLineage",
    ],
)
def test_more_tools_are_named(clause: str) -> None:
    assert names_a_tool(clause)


@pytest.mark.parametrize("clause", ["we forecast demand by hand", "someone has to translate the labels"])
def test_everyday_verbs_are_not_tools(clause: str) -> None:
    assert not names_a_tool(clause)


def test_a_claim_set_against_what_came_before_is_not_plain(mapping: AnswerMapping) -> None:
    answer = "The pricing model runs on Inferentia. But the big model gets distributed training across the GPU fleet."
    with mapping_config(mapping, plain_claim_margin=PLAIN_CLAIM_MARGIN):
        assert mapping.predict("MLCOST04", answer)["MLCOST04-BP07"] is not BPStatus.IMPLEMENTED
