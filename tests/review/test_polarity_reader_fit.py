"""The shipped reader of the sentence (app/review/polarity_reader.json) is what eval/fit_polarity_reader.py fits on the
dev rows and sentences it records (FITTED_BEFORE, SENTENCES): a refit is reproducible, and weights edited by hand or
left stale after a change to the mapper's reading of clauses or to the training text fail here. The examples depend on
the mapper (which clauses it reads as evidence about which practice), so a mapper change may move a weight a little
without failing."""

from __future__ import annotations

import json
from types import ModuleType, SimpleNamespace

import numpy as np
import pytest
from support.eval_scripts import eval_script

from app.review.embedding_mapper import MappingConfig
from app.review.polarity_reader import READER_FILE, PolarityReader
from app.services import AnswerMapping

pytestmark = pytest.mark.integration


def _fit_script() -> ModuleType:
    return eval_script("fit_polarity_reader")


def test_the_shipped_reader_is_the_fit_on_the_recorded_rows_and_sentences(mapping: AnswerMapping) -> None:
    fit = _fit_script()
    with fit.reader_off(mapping) as off:
        refit, _, y, ids = fit.build(off)
    shipped = PolarityReader.from_json(json.loads(READER_FILE.read_text()))
    assert not any(i.startswith("revd-19") or i.startswith("revd-20") for i in ids)  # the blind batch judges it
    assert shipped.fitted_on == refit.fitted_on
    assert shipped.threshold == refit.threshold == fit.THRESHOLD
    assert shipped.model == refit.model
    assert np.abs(shipped.weights - refit.weights).max() < 0.02
    assert shipped.bias == pytest.approx(refit.bias, abs=0.02)
    assert 0 < y.mean() < 1


def test_reader_off_switches_the_reader_back_on_when_the_fit_is_done_or_fails() -> None:
    fit = _fit_script()
    mapping = SimpleNamespace(embedding=SimpleNamespace(config=MappingConfig(0.4, 0.6, 0.05, polarity_reader=True)))
    with fit.reader_off(mapping) as off:
        assert off.embedding.config.polarity_reader is False
    assert mapping.embedding.config.polarity_reader is True
    with pytest.raises(RuntimeError), fit.reader_off(mapping):
        raise RuntimeError("a fit that fails")
    assert mapping.embedding.config == MappingConfig(0.4, 0.6, 0.05, polarity_reader=True)


def test_the_kept_examples_are_dev_text_of_the_rows_fitted_on() -> None:
    """The examples an earlier clause cut gave (eval/polarity_reader/kept_examples.jsonl) are words of the answers of
    dev rows the reader is fitted on, never of the blind batch, an unseen set or a held-out row."""
    fit = _fit_script()
    answers = {str(r["id"]): str(r["answer"]).lower() for r in fit.fitted_rows(fit.read_jsonl(fit.DEV))}
    kept = fit.read_jsonl(fit.KEPT)
    assert kept
    for example in kept:
        assert str(example["text"]).lower() in answers[str(example["row"])], example
        assert isinstance(example["done"], bool)


def test_a_kept_example_the_mapper_gives_again_is_not_counted_twice() -> None:
    fit = _fit_script()
    kept = fit.read_jsonl(fit.KEPT)
    again = [(str(kept[0]["text"]), 1 if kept[0]["done"] else 0, str(kept[0]["row"]))]
    assert again[0] not in fit.kept_examples(again)
    assert len(fit.kept_examples(again)) == len(kept) - 1
