"""Build the scope gate's out-of-domain topics (app/retrieval/scope_topics.npz): more topics the ML Lens does not
cover, embedded once here so that the server neither embeds them at start-up nor needs an index rebuild.

    .venv/bin/python eval/build_scope_topics.py

Two sources, neither of them eval rows:
- the hand-written domains of corpus/retrieval/out-of-domain-topics.txt (general AWS, infrastructure, web and app
  operations, data engineering without ML, ML theory and coursework, consumer topics);
- one line per AWS service that is not an ML or AI service (botocore's service models; the same ML_SERVICE rule as
  eval/build_scope_classifier.py): its full name and the first sentence of its documentation that does not speak of
  machine learning, e.g. "Amazon Route 53: Amazon Route 53 is a highly available and scalable DNS web service.".
  Product data: the breadth of what AWS questions can be about, written by nobody for this eval.

The `margin` signal is the best lens similarity minus the best similarity to any of these topics or to the index's
anchors (corpus/retrieval/out-of-domain.txt). Deterministic (sorted services, the project's ONNX embedder); vectors are
stored as float16 next to the texts and the embedder's name (no pickle). tests/retrieval/test_scope_topics.py checks
that the file matches the hand-written lines, so editing them without a rebuild fails CI.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]

from build_scope_classifier import ML_SENTENCE, aws_service_models, embed, sentences_of  # noqa: E402

from app.retrieval.scope import TOPICS_FILE, TOPICS_TEXT, read_topic_lines  # noqa: E402


def service_topics() -> list[str]:
    """'<service full name>: <first sentence of its documentation>' for every non-ML AWS service in botocore."""
    found: list[str] = []
    for service, model in aws_service_models():
        name = str(model.get("metadata", {}).get("serviceFullName") or service)
        first = next((s for s in sentences_of(model.get("documentation", "")) if not ML_SENTENCE.search(s)), None)
        found.append(f"{name}: {first}" if first else name)
    return list(dict.fromkeys(found))


def main() -> None:
    started = time.perf_counter()
    hand = read_topic_lines(ROOT / "corpus" / TOPICS_TEXT)
    services = service_topics()
    texts = hand + services
    vectors = embed(texts)
    from app.retrieval.embedder import MODEL_NAME

    np.savez_compressed(
        TOPICS_FILE,
        vectors=vectors.astype(np.float16),
        texts=np.array(texts),
        hand_written=np.array(len(hand)),
        embedder=np.array(MODEL_NAME),
    )
    print(
        f"{len(hand)} hand-written topics + {len(services)} AWS services embedded in "
        f"{time.perf_counter() - started:.1f}s; written {TOPICS_FILE.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
