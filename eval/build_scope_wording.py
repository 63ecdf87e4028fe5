"""Build the scope gate's practitioner wording (app/retrieval/scope_wording.npz): how practitioners say the lens's
practices in plain words, embedded once here so that the server does not embed them at start-up.

    .venv/bin/python eval/build_scope_wording.py

The source is the interview wording of the lens (prompts/interview/*.yaml: question titles, openings and follow-ups,
and every practice's label, follow-up, signals and gaps), the same plain-language lens text the domain classifier
counts as lens text (eval/build_scope_classifier.py, `lens_texts()["interview"]`). No eval row is in it.

The eleventh round's terse rule (docs/scope-gate.md) reads the mean cosine of a terse question's three nearest lines:
"restore last week's version in minutes" reads like "We can roll back to the previous model version in minutes",
while lens passages are long formal text a four-word question is far from. Deterministic (sorted, deduplicated lines,
the project's ONNX embedder); vectors are stored as float16 next to the texts and the embedder's name (no pickle).
tests/retrieval/test_scope_wording.py checks that the file matches the interview files, so editing them without a
rebuild fails CI.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]

from build_scope_classifier import embed, lens_texts  # noqa: E402

from app.retrieval.scope import WORDING_FILE  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    texts = lens_texts()["interview"]
    vectors = embed(texts)
    from app.retrieval.embedder import MODEL_NAME

    np.savez_compressed(
        WORDING_FILE, vectors=vectors.astype(np.float16), texts=np.array(texts), embedder=np.array(MODEL_NAME)
    )
    took = time.perf_counter() - started
    print(f"{len(texts)} lines embedded in {took:.1f}s; written {WORDING_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
