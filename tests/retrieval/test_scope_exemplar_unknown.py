"""A missing exemplar signal is unknown, not 0 (docs/scope-gate.md, "Session 18 (jb18)"): without exemplars (no
exemplar file, or none of one class) the logistic gate reads the `exemplar` signal at its fitted mean, as the
telegraphic rule reads the signals a terse question has no room for. Read as 0 it sat far below the mean and the gate
refused more."""

from __future__ import annotations

import dataclasses

import numpy as np

from app.retrieval.embedder import MODEL_NAME
from app.retrieval.onnx_embedder import OnnxEmbedder
from app.retrieval.scope import FEATURES, ScopeExemplars, ScopeGate, signals_of

EXEMPLAR = FEATURES.index("exemplar")


def _signals(exemplar: float | None):  # type: ignore[no-untyped-def]
    text = "how do we monitor drift on our fraud model in production?"
    base = signals_of(text, text.split(), dense=0.5, anchor=0.3, best_bm25=6.0, known_tokens=6)
    return dataclasses.replace(base, exemplar=exemplar)


def test_an_unknown_exemplar_signal_is_read_at_the_gate_s_fitted_mean() -> None:
    gate = ScopeGate.load()
    mean = gate.means[EXEMPLAR]
    assert mean > 0.0 and gate.weights[EXEMPLAR] > 0.0  # so 0 would read as evidence against scope
    assert gate.probability(_signals(None)) == gate.probability(_signals(mean))
    assert gate.probability(_signals(None)) > gate.probability(_signals(0.0))


def test_exemplars_lacking_a_class_give_no_signal_and_an_unknown_one_is_left_out_of_the_reported_signals() -> None:
    empty = ScopeExemplars(MODEL_NAME, np.zeros((0, OnnxEmbedder.dimension), np.float32), np.zeros(0, bool), (), ())
    assert empty.signal(np.ones(OnnxEmbedder.dimension, np.float32)) is None
    signals = _signals(None)
    assert "exemplar" not in signals.as_dict()
    assert signals.vector()[EXEMPLAR] == 0.0


def test_the_refusal_report_reads_the_gate_s_own_terms_with_an_unknown_exemplar_at_its_mean() -> None:
    from eval.scope_refusals import pulls_of

    gate = ScopeGate.load()
    unknown, at_mean = _signals(None), _signals(gate.means[EXEMPLAR])
    assert dict(pulls_of(gate, unknown))["exemplar"] == 0.0
    assert pulls_of(gate, unknown) == pulls_of(gate, at_mean)
    z = gate.bias + sum(term for _, term in pulls_of(gate, unknown))
    assert abs(1.0 / (1.0 + np.exp(-z)) - gate.probability(unknown)) < 1e-12
