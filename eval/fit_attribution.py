"""Fit the learned attribution (app/review/attribution.npz): per question of the lens, a multinomial logistic regression
over a clause's MiniLM embedding whose classes are the question's practices ("which practice is this sentence about").

Training examples, from the project's own text only:
- the clauses of the development review rows fitted on (FITTED_BEFORE: the rows before the newest blind batch, which
  is kept out so that it judges the attribution) whose row speaks definitely (implemented, partially or not
  implemented) of one or two practices: each clause that states no fact about the workload is about that practice,
  or, with two, about the one whose lens references it is closer to (the row's `cannot_determine` practices are the
  other classes, its negatives);
- the lens's own sentences of each practice: title, desired outcome, implementation step titles and step sentences
  (links stripped), and the interview's label, signals and gaps.
The unseen sets (tests/review/data/unseen/) never train it: they judge it. Held-out rows are never read.

    .venv/bin/python eval/fit_attribution.py             # fit and write the npz
    .venv/bin/python eval/fit_attribution.py --validate  # cross-validated dev figures per margin, leaving out whole
                                                         # writer batches (revd-000…099, revd-100…199, …)
    .venv/bin/python eval/fit_attribution.py --check     # fit and compare with the shipped npz, write nothing

Deterministic: the examples are read in file and lens order, the embedder is the project's ONNX export, the solver is
lbfgs. About a minute on 2 quiet cores (mostly embedding); tests/review/test_attribution_fit.py refits and compares
with the shipped weights.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.evaluation.review import score_rows, summarise  # noqa: E402
from app.review.attribution import ATTRIBUTION_FILE, PracticeAttribution, QuestionAttribution  # noqa: E402
from app.review.concepts import in_lens_words  # noqa: E402
from app.review.cues import is_injection, split_clauses  # noqa: E402
from app.review.facts import stated_facts  # noqa: E402
from app.review.models import BPStatus  # noqa: E402
from app.services import AnswerMapping, build_answer_mapping  # noqa: E402
from app.settings import Settings  # noqa: E402

DEV = ROOT / "eval" / "review" / "dev.jsonl"
# The dev rows fitted on: revd-001 … revd-2799. revd-2800 … (the blind batch of 2026-12-02) judges the attribution.
FITTED_BEFORE = 2800
C = 1.0  # inverse L2 strength (strong: the vectors have norm 1); chosen by --validate (docs/review-mapping.md)
# The first practice's probability must lead the second's by this much; chosen by --validate, leaving out whole
# writer batches of dev rows (docs/review-mapping.md, nineteenth not-applicable round).
MARGIN = 0.4
# The reader of the sentence's done-probability a clause needs; chosen by --validate like MARGIN.
READING = 0.0
DEFINITE = {str(BPStatus.IMPLEMENTED), str(BPStatus.PARTIALLY_IMPLEMENTED), str(BPStatus.NOT_IMPLEMENTED)}
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclasses.dataclass(frozen=True)
class Example:
    question_id: str
    text: str  # what is embedded (a clause's topic in lens words, or a lens sentence)
    bp_id: str
    source: str  # the dev row's id, or "lens"


def row_number(row_id: str) -> int | None:
    match = re.fullmatch(r"revd-(\d+)", row_id)
    return int(match.group(1)) if match else None


def fitted_rows(path: Path = DEV) -> list[dict[str, Any]]:
    """The dev rows fitted on (ids before FITTED_BEFORE), in file order; the blind batch is never returned."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [r for r in rows if (n := row_number(str(r["id"]))) is not None and n < FITTED_BEFORE]


def batch_of(row_id: str) -> int:
    """A writer batch: revd-000…099 is 0, revd-100…199 is 1, … (rows were written and added a hundred at a time)."""
    number = row_number(row_id)
    return -1 if number is None else number // 100


def lens_sentences(mapping: AnswerMapping) -> list[Example]:
    out: list[Example] = []
    for question in mapping.lens.questions:
        content = mapping.interview.content(question)
        for bp in question.best_practices:
            texts = [bp.title, bp.desired_outcome]
            for step in bp.steps:
                texts.append(step.title)
                texts += [s for s in _SENTENCE_END.split(_LINK.sub(r"\1", step.text)) if 4 <= len(s.split()) <= 60]
            practice = content.practices.get(bp.id)
            if practice is not None:
                texts += [practice.label, *practice.signals, *practice.gaps]
            out += [Example(question.id, " ".join(t.split()), bp.id, "lens") for t in texts if t and t.strip()]
    return out


def dev_examples(mapping: AnswerMapping, rows: Iterable[dict[str, Any]]) -> list[Example]:
    """Clauses of dev rows that speak definitely of one or two practices (see the module's docstring)."""
    questions = {q.id: q for q in mapping.lens.questions}
    pending: list[tuple[dict[str, Any], list[str], list[str]]] = []
    for row in rows:
        definite = [bp for bp, status in row["expected"].items() if status in DEFINITE]
        if not 1 <= len(definite) <= 2 or row.get("picks"):
            continue
        clauses = [c for c in split_clauses(row["answer"]) if not is_injection(c.text) and not stated_facts(c.text)]
        topics = [in_lens_words(c.topic) for c in clauses if c.topic.strip()]
        if topics:
            pending.append((row, definite, topics))
    out: list[Example] = []
    embedder = mapping.embedding.embedder
    for row, definite, topics in pending:
        question = questions[row["question_id"]]
        if len(definite) == 1:
            out += [Example(question.id, t, definite[0], row["id"]) for t in topics]
            continue
        refs = mapping.embedding._references(question, mapping.interview.content(question))
        sims = embedder.embed(topics) @ refs.vectors.T
        for topic, row_sims in zip(topics, sims, strict=True):
            best = max(definite, key=lambda bp: float(row_sims[refs.bp_index == refs.bp_ids.index(bp)].max()))
            out.append(Example(question.id, topic, best, row["id"]))
    return out


def embed_all(mapping: AnswerMapping, examples: list[Example]) -> NDArray[np.float32]:
    unique = sorted({e.text for e in examples})
    vectors = mapping.embedding.embedder.embed(unique)
    index = {t: n for n, t in enumerate(unique)}
    return np.asarray(vectors[[index[e.text] for e in examples]], dtype=np.float32)


def fit(
    mapping: AnswerMapping,
    examples: list[Example],
    x: NDArray[np.float32],
    c: float = C,
    margin: float = MARGIN,
    reading: float = READING,
) -> PracticeAttribution:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    questions: dict[str, QuestionAttribution] = {}
    for question in mapping.lens.questions:
        bp_ids = tuple(bp.id for bp in question.best_practices)
        if len(bp_ids) < 2:
            continue  # one practice: nothing to choose between
        picked = [n for n, e in enumerate(examples) if e.question_id == question.id]
        y = np.asarray([bp_ids.index(examples[n].bp_id) for n in picked])
        model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(x[picked], y)
        weights = np.zeros((len(bp_ids), x.shape[1]), dtype=np.float32)
        bias = np.full(len(bp_ids), -1e3, dtype=np.float32)  # a practice with no example is never chosen
        classes = [int(k) for k in model.classes_]
        if len(classes) == 2:  # sklearn keeps one row for two classes: the second's log-odds against the first
            weights[classes[1]], bias[classes[1]] = model.coef_[0], model.intercept_[0]
            weights[classes[0]], bias[classes[0]] = 0.0, 0.0
        else:
            for k, cls in enumerate(classes):
                weights[cls], bias[cls] = model.coef_[k], model.intercept_[k]
        questions[question.id] = QuestionAttribution(bp_ids, weights, bias)
    return PracticeAttribution(
        model=mapping.embedding.embedder.name,
        margin=margin,
        reading=reading,
        questions=questions,
        fitted_on={
            "dev_rows_before": f"revd-{FITTED_BEFORE}",
            "dev_clauses": sum(e.source != "lens" for e in examples),
            "lens_sentences": sum(e.source == "lens" for e in examples),
            "C": c,
            "margin": margin,
            "reading": reading,
        },
    )


def build(mapping: AnswerMapping, c: float = C, margin: float = MARGIN) -> tuple[PracticeAttribution, list[Example]]:
    examples = dev_examples(mapping, fitted_rows()) + lens_sentences(mapping)
    return fit(mapping, examples, embed_all(mapping, examples), c, margin), examples


def validate(mapping: AnswerMapping, c: float, margins: list[float], readings: list[float]) -> None:
    """Dev figures with each dev row mapped by an attribution fitted without its writer batch, per margin and reader's
    bar (and without the attribution), over every dev row fitted on."""
    rows = fitted_rows()
    examples = dev_examples(mapping, rows) + lens_sentences(mapping)
    x = embed_all(mapping, examples)
    mapper = mapping.embedding

    def predict(row: dict[str, Any]) -> dict[str, BPStatus]:
        return mapping.predict(row["question_id"], row["answer"], row.get("picks"))

    mapper.attribution = None
    base = {s.row_id: s for s in score_rows(rows, predict)}
    folds: dict[int, PracticeAttribution] = {}
    for batch in sorted({batch_of(r["id"]) for r in rows}):
        keep = [n for n, e in enumerate(examples) if e.source == "lens" or batch_of(e.source) != batch]
        folds[batch] = fit(mapping, [examples[n] for n in keep], x[keep], c, 0.0, 0.0)
    changed: dict[str, Any] = {}
    for row in rows:
        mapper.attribution = folds[batch_of(row["id"])]
        scored = score_rows([row], predict)[0]
        if scored.predicted != base[row["id"]].predicted:
            changed[row["id"]] = row
    report: dict[str, Any] = {"C": c, "rows_changed_at_margin_0": len(changed), "margins": {}}
    settings = [(m, r) for m in margins for r in readings]
    for setting in [None, *settings]:
        scored_all = dict(base)
        if setting is not None:
            for row_id, row in changed.items():
                mapper.attribution = dataclasses.replace(folds[batch_of(row_id)], margin=setting[0], reading=setting[1])
                scored_all[row_id] = score_rows([row], predict)[0]
        summary = summarise(scored_all[r["id"]] for r in rows)
        overall = summary["overall"]
        report["margins"]["none" if setting is None else f"margin {setting[0]}, reading {setting[1]}"] = {
            "accuracy": overall["accuracy"],
            "macro_f1": overall["macro_f1"],
            "negated_as_implemented": overall["negated_as_implemented"],
            "invented_on_unmentioned": overall["invented_on_unmentioned"],
            "not_applicable_macro_f1": summary["not_applicable_macro_f1"],
            "not_applicable_micro_f1": summary["not_applicable_micro_f1"],
        }
    print(json.dumps(report, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate", action="store_true", help="cross-validated dev figures per margin")
    parser.add_argument("--check", action="store_true", help="compare a fit with the shipped npz; write nothing")
    parser.add_argument("--c", type=float, default=C, help="inverse L2 strength (with --validate)")
    parser.add_argument("--margins", default="0.1,0.2,0.3,0.4,0.5", help="margins to validate (comma-separated)")
    parser.add_argument("--readings", default="0,0.35,0.5", help="reader's bars to validate (comma-separated)")
    args = parser.parse_args()
    mapping = build_answer_mapping(Settings(), llm=False)
    if args.validate:
        margins = [float(m) for m in args.margins.split(",")]
        validate(mapping, args.c, margins, [float(r) for r in args.readings.split(",")])
        return
    attribution, examples = build(mapping)
    if args.check:
        shipped = PracticeAttribution.load()
        worst = max(
            float(np.abs(shipped.questions[q].weights - attribution.questions[q].weights).max())
            for q in attribution.questions
        )
        print(json.dumps({"same_record": shipped.fitted_on == attribution.fitted_on, "max_weight_change": worst}))
        return
    attribution.save(ATTRIBUTION_FILE)
    print(json.dumps(attribution.fitted_on))


if __name__ == "__main__":
    main()
