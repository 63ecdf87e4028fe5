"""Polarity candidates of the fifteenth round, measured against main's mapper (docs/review-mapping.md): a non-linear
reader of the sentence and the lens's anti-patterns as a reading against "implemented".

- `--cv`: leave one block of rows out (as `eval/fit_polarity_reader.py --validate`) over the reader's own training
  clauses: the shipped logistic regression against two-layer readers (scikit-learn's MLPClassifier, lbfgs, balanced
  sample weights, one hidden layer); for each, the AUC and, at the thresholds that withhold the same share of done
  examples as the logistic reader's 0.35 (not done) and `FIRM_READING` (firm), the share of not-done ones withheld.
- otherwise: the mapper's figures on the dev split (accuracy, macro-F1, negated practices proposed as implemented,
  unmentioned given a status, not-applicable macro-F1, practices labelled implemented and proposed so) and on every
  sentence set of tests/review/data/unseen/ (not done / done proposed as implemented), for main and each variant:
  `mlp:HIDDEN:ALPHA:NOT_DONE:FIRM` (a two-layer reader fitted on the same clauses, with its two thresholds),
  `firm:FIRM` (the shipped reader, another firm threshold), `anti:MARGIN` (a clause naming no tool is no firm evidence
  when one of the practice's own lens anti-patterns, other than one denying the practice's action, is at least as
  close to it as its closest doer reference less MARGIN).

    .venv/bin/python eval/reader_variants.py --cv [--mlp 32:10 ...]
    .venv/bin/python eval/reader_variants.py [--variant mlp:32:10:0.333:0.543 --variant anti:0 ...]

Held-out rows are never read. The sentence sets judge; nothing here is fitted on them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import fit_polarity_reader as fit  # noqa: E402
import polarity_ablation as ablation  # noqa: E402

from app.evaluation.review import score_rows, summarise  # noqa: E402
from app.review.concepts import in_lens_words  # noqa: E402
from app.review.cues import names_a_tool  # noqa: E402
from app.review.embedding_mapper import FIRM_READING, EmbeddingMapper, _References  # noqa: E402
from app.services import AnswerMapping, build_answer_mapping  # noqa: E402
from app.settings import Settings  # noqa: E402

# An anti-pattern that denies the practice's own action sits as close to doing it as to not doing it (ninth round).
_DENYING = re.compile(r"^(?:not|no|failing|lacking|neglecting|ignoring|without)\b", re.IGNORECASE)


class TwoLayerReader:
    """The reader's interface (`doing`, `threshold`) over one tanh hidden layer."""

    def __init__(self, x: NDArray[np.float32], y: NDArray[np.int64], hidden: int, alpha: float) -> None:
        from sklearn.neural_network import MLPClassifier  # type: ignore[import-untyped]

        weight = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
        model = MLPClassifier(
            hidden_layer_sizes=(hidden,), activation="tanh", alpha=alpha, solver="lbfgs", max_iter=400, random_state=0
        ).fit(x, y, sample_weight=weight)
        self.layers = [(np.asarray(w), np.asarray(b)) for w, b in zip(model.coefs_, model.intercepts_, strict=True)]
        self.threshold = fit.THRESHOLD

    def probabilities(self, x: NDArray[np.float32]) -> NDArray[np.float64]:
        (w1, b1), (w2, b2) = self.layers
        z = np.tanh(x @ w1 + b1) @ w2 + b2
        return np.asarray(1 / (1 + np.exp(-z.ravel())), dtype=np.float64)

    def doing(self, vector: NDArray[np.float32]) -> float:
        return float(self.probabilities(vector[None, :])[0])


class AntiPatternMapper(EmbeddingMapper):
    """Main's mapper, but a clause naming no tool is not read as doing a practice when one of the practice's own lens
    anti-patterns is at least as close to it as its closest doer reference less `anti_margin`."""

    anti_margin = 0.0
    anti_vectors: dict[str, NDArray[np.float32]]

    def _reads_as_doing(self, row: NDArray[np.float32], refs: _References, bp: int, text: str) -> bool:
        doing = super()._reads_as_doing(row, refs, bp, text)
        if not doing or names_a_tool(text):
            return doing
        anti = self.anti_vectors.get(refs.bp_ids[bp])
        if anti is None or not len(anti):
            return True
        vector = self.embedder.embed([in_lens_words(text)])[0]
        doers = np.flatnonzero((refs.bp_index == bp) & ~refs.is_gap)
        return float((anti @ vector).max()) < float(row[doers].max()) - self.anti_margin


def training_examples(mapping: AnswerMapping) -> tuple[NDArray[np.float32], NDArray[np.int64], list[str]]:
    with fit.reader_off(mapping) as off:
        _, x, y, ids = fit.build(off)
    return x, y, ids


def out_of_block(x: NDArray[np.float32], y: NDArray[np.int64], ids: list[str], mlp: tuple[int, float] | None) -> Any:
    blocks = np.asarray([fit._block(i) for i in ids])
    p = np.zeros(len(y))
    for block in sorted(set(blocks)):
        held = blocks == block
        if mlp is None:
            weights, bias = fit.fit(x[~held], y[~held])
            p[held] = 1 / (1 + np.exp(-(x[held] @ weights + bias)))
        else:
            p[held] = TwoLayerReader(x[~held], y[~held], *mlp).probabilities(x[held])
    return p


def cross_validate(mapping: AnswerMapping, variants: list[tuple[int, float]]) -> None:
    from sklearn.metrics import roc_auc_score

    x, y, ids = training_examples(mapping)
    base = out_of_block(x, y, ids, None)
    cuts = (fit.THRESHOLD, FIRM_READING)
    done_share = [float((base[y == 1] < t).mean()) for t in cuts]
    caught = [float((base[y == 0] < t).mean()) for t in cuts]
    print(
        f"{len(y)} examples ({int(y.sum())} done); logistic: AUC {roc_auc_score(y, base):.3f}, done withheld at"
        f" {cuts[0]} / {cuts[1]}: {done_share[0]:.3f} / {done_share[1]:.3f}, not done withheld {caught[0]:.3f} /"
        f" {caught[1]:.3f}"
    )
    for hidden, alpha in variants:
        p = out_of_block(x, y, ids, (hidden, alpha))
        matched = [float(np.quantile(p[y == 1], share)) for share in done_share]
        withheld = [float((p[y == 0] < t).mean()) for t in matched]
        print(
            f"two-layer {hidden} tanh, alpha {alpha}: AUC {roc_auc_score(y, p):.3f}; at {matched[0]:.3f} /"
            f" {matched[1]:.3f} (same done withheld) not done withheld {withheld[0]:.3f} / {withheld[1]:.3f}"
        )


def figures(mapping: AnswerMapping, label: str) -> dict[str, Any]:
    dev = ablation.read_rows(ROOT / ablation.FILES["dev"])
    mapping.embedding._cache.clear()
    summary = summarise(
        score_rows(dev, lambda r: mapping.predict(r["question_id"], r.get("answer", ""), r.get("picks")))
    )
    overall = summary["overall"]
    out: dict[str, Any] = {
        "variant": label,
        "accuracy": overall["accuracy"],
        "macro_f1": overall["macro_f1"],
        "negated_as_implemented": overall["negated_as_implemented"],
        "unmentioned": overall["invented_on_unmentioned"],
        "not_applicable_macro_f1": summary["not_applicable_macro_f1"],
        "implemented_kept": summary["confusion"].get("implemented", {}).get("implemented", 0),
        "unseen": {},
    }
    for path in sorted(ablation.UNSEEN.glob("*.jsonl")):
        rows = ablation.read_rows(path)
        if all("practice" in r and "done" in r for r in rows):
            f = ablation.unseen_figures(rows, ablation.predict_all(mapping, rows))
            out["unseen"][path.stem] = {
                "not_done": f"{f['not_done_as_implemented']}/{f['not_done']}",
                "done": f"{f['done_as_implemented']}/{f['done']}",
                "not_done_ids": f["ids"],
            }
    print(json.dumps(out), flush=True)
    return out


def anti_patterns(mapping: AnswerMapping) -> dict[str, NDArray[np.float32]]:
    out = {}
    for pillar in mapping.lens.pillars:
        for question in pillar.questions:
            for bp in question.best_practices:
                texts = [t for t in bp.anti_patterns if not _DENYING.match(t)]
                if texts:
                    out[bp.id] = mapping.embedding.embedder.embed(texts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="leave-one-block-out comparison of the readers only")
    parser.add_argument("--mlp", action="append", default=[], metavar="HIDDEN:ALPHA", help="two-layer reader (--cv)")
    parser.add_argument("--variant", action="append", default=[], help="mlp:H:A:NOT_DONE:FIRM, firm:F or anti:M")
    parser.add_argument("--no-main", action="store_true", help="skip main's figures")
    args = parser.parse_args()

    mapping = build_answer_mapping(Settings(), llm=False)
    mapping.embedding.embedder = ablation.MemoEmbedder(mapping.embedding.embedder)
    if args.cv:
        variants = [(int(h), float(a)) for h, a in (v.split(":") for v in args.mlp or ["32:10"])]
        cross_validate(mapping, variants)
        return
    if not args.no_main:
        figures(mapping, "main")
    shipped_reader, shipped_config = mapping.embedding.reader, mapping.embedding.config
    for variant in args.variant:
        kind, *values = variant.split(":")
        mapping.embedding.reader, mapping.embedding.config = shipped_reader, shipped_config
        if kind == "mlp":
            x, y, _ = training_examples(mapping)
            reader = TwoLayerReader(x, y, int(values[0]), float(values[1]))
            reader.threshold = float(values[2])
            mapping.embedding.reader = reader  # type: ignore[assignment]
            mapping.embedding.config = dataclasses.replace(shipped_config, firm_reading=float(values[3]))
        elif kind == "firm":
            mapping.embedding.config = dataclasses.replace(shipped_config, firm_reading=float(values[0]))
        elif kind == "anti":
            mapping.embedding.__class__ = AntiPatternMapper
            assert isinstance(mapping.embedding, AntiPatternMapper)
            mapping.embedding.anti_vectors = anti_patterns(mapping)
            mapping.embedding.anti_margin = float(values[0])
        else:
            parser.error(f"unknown variant {variant}")
        figures(mapping, variant)
        mapping.embedding.__class__ = EmbeddingMapper


if __name__ == "__main__":
    main()
