"""The scope gate's out-of-domain topics (app/retrieval/scope_topics.npz): built from the hand-written domains and the
non-ML AWS services, kept in step with the text file, loaded only for the bundled model, and lowering the margin of
questions about other AWS services with the real embedder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.knowledge import KnowledgeBase
from app.retrieval.embedder import MODEL_NAME
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.onnx_embedder import OnnxEmbedder
from app.retrieval.scope import TOPICS_TEXT, TopicAnchors, load_topic_anchors, read_topic_lines
from app.settings import ROOT


def test_the_topics_file_matches_the_hand_written_domains_and_names_no_ml_service() -> None:
    topics = load_topic_anchors(MODEL_NAME, OnnxEmbedder.dimension)
    assert topics is not None
    hand = read_topic_lines(ROOT / "corpus" / TOPICS_TEXT)
    # editing corpus/retrieval/out-of-domain-topics.txt without `python eval/build_scope_topics.py` fails here
    assert list(topics.texts[: topics.hand_written]) == hand
    services = topics.texts[topics.hand_written :]
    assert len(services) > 300 and any(t.startswith("Amazon Route 53") for t in services)
    assert not [t for t in services if "SageMaker" in t.split(":")[0] or "Bedrock" in t.split(":")[0]]
    norms = np.linalg.norm(topics.vectors, axis=1)
    assert topics.vectors.shape == (len(topics.texts), OnnxEmbedder.dimension)
    assert np.allclose(norms, 1.0, atol=1e-2)


def test_topics_of_another_model_or_a_broken_file_are_not_used(tmp_path: Path) -> None:
    assert load_topic_anchors("hash", OnnxEmbedder.dimension) is None
    assert load_topic_anchors(MODEL_NAME, 128) is None
    assert load_topic_anchors(MODEL_NAME, 384, tmp_path / "missing.npz") is None
    broken = tmp_path / "broken.npz"
    np.savez(broken, vectors=np.zeros((2, 384), np.float16), texts=np.array(["one"]), hand_written=1, embedder="x")
    assert load_topic_anchors("x", 384, broken) is None  # two vectors for one text
    with pytest.raises(ValueError):
        TopicAnchors.load(broken)


def test_the_topics_lower_the_margin_of_questions_about_other_services(full_kb: KnowledgeBase) -> None:
    retriever = full_kb.retriever
    assert retriever.topics is not None
    without = HybridRetriever(
        full_kb.lens,
        retriever._index,
        retriever.embedder,
        retriever.threshold,
        topics=TopicAnchors(MODEL_NAME, (), 0, np.zeros((0, OnnxEmbedder.dimension), np.float32)),
    )
    lens = "How do we detect that the input data in production has drifted away from what the model was trained on?"
    for other in (
        "How do I restore a shared file system from last week's backup?",
        "How do I send a text message to customers when their parcel ships?",
    ):
        with_topics, alone = (r.search(other).scope_signals["margin"] for r in (retriever, without))
        assert with_topics < 0 < alone and alone - with_topics > 0.1, (other, with_topics, alone)
    # a lens question stays closer to the lens than to any topic
    assert retriever.search(lens).scope_signals["margin"] > 0.1


ML_ADJACENT = {  # one question per class of ML-adjacent topic the fifth round added (written for this test)
    "theory": "What is the intuition behind the Q-learning update?",
    "library syntax": "How do I reshape a tensor from (32, 3, 224, 224) to a flat vector in PyTorch?",
    "papers": "What did the scaling laws paper say about compute-optimal model size?",
    "careers": "Which bootcamp should I take to become an ML engineer?",
    "prompt writing": "Give me a system prompt that makes my personal chatbot funnier",
    "AI in society": "Is AI going to replace radiologists in ten years?",
    "teaching": "What's a good analogy to explain gradient descent to my kids?",
}


@pytest.mark.parametrize("kind", sorted(ML_ADJACENT))
def test_ml_adjacent_questions_are_nearest_a_hand_written_domain_and_refused(full_kb: KnowledgeBase, kind: str) -> None:
    """ML-adjacent but not about running ML workloads: closer to a hand-written domain than to the lens or to any AWS
    service, and refused by the shipped gate (the previous topics and gate let the AI-in-society question through)."""
    retriever = full_kb.retriever
    topics = retriever.topics
    assert topics is not None
    question = ML_ADJACENT[kind]
    vector = retriever.embedder.embed([question])[0]
    nearest = int(np.argmax(topics.vectors.astype(np.float32) @ vector))
    assert nearest < topics.hand_written, (question, topics.texts[nearest])
    result = retriever.search(question)
    assert result.out_of_scope and result.scope_signals["margin"] < 0.05, (question, result.scope_signals)
