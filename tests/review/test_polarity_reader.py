"""The learned reader of the sentence (app/review/polarity_reader.py): its JSON form, the shipped weights, and what it
does in the mapper with the shipped model. The sentences are written for this test: not eval rows, not the training
sentences of eval/polarity_reader/, not the unseen sets of tests/review/data/unseen/ (which judge the reader)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from app.review.embedding_mapper import DEFAULT_CONFIG, PRESETS
from app.review.mapping import propose
from app.review.models import BPStatus
from app.review.polarity_reader import READER_FILE, PolarityReader, load_reader
from app.services import AnswerMapping

from .conftest import mapping_config

MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def _reader(weights: list[float], bias: float = 0.0, threshold: float = 0.35) -> PolarityReader:
    return PolarityReader(MODEL, np.asarray(weights, dtype=np.float32), bias, threshold, {"examples": 2})


def test_the_probability_is_a_logistic_of_the_dot_product_and_the_threshold_reads_not_done() -> None:
    reader = _reader([1.0, -2.0], bias=0.5)
    assert reader.doing(np.asarray([0.0, 0.0], dtype=np.float32)) == pytest.approx(1 / (1 + math.exp(-0.5)))
    # a large negative score neither overflows nor reads as done
    far = np.asarray([-400.0, 400.0], dtype=np.float32)
    assert reader.doing(far) == pytest.approx(0.0, abs=1e-12)
    assert reader.doing(far) < reader.threshold  # the mapper's test: below the threshold reads as not done
    assert reader.doing(np.asarray([3.0, 0.0], dtype=np.float32)) >= reader.threshold


def test_the_json_form_round_trips_as_plain_numbers(tmp_path: Path) -> None:
    reader = _reader([0.25, -0.5, 1.0], bias=-0.125, threshold=0.3)
    data = json.loads(json.dumps(reader.to_json()))
    again = PolarityReader.from_json(data)
    assert again.model == MODEL and again.bias == -0.125 and again.threshold == 0.3
    assert again.weights.tolist() == [0.25, -0.5, 1.0] and again.fitted_on == {"examples": 2}
    path = tmp_path / "reader.json"
    path.write_text(json.dumps(data))
    loaded = load_reader(MODEL, path)
    assert loaded is not None and loaded.weights.tolist() == [0.25, -0.5, 1.0]


def test_a_reader_for_another_model_or_no_file_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "reader.json"
    path.write_text(json.dumps(_reader([1.0]).to_json()))
    assert load_reader("hash-bow-v1", path) is None
    assert load_reader(MODEL, tmp_path / "missing.json") is None


def test_the_shipped_reader_is_for_the_shipped_model_and_only_its_preset_consults_it() -> None:
    data = json.loads(READER_FILE.read_text())
    assert data["model"] == MODEL and len(data["weights"]) == 384
    assert all(isinstance(w, float) and math.isfinite(w) for w in data["weights"])
    assert 0 < data["threshold"] < 0.5  # it withholds "implemented" only from clauses it reads as more likely not done
    assert data["fitted_on"]["examples"] == data["fitted_on"]["done"] + data["fitted_on"]["not_done"]
    assert PRESETS[MODEL].polarity_reader and DEFAULT_CONFIG is PRESETS[MODEL]
    assert not PRESETS["hash-bow-v1"].polarity_reader


# A bad state said without a negation word, in words no cue knows: the reader reads it as not done.
SHARED_ROLE = "Everyone in engineering shares the one data science role, it keeps things simple."


@pytest.mark.integration
def test_a_negation_free_bad_state_is_asked_about_not_proposed(mapping: AnswerMapping) -> None:
    question = mapping.lens.question("MLSEC03")
    assert question is not None
    content = mapping.interview.content(question)
    answer = propose(mapping.embedding, question, content, SHARED_ROLE, {}).practices["MLSEC03-BP01"]
    assert answer.status is BPStatus.CANNOT_DETERMINE
    assert answer.quote  # quoted at low confidence, so the review asks about it rather than dropping it
    assert 0 < answer.confidence < 0.5


@pytest.mark.integration
def test_switched_off_the_same_sentence_was_proposed_as_implemented(mapping: AnswerMapping) -> None:
    question = mapping.lens.question("MLSEC03")
    assert question is not None
    content = mapping.interview.content(question)
    with mapping_config(mapping, polarity_reader=False):
        status = mapping.embedding.map_answer(question, content, SHARED_ROLE).practices["MLSEC03-BP01"].status
    assert status is BPStatus.IMPLEMENTED


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "bp"),
    [
        ("MLOPS03", "Every dataset version is tracked in DVC alongside the code commit that used it.", "MLOPS03-BP02"),
        (
            "MLPERF06",
            "Model Monitor compares live inputs with the training baseline each hour and pages us on drift.",
            "MLPERF06-BP03",
        ),
        ("MLSEC03", "Each project has its own IAM role that can only read its own bucket prefix.", "MLSEC03-BP01"),
    ],
)
def test_a_practice_said_done_stays_implemented(mapping: AnswerMapping, question_id: str, text: str, bp: str) -> None:
    assert mapping.predict(question_id, text)[bp] is BPStatus.IMPLEMENTED
