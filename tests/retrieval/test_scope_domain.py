"""The scope gate's domain classifier (app/retrieval/scope_domain.json): plain JSON for the bundled model's
dimension, loaded only for that model, and separating lens questions from other text with the real embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.knowledge import KnowledgeBase, make_embedder
from app.retrieval.embedder import MODEL_NAME
from app.retrieval.onnx_embedder import OnnxEmbedder
from app.retrieval.scope import (
    DOMAIN_FILE,
    NEUTRAL_DOMAIN,
    DomainClassifier,
    RulesGate,
    ScopeGate,
    load_domain_classifier,
    load_gate,
    load_learned_gate,
)
from app.settings import Settings


def test_the_classifier_is_plain_json_for_the_bundled_model_and_its_dimension() -> None:
    data = json.loads(DOMAIN_FILE.read_text(encoding="utf-8"))
    classifier = load_domain_classifier(MODEL_NAME, OnnxEmbedder.dimension)
    assert classifier is not None and classifier.dimension == OnnxEmbedder.dimension == data["dimension"]
    assert any(w != 0.0 for w in classifier.weights)
    sizes = data["corpus_sizes"]
    assert sizes["lens_sentences"] > 1000 and sizes["aws_services"] > 1000 and sizes["ml_libraries"] > 1000
    assert data["trained"] and data["sources"]["out_of_domain"]
    assert load_domain_classifier("hash", OnnxEmbedder.dimension) is None  # another model's vectors
    assert load_domain_classifier(MODEL_NAME, 128) is None


def test_a_broken_classifier_file_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "domain.json"
    path.write_text(json.dumps({"embedder": MODEL_NAME, "bias": 0.0, "weights": []}), encoding="utf-8")
    assert load_domain_classifier(MODEL_NAME, 384, path) is None
    assert load_domain_classifier(MODEL_NAME, 384, tmp_path / "missing.json") is None
    with pytest.raises(ValueError, match="dimensions"):
        DomainClassifier(MODEL_NAME, (1.0, 2.0), 0.0).probability([1.0, 2.0, 3.0])


def test_the_logistic_gate_ships_with_the_classifier_and_the_rules_without_it() -> None:
    assert isinstance(load_learned_gate(MODEL_NAME), ScopeGate)
    assert load_gate(MODEL_NAME, 0.3) == load_learned_gate(MODEL_NAME)
    assert load_gate(MODEL_NAME, 0.3, domain=False) == RulesGate()


LENS_LIKE = [
    "Who should approve a retrained model before it replaces the one serving customers?",
    "How do we trace which dataset version produced the model behind our fraud endpoint?",
    "Our inference bill doubled after launch; how do we right-size the GPU instances behind the endpoint?",
    "How do we detect that the input data in production has drifted away from what the model was trained on?",
]
OTHER = [
    "How do I rotate the TLS certificate on my application load balancer?",
    "How do I connect my office network to a VPC over a site-to-site VPN?",
    "Derive the gradient of the cross-entropy loss with respect to the logits.",
    "What is the difference between L1 and L2 regularization in a linear model?",
    "What's a good recipe for banana bread?",
]


def test_the_classifier_separates_lens_questions_from_other_text(full_settings: Settings) -> None:
    embedder = make_embedder(full_settings)
    classifier = load_domain_classifier(embedder.name, embedder.dimension)
    assert classifier is not None
    lens = [classifier.probability(v.tolist()) for v in embedder.embed(LENS_LIKE)]
    other = [classifier.probability(v.tolist()) for v in embedder.embed(OTHER)]
    assert min(lens) > 0.5 > max(other), (lens, other)


def test_the_retriever_reports_the_classifier_signal(full_kb: KnowledgeBase) -> None:
    lens = full_kb.retriever.search(LENS_LIKE[0]).scope_signals["domain"]
    other = full_kb.retriever.search(OTHER[0]).scope_signals["domain"]
    assert lens > 0.5 > other and NEUTRAL_DOMAIN not in (lens, other)
