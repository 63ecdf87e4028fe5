"""Session 26: the detail a claim carries inside its own clause, read alone by the learned reader of the sentence.

`in_clause_detail` cuts the tail after ", which / where / whose", a participle after a comma, or "using" / "with"; the
mapper reads it at `detail_reading`, as it reads a clause right after a claim. The sentences were written for this test
(no unseen-set row)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.review.clause_detail import in_clause_detail
from app.review.models import BPStatus
from app.review.pair_reader import load_pair_reader
from app.services import AnswerMapping

from .conftest import mapping_config


@pytest.mark.parametrize(
    ("clause", "detail"),
    [
        (
            "Tuning jobs checkpoint their progress, writing to the ephemeral volume of each worker",
            "writing to the ephemeral volume of each worker",
        ),
        (
            "Model quality is tracked on a Grafana board, which was last looked at the week the contractor left",
            "which was last looked at the week the contractor left",
        ),
        (
            "Idle notebooks are shut down using a script whose idle limit is set to ninety days",
            "using a script whose idle limit is set to ninety days",
        ),
        # the earliest mark wins: the whole detail is read together
        (
            "Autoscaling is configured with a policy, which keeps the minimum and maximum equal",
            "with a policy, which keeps the minimum and maximum equal",
        ),
    ],
)
def test_the_detail_inside_a_claims_clause_is_cut_off(clause: str, detail: str) -> None:
    assert in_clause_detail(clause) == detail


@pytest.mark.parametrize(
    "clause",
    [
        "Labels come from Ground Truth with a private workforce",  # a bare means: part of the claim
        "Buckets are encrypted using KMS keys",
        "We profile every table, including the labels",  # "including" opens no detail
        "Drift is monitored, writing to a table that nobody reads",  # a negation: the cues read it, not the reader
        "Yes, using it",  # no claim before the tail
        "Drift is monitored weekly",  # no detail at all
    ],
)
def test_no_detail_is_cut_from_a_bare_means_a_negation_or_a_clause_without_one(clause: str) -> None:
    assert in_clause_detail(clause) is None


@pytest.mark.integration
class TestWithTheShippedModel:
    TEXT = "Model lineage is recorded in SageMaker, which links every model to its dataset version and code commit."

    def test_a_detail_read_as_undoing_leaves_the_claim_asked(self, mapping: AnswerMapping) -> None:
        # a threshold every reading is under: the wiring, not the reader's judgement, is what is tested here
        with mapping_config(mapping, detail_reading=1.01):
            assert mapping.predict("MLOPS02", self.TEXT)["MLOPS02-BP04"] is BPStatus.CANNOT_DETERMINE
        with mapping_config(mapping, detail_reading=1.01, in_clause_detail=False):
            assert mapping.predict("MLOPS02", self.TEXT)["MLOPS02-BP04"] is BPStatus.IMPLEMENTED

    def test_a_detail_that_bears_the_claim_out_keeps_it_proposed(self, mapping: AnswerMapping) -> None:
        assert mapping.predict("MLOPS02", self.TEXT)["MLOPS02-BP04"] is BPStatus.IMPLEMENTED


def test_the_pair_reader_reads_back_what_it_wrote_and_only_for_its_model(tmp_path: Path) -> None:
    shipped = load_pair_reader("sentence-transformers/all-MiniLM-L6-v2")
    assert shipped is not None and shipped.weights.shape == (3 + 2 * 384,)
    path = tmp_path / "pair_reader.json"
    path.write_text(json.dumps(shipped.to_json()))
    again = load_pair_reader(shipped.model, path)
    assert again is not None and np.allclose(again.weights, shipped.weights, atol=1e-6)
    assert load_pair_reader("hash-bow-v1", path) is None
    assert load_pair_reader(shipped.model, tmp_path / "missing.json") is None


@pytest.mark.integration
class TestThePairReaderWithTheShippedModel:
    TEXT = "Every model's lineage is tracked in SageMaker ML Lineage Tracking. We set it up last spring."

    def test_off_in_the_shipped_settings(self, mapping: AnswerMapping) -> None:
        assert mapping.embedding.config.pair_reading == 0.0
        assert mapping.predict("MLOPS02", self.TEXT)["MLOPS02-BP04"] is BPStatus.IMPLEMENTED

    def test_a_pair_read_as_undone_leaves_the_claim_asked(self, mapping: AnswerMapping) -> None:
        # a threshold every pair is over: the wiring, not the reader's judgement, is what is tested here
        with mapping_config(mapping, pair_reading=1e-12, in_clause_detail=False):
            assert mapping.predict("MLOPS02", self.TEXT)["MLOPS02-BP04"] is BPStatus.CANNOT_DETERMINE
