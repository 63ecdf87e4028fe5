"""Fit the learned override detector (app/retrieval/override_model.json): a logistic regression over the question's
MiniLM embedding and the means of windows of its word-piece vectors, "an override attempt" against everything else.

Training texts, from the project's development data and our own text only:
- the development scope rows before the newest blind batch (FITTED_BEFORE: scd-2000 … judges the detector): the
  jailbreaks are override attempts, every other row (infra, ML-adjacent, everyday, in scope) is not;
- the in-scope retrieval questions and the development ask questions: not;
- the development review answers (eval/review/dev.jsonl, answers.jsonl): not, except the deliberate injections
  (eval/override_batches.py, DELIBERATE_INJECTIONS), which are;
- the texts of our own in eval/override_model/texts.jsonl (override attempts and practitioner questions).
Every window of a text that is not an attempt is a negative example too (an attempt's windows are left out: which
window carries the attempt is not known). Never read: the unseen probe sets (eval/probes/*unseen*), held-out rows.

The threshold is a logit MARGIN above the largest score of any in-scope development text (scope rows in scope,
retrieval and ask questions, review answers), so none of them is flagged.

    .venv/bin/python eval/fit_override_model.py             # fit and write the JSON
    .venv/bin/python eval/fit_override_model.py --validate  # also: leave-one-writer-batch-out recall, unseen sets
    .venv/bin/python eval/fit_override_model.py --check     # fit and compare with the shipped JSON, write nothing

Deterministic: texts in file order, the project's ONNX export (one call per text, as a question is embedded), lbfgs.
About a minute on 2 quiet cores (embedding 3,500 texts); tests/retrieval/test_override_model_fit.py refits.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from override_batches import DELIBERATE_INJECTIONS, held_out_evidence  # noqa: E402
from override_batches import batch_of as scope_batch  # noqa: E402

from app.retrieval.override import evidence_of, is_override_attempt  # noqa: E402
from app.retrieval.override_model import (  # noqa: E402
    MODEL_FILE,
    STRIDE,
    WINDOW,
    OverrideModel,
    question_pieces,
    read_by_model,
    window_means,
)

OWN = ROOT / "eval" / "override_model" / "texts.jsonl"
UNSEEN = (ROOT / "eval" / "probes" / "override_unseen.jsonl", ROOT / "eval" / "probes" / "override_unseen_s11.jsonl")
# rows fitted on: scope rows before scd-2000, review answers before revd-2100, ask questions before ask-801 (the blind
# batches of 2026-12-01 15:30 judge the detector)
FITTED_BEFORE = 2000
REVIEW_FITTED_BEFORE = 2100
ASK_FITTED_BEFORE = 801
C = 3.0  # inverse L2 strength: 0.3, 1 and 3 measured by leave-one-writer-batch-out recall (3 best, docs/scope-gate.md)
MARGIN = 1.5  # logits above the largest in-scope development score: the smallest of MARGINS_SHOWN with 0.5 to spare
# over the smallest that flagged no in-scope row of a left-out batch (1.0)
MARGINS_SHOWN = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
IN_SCOPE_GROUPS = frozenset({"scope_in", "retrieval", "ask", "review"})
_NUMBER = re.compile(r"^(scd|revd|ask)-(\d+)$")
_BEFORE = {"scd": FITTED_BEFORE, "revd": REVIEW_FITTED_BEFORE, "ask": ASK_FITTED_BEFORE}


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    attempt: bool
    group: str  # scope_jail, scope_in, scope_out, retrieval, ask, review, review_injection, own


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fitted_row(row_id: str) -> bool:
    """Whether a development row is fitted on (not one of the newest blind batches)."""
    m = _NUMBER.match(row_id)
    return not m or int(m.group(2)) < _BEFORE[m.group(1)]


def examples() -> list[Example]:
    found: list[Example] = []
    for r in read_jsonl(ROOT / "eval" / "scope" / "dev.jsonl"):
        if not fitted_row(str(r["id"])):
            continue
        jail = r.get("category") == "jail"
        group = "scope_jail" if jail else ("scope_in" if r["expected"] else "scope_out")
        found.append(Example(str(r["id"]), str(r["question"]), jail, group))
    for r in read_jsonl(ROOT / "eval" / "retrieval" / "questions.jsonl"):
        if r["expected"]:
            found.append(Example(str(r["id"]), str(r["question"]), False, "retrieval"))
    for r in read_jsonl(ROOT / "eval" / "ask" / "dev.jsonl"):
        if fitted_row(str(r["id"])):
            found.append(Example(str(r["id"]), str(r["question"]), False, "ask"))
    for name in ("answers.jsonl", "dev.jsonl"):
        for r in read_jsonl(ROOT / "eval" / "review" / name):
            if r.get("answer") and fitted_row(str(r["id"])):
                injected = r["id"] in DELIBERATE_INJECTIONS
                found.append(
                    Example(str(r["id"]), str(r["answer"]), injected, "review_injection" if injected else "review")
                )
    for n, r in enumerate(read_jsonl(OWN), 1):
        found.append(Example(f"own-{n:03d}", str(r["text"]), r["label"] == "override", "own"))
    return found


@dataclass
class Vectors:
    pooled: NDArray[np.float32]  # (n, dimension)
    windows: list[NDArray[np.float32] | None]  # each text's window means, when the ask path would have its pieces


def embed(embedder: Any, texts: list[str]) -> Vectors:
    """Each text as the ask path sees a question: embedded alone (the pooled vector), and its word pieces when that
    call kept them (`question_pieces`: at most 64 pieces)."""
    pooled = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    windows: list[NDArray[np.float32] | None] = []
    for n, text in enumerate(texts):
        pooled[n] = embedder.embed([text])[0]
        pieces = question_pieces(embedder, text)
        windows.append(window_means(pieces, WINDOW, STRIDE) if pieces is not None else None)
    return Vectors(pooled, windows)


def design(
    vectors: Vectors, labels: NDArray[np.bool_], rows: NDArray[np.bool_]
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """The training matrix of `rows`: each text's pooled vector, and every window of a text that is no attempt."""
    x = [vectors.pooled[rows]]
    y = [labels[rows].astype(np.int64)]
    for n in np.flatnonzero(rows & ~labels):
        w = vectors.windows[n]
        if w is not None:
            x.append(w)
            y.append(np.zeros(len(w), dtype=np.int64))
    return np.concatenate(x), np.concatenate(y)


def fit(x: NDArray[np.float32], y: NDArray[np.int64]) -> tuple[NDArray[np.float64], float]:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, solver="lbfgs")
    model.fit(x.astype(np.float64), y)
    return model.coef_[0], float(model.intercept_[0])


def read(found: list[Example]) -> NDArray[np.bool_]:
    """The texts the detector reads (MIN_WORDS words or more): only they can set the threshold."""
    return np.asarray([read_by_model(e.text) for e in found])


def logits(vectors: Vectors, weights: NDArray[np.float64], bias: float) -> NDArray[np.float64]:
    out = vectors.pooled.astype(np.float64) @ weights + bias
    for n, w in enumerate(vectors.windows):
        if w is not None:
            out[n] = max(out[n], float((w.astype(np.float64) @ weights).max()) + bias)
    return out


def build(embedder: Any) -> tuple[OverrideModel, list[Example], Vectors]:
    found = examples()
    vectors = embed(embedder, [e.text for e in found])
    return build_from(found, vectors, embedder.name), found, vectors


def build_from(found: list[Example], vectors: Vectors, embedder_name: str) -> OverrideModel:
    labels = np.asarray([e.attempt for e in found])
    x, y = design(vectors, labels, np.ones(len(found), dtype=bool))
    weights, bias = fit(x, y)
    in_scope = np.asarray([e.group in IN_SCOPE_GROUPS for e in found]) & read(found)
    highest = float(logits(vectors, weights, bias)[in_scope].max())
    return OverrideModel(
        model=embedder_name,
        weights=weights.astype(np.float32),
        bias=bias,
        threshold=highest + MARGIN,
        fitted_on={
            "scope_rows": f"eval/scope/dev.jsonl before scd-{FITTED_BEFORE}",
            "texts": f"{OWN.relative_to(ROOT)} ({sum(e.group == 'own' for e in found)})",
            "examples": len(found),
            "attempts": int(labels.sum()),
            "window_examples": int(len(y) - len(found)),
            "in_scope_texts": int(in_scope.sum()),
            "highest_in_scope_logit": round(highest, 4),
            "margin": MARGIN,
            "C": C,
            "class_weight": "balanced",
        },
    )


def batch_of(example: Example) -> str:
    return scope_batch(example.id) if example.group.startswith("scope") else example.group


def validate(found: list[Example], vectors: Vectors, embedder: Any) -> None:
    """Leave one writer batch of scope rows out (its jailbreaks and its other rows), fit on the rest with the threshold
    set as the shipped fit sets it, and read the batch: recall on its jailbreaks, with and without the structural
    checks' verdict, and flags on its in-scope rows. Then the detector fitted on everything on the unseen sets."""
    labels = np.asarray([e.attempt for e in found])
    is_read = read(found)
    in_scope = np.asarray([e.group in IN_SCOPE_GROUPS for e in found]) & is_read
    batches = np.asarray([batch_of(e) for e in found])
    regex = np.asarray([is_override_attempt(e.text) if e.group == "scope_jail" else False for e in found])
    # the structural checks' evidence not read off the row's own batch (eval/override_batches.py, "held out")
    regex_held = np.asarray(
        [
            e.group == "scope_jail" and held_out_evidence(evidence_of(e.text), b)
            for e, b in zip(found, batches, strict=True)
        ]
    )
    print(
        f"{'batch':15s} {'jail':>5s} {'learned':>8s} {'either':>7s} {'held-out either':>16s} {'in-scope flagged':>17s}"
    )
    totals = np.zeros(5, dtype=np.int64)
    sweep = {margin: np.zeros(2, dtype=np.int64) for margin in MARGINS_SHOWN}
    false_flags: list[str] = []
    for batch in sorted({b for b, e in zip(batches, found, strict=True) if e.group == "scope_jail"}):
        held = batches == batch
        x, y = design(vectors, labels, ~held)
        weights, bias = fit(x, y)
        scores = logits(vectors, weights, bias)
        highest = scores[in_scope & ~held].max()
        jail = held & labels
        for margin in MARGINS_SHOWN:
            flagged = (scores > highest + margin) & is_read
            sweep[margin] += [(flagged & jail).sum(), (flagged & held & in_scope).sum()]
        learned = (scores > highest + MARGIN) & is_read
        either = (learned | regex) & jail
        held_either = (learned | regex_held) & jail
        row = np.array(
            [jail.sum(), (learned & jail).sum(), either.sum(), held_either.sum(), (learned & held & in_scope).sum()]
        )
        false_flags += [f"{found[n].id} {found[n].text[:80]!r}" for n in np.flatnonzero(learned & held & in_scope)]
        totals += row
        print(f"{batch:15s} {row[0]:5d} {row[1]:8d} {row[2]:7d} {row[3]:16d} {row[4]:17d}")
    print(f"{'all':15s} {totals[0]:5d} {totals[1]:8d} {totals[2]:7d} {totals[3]:16d} {totals[4]:17d}")
    for text in false_flags:
        print(f"  in scope, flagged when its batch was left out: {text}")
    print("margin over the highest in-scope logit: left-out jailbreaks flagged / in-scope rows of their batch flagged")
    for margin, (hits, wrong) in sweep.items():
        print(f"  {margin:4.1f}: {hits} / {wrong}")
    model = build_from(found, vectors, embedder.name)
    scores = logits(vectors, model.weights.astype(np.float64), model.bias)
    print("highest in-scope texts (they set the threshold):")
    for n in sorted(np.flatnonzero(in_scope), key=lambda n: -scores[n])[:5]:
        print(f"  {scores[n]:6.2f} {found[n].id:10s} {found[n].text[:90]!r}")
    for path in UNSEEN:
        if not path.exists():
            continue
        rows = read_jsonl(path)
        unseen = embed(embedder, [str(r["text"]) for r in rows])
        scores = logits(unseen, model.weights.astype(np.float64), model.bias)
        flagged = (scores > model.threshold) & np.asarray([read_by_model(str(r["text"])) for r in rows])
        for kind in ("attack", "near_miss"):
            which = np.asarray([r["kind"] == kind for r in rows])
            either = flagged | np.asarray([is_override_attempt(str(r["text"])) for r in rows])
            print(
                f"{path.name}: {kind} {which.sum()}: learned {int((flagged & which).sum())},"
                f" either {int((either & which).sum())}"
            )


def serving_embedder() -> Any:
    from app.knowledge import make_embedder
    from app.settings import Settings

    return make_embedder(Settings(late_interaction=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate", action="store_true", help="also print cross-validated figures")
    parser.add_argument("--check", action="store_true", help="compare with the shipped JSON, write nothing")
    args = parser.parse_args()
    embedder = serving_embedder()
    model, found, vectors = build(embedder)
    print(
        f"{len(found)} texts: {model.fitted_on['attempts']} attempts; threshold {model.threshold:.3f}"
        f" (highest in-scope {model.fitted_on['highest_in_scope_logit']:.3f})"
    )
    if args.validate:
        validate(found, vectors, embedder)
    if args.check:
        shipped = OverrideModel.from_json(json.loads(MODEL_FILE.read_text()))
        diff = float(np.abs(shipped.weights - model.weights).max())
        moved = shipped.threshold - model.threshold
        print(f"largest weight difference from the shipped detector: {diff:.2e}; threshold {moved:+.2e}")
        return
    MODEL_FILE.write_text(json.dumps(model.to_json(), indent=0) + "\n")
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
